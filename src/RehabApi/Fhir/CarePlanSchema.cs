using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RehabApi.Fhir;

/// <summary>A CarePlan is an open FHIR resource (subject, period, activities, extensions …): the schema names the
/// members a client dispatches on and lets the rest through, rather than forbidding what every body carries.</summary>
internal sealed class CarePlanSchema : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(CarePlanDocument)) return Task.CompletedTask;
        schema.AdditionalPropertiesAllowed = true;
        schema.AdditionalProperties = null;
        Enumerate(schema, "resourceType", "CarePlan");
        Enumerate(schema, "intent", "plan");
        Enumerate(schema, "status", "active", "on-hold", "completed", "revoked");
        return Task.CompletedTask;
    }

    private static void Enumerate(OpenApiSchema schema, string property, params string[] values)
    {
        if (schema.Properties?.TryGetValue(property, out var member) == true && member is OpenApiSchema inline)
            inline.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
    }
}
