using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RehabApi.OpenApi;

/// <summary>The answers any API operation can give besides its own, with their headers: 503 when the database is
/// unreachable and 429 over the rate limit (both with Retry-After), 400, 413 and 415 for any body that cannot be
/// read, and Location on every 201. Endpoints declare their own answers (ProducesProblems, AllowOnly); these come
/// from middleware every /api request passes through, so they are added here once.</summary>
internal sealed class StandardAnswers : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) != true) return Task.CompletedTask;
        var responses = operation.Responses ??= [];

        Problem(responses, context, StatusCodes.Status503ServiceUnavailable, "The database is unreachable: nothing was written. Retry after Retry-After seconds (a write with the same Idempotency-Key).");
        Problem(responses, context, StatusCodes.Status429TooManyRequests, "This key is over its rate limit. Retry after Retry-After seconds.");
        foreach (var status in new[] { "429", "503" })
            Header(responses[status], "Retry-After", "Seconds to wait before retrying.", new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" });

        // Every query and path value is checked before the endpoint runs (RequestGuard: no control characters).
        Problem(responses, context, StatusCodes.Status400BadRequest, operation.RequestBody is null
            ? "A query or path value is invalid (a control character, or not of its type)."
            : "The body is not valid JSON, has a field of the wrong type or an unknown field, or a value is invalid.", "HttpValidationProblemDetails");
        if (operation.RequestBody is not null)
        {
            Problem(responses, context, StatusCodes.Status413PayloadTooLarge, "The body is over the size limit (Limits:MaxRequestBodyBytes, 64 KiB by default).");
            Problem(responses, context, StatusCodes.Status415UnsupportedMediaType, "The body is not sent as Content-Type: application/json (any application/*+json type is read as JSON too).");
        }

        if (responses.TryGetValue("201", out var created))
            Header(created, "Location", "Where the created resource (or the list it joined) is read.", new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" });
        return Task.CompletedTask;
    }

    private static void Problem(OpenApiResponses responses, OpenApiOperationTransformerContext context, int status, string description, string schema = "ProblemDetails")
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (responses.ContainsKey(key)) return;
        responses[key] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(schema, context.Document) },
            },
        };
    }

    public static void Header(IOpenApiResponse response, string name, string description, OpenApiSchema schema, bool required = true)
    {
        if (response is not OpenApiResponse writable) return;
        writable.Headers ??= new Dictionary<string, IOpenApiHeader>();
        writable.Headers[name] = new OpenApiHeader { Description = description, Required = required, Schema = schema };
    }
}
