using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RehabApi.OpenApi;

/// <summary>The document's description and its server. ASP.NET Core takes the server from the request's host with a
/// trailing slash, which would double the slash before every path (linters report it): it is left off.</summary>
internal sealed class DocumentInfo : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info ??= new OpenApiInfo();
        document.Info.Title = "RehabApi";
        document.Info.Description =
            "Rehabilitation of hip and pelvic bone stress injuries: patients, episodes and their phases, the evidence that opens " +
            "each gate, and the patient's plan. Every /api request carries X-Api-Key.\n\n" +
            "Answers write every property, null included: a property the schema lists is always present. Codes are " +
            "kebab-case strings, times ISO 8601 UTC, dates yyyy-MM-dd. Errors are application/problem+json (RFC 9457) with a " +
            "traceId. A method that a path does not list answers 405 with an Allow header.";
        foreach (var server in document.Servers ?? [])
            if (server.Url is { Length: > 1 } url) server.Url = url.TrimEnd('/');
        return Task.CompletedTask;
    }
}
