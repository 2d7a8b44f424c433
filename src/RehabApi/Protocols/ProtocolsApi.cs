using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Domain.Protocols;
using RehabApi.Infrastructure;

namespace RehabApi.Protocols;

internal static class ProtocolsApi
{
    public static RouteGroupBuilder MapProtocols(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/protocols").WithTags("Protocols");
        group.MapGet("/", ListProtocols).WithName("ListProtocols").WithSummary("The protocol versions episodes can be on");
        group.MapGet("/{key}/versions/{version:int}", GetProtocolVersion)
            .WithName("GetProtocolVersion")
            .WithSummary("One protocol version as data: phases, gates, requirement rules, who may sign what")
            .ProducesProblems(404);
        return group;
    }

    public static Ok<IReadOnlyList<ProtocolSummary>> ListProtocols(ProtocolStore protocols) =>
        TypedResults.Ok<IReadOnlyList<ProtocolSummary>>(
            protocols.All().Select(p => new ProtocolSummary(p.Key, p.Version, p.Title)).ToList());

    public static Results<Ok<ProtocolDefinition>, ProblemHttpResult> GetProtocolVersion(string key, int version, ProtocolStore protocols) =>
        protocols.Find(key, version) is { } protocol
            ? TypedResults.Ok(protocol)
            : TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No protocol {key} version {version}.");
}

public sealed record ProtocolSummary(string Key, int Version, string Title);
