using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RehabApi.OpenApi;

namespace RehabApi.Idempotency;

/// <summary>Lists the optional Idempotency-Key header on every operation that accepts one, and the
/// Idempotent-Replayed header of a replayed success.</summary>
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
            foreach (var (_, success) in operation.Responses?.Where(r => r.Key.StartsWith('2')) ?? [])
                StandardAnswers.Header(success, IdempotencyKeys.ReplayedHeaderName,
                    "\"true\" when this is the stored answer to an earlier request with the same Idempotency-Key: nothing was written now.",
                    new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("true")] }, required: false);
            return Task.CompletedTask;
        });
}
