using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RehabApi.Idempotency;

/// <summary>Lists the optional Idempotency-Key header on every operation that accepts one.</summary>
internal static class IdempotencyOpenApi
{
    public static void AddIdempotencyKeyDescription(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (!context.Description.ActionDescriptor.EndpointMetadata.OfType<AcceptsIdempotencyKey>().Any()) return Task.CompletedTask;
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.HeaderName,
                In = ParameterLocation.Header,
                Required = false,
                Description = "A unique key (a UUID) that makes this request safe to retry: a repeat with the same key and body " +
                              "from the same API key within 24 hours returns the first successful response, with " +
                              "Idempotent-Replayed: true, and writes nothing; the same key with a different request is refused " +
                              "with 422. Keys are per API key: another API key's use of the same value is unrelated.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = IdempotencyKeys.MaxLength },
            });
            return Task.CompletedTask;
        });
}
