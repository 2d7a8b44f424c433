using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RehabApi.OpenApi;

/// <summary>The episode's ETag and If-Match (API.md): declared on the endpoints that use them, documented here.</summary>
internal sealed class ConditionalRequests : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<AnswersWithETag>().Any() && operation.Responses?.TryGetValue("200", out var ok) == true)
            StandardAnswers.Header(ok, "ETag", "The episode's version as a strong entity tag, e.g. \"3\": send it as If-Match to make a change only if nobody moved the episode since.",
                new OpenApiSchema { Type = JsonSchemaType.String });
        if (metadata.OfType<AcceptsIfMatch>().Any())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = "If-Match",
                In = ParameterLocation.Header,
                Required = false,
                Description = "The ETag of the episode as you last read it (or a comma-separated list of tags, or *): the change is " +
                              "refused with 412 if the episode has changed since.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }
        return Task.CompletedTask;
    }
}

/// <summary>The endpoint's 200 carries the episode's ETag.</summary>
internal sealed class AnswersWithETag;

/// <summary>The endpoint honours If-Match against the episode's ETag (412 when stale).</summary>
internal sealed class AcceptsIfMatch;

internal static class ConditionalRequestMetadata
{
    public static RouteHandlerBuilder AnswersWithETag(this RouteHandlerBuilder route) => route.WithMetadata(new AnswersWithETag());

    public static RouteHandlerBuilder AcceptsIfMatch(this RouteHandlerBuilder route) => route.WithMetadata(new AcceptsIfMatch());
}
