using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Domain.Protocols;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.Protocols;

internal static class ProtocolsApi
{
    public static RouteGroupBuilder MapProtocols(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/protocols").WithTags("Protocols");
        group.MapGet("/", ListProtocols)
            .WithName("ListProtocols")
            .WithSummary("The protocol versions episodes can be on: the built-in ones and the clinic's own")
            .WithDescription("Both built-in versions of hip-bsi (1 and 2) and the clinic's own. currentForNewEpisodes marks the " +
                             "version the clinic's new episodes start on: built-in version 2, unless the clinic published its own. " +
                             "Episodes opened on version 1 keep version 1's rules.");
        group.MapGet("/{key}/versions/{version:int}", GetProtocolVersion)
            .WithName("GetProtocolVersion")
            .WithSummary("One protocol version as data: phases, gates, requirement rules, who may sign what")
            .WithDescription("Version 2 adds mriGrades (the grade/site table of weeks), the imaging holds " +
                             "(imaging.holdOnDisplacement, imaging.holdOnProgression), restarts (which regressions restart the " +
                             "non-weight-bearing start and the injury date), surgicalReferral.neckWidthPercentSites and " +
                             "resumeReturnsToFirstPhase, signersAtHighRiskSites on discharge-approved, and the rules " +
                             "planned-time-before-impact/-discharge, bone-health-assessed, clearance-if-bone-health-score and " +
                             "healing-imaging-at-high-risk-site. Version 1 has none of them.")
            .ProducesProblems(404);
        group.MapGet("/{key}/versions/{version:int}/diagram", GetDiagram)
            .WithName("GetProtocolDiagram")
            .WithSummary("The protocol as a Mermaid state diagram (format=mermaid, text/plain)")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .ProducesProblems(400, 404);
        group.MapPost("/{key}/versions", PublishVersion)
            .WithName("PublishProtocolVersion")
            .WithSummary("Publish the clinic's own version of a protocol; its new episodes start on it")
            .WithDescription("The body is a whole protocol definition, as GET returns one; the server assigns the version. " +
                             "It must keep the safety floors of the newest built-in version (2): the same phases, at least 4 weeks " +
                             "off the leg, imaging and every physician sign-off kept, times only longer (the MRI grade table's " +
                             "too), thresholds only stricter, and version 2's own: bone-health-assessed and " +
                             "healing-confirmed-before-impact, discharge by a physician at high-risk sites, the imaging holds " +
                             "(surgical-referral, imaging-progression), the clock restarts and the neck-width rule. " +
                             "Every other field is compared with the built-in version and may differ only to make it stricter: times " +
                             "only longer (and bounded: weeks ≤ 52, days ≤ 365), thresholds only stricter, every sign-off, site, " +
                             "unit and observation range kept, roles never added (fewer only where a physician still decides), " +
                             "more sign-offs and a longer, gentler walk–run ladder allowed; 400 names each field that differs otherwise. " +
                             "Episodes already open stay on the version they started on.")
            .AllowOnly(AccessPolicies.ClinicAdmin)
            .ProducesProblems(400, 403, 404);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ProtocolSummary>>> ListProtocols(ProtocolStore protocols, CancellationToken ct) =>
        TypedResults.Ok(await protocols.ListVisibleAsync(ct));

    public static async Task<Results<Ok<ProtocolDefinition>, ProblemHttpResult>> GetProtocolVersion(
        string key, int version, ProtocolStore protocols, CancellationToken ct) =>
        await protocols.FindVisibleAsync(key, version, ct) is { } protocol ? TypedResults.Ok(protocol) : NotFound(key, version);

    public static async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> GetDiagram(
        string key, int version, ProtocolStore protocols, CancellationToken ct, string? format = null)
    {
        if ((format ?? DiagramFormats.Mermaid) != DiagramFormats.Mermaid)
            return Problems.Validation(new Dictionary<string, string[]> { ["format"] = [$"'{format}' is not a known format; use: {DiagramFormats.Mermaid}."] });
        return await protocols.FindVisibleAsync(key, version, ct) is { } protocol
            ? TypedResults.Text(ProtocolDiagram.Mermaid(protocol), "text/plain; charset=utf-8")
            : NotFound(key, version);
    }

    public static async Task<Results<Created<ProtocolDefinition>, ValidationProblem, ProblemHttpResult>> PublishVersion(
        string key, ProtocolDefinition definition, ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        // A clinic varies a protocol that ships with the service; the built-in one is its safety floor.
        var floor = ProtocolCatalog.BuiltInProtocols.Where(p => p.Key == key).MaxBy(p => p.Version);
        if (floor is null) return Problems.NotFound($"No built-in protocol {key} to vary.");

        var errors = new ValidationErrors();
        foreach (var (field, message) in ProtocolSafety.Check(definition, floor)) errors.Add(field, message);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var published = await protocols.PublishAsync(definition, time.GetUtcNow(), ct);
        return TypedResults.Created($"/api/v1/protocols/{published.Key}/versions/{published.Version}", published);
    }

    private static ProblemHttpResult NotFound(string key, int version) =>
        Problems.NotFound($"No protocol {key} version {version}.");
}
