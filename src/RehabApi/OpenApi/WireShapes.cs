using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RehabApi.OpenApi;

/// <summary>Which properties are required and which may be null, as they are on the wire.
/// <para>Answers: every property is written, null included (HttpSetup), so every property of an answer is
/// required, and nullable where its C# type is.</para>
/// <para>Requests: the DTOs type every field nullable so that handlers can say what is missing in a 400. A field is
/// required when the server refuses a request without it: marked <see cref="RequiredAttribute"/> where the handler's
/// validation requires it (<c>errors.Required</c>; nothing reads the attribute at run time but this), or required by
/// the JSON contract itself (a <c>required</c> member, a non-nullable record parameter). A required field may not be
/// null; any other may be left out or sent as null.</para>
/// <para>A type that is both (a protocol definition) is described as a request: its answers carry every field anyway.</para></summary>
internal sealed class WireShapes(IApiDescriptionGroupCollectionProvider endpoints, IOptions<JsonOptions> json) : IOpenApiSchemaTransformer
{
    private HashSet<Type>? requestTypes;

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo;
        // An object's schema, whether it comes alone or as the schema of a property holding it.
        if (type.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return Task.CompletedTask;

        requestTypes ??= RequestTypes();
        var isRequest = requestTypes.Contains(type.Type);
        schema.Required = new HashSet<string>();
        foreach (var property in type.Properties)
        {
            if (!schema.Properties.TryGetValue(property.Name, out var propertySchema)) continue;
            if (propertySchema is OpenApiSchema dateTime && IsDateTimeOffset(property.PropertyType))
                // StrictDateTimeOffsetConverter hides the string from the schema exporter, which keeps only the format.
                dateTime.Type = JsonSchemaType.String | (property.PropertyType == typeof(DateTimeOffset?) ? JsonSchemaType.Null : 0);
            if (property.Set is null && property.AssociatedParameter is null && propertySchema is OpenApiSchema computed)
                computed.ReadOnly = true;   // computed from the others: written in answers, ignored in requests

            if (!isRequest)
            {
                schema.Required.Add(property.Name);
            }
            else if (IsMarkedRequired(property))
            {
                schema.Required.Add(property.Name);
                schema.Properties[property.Name] = NotNull(propertySchema);
            }
            else if (property.IsRequired || property.AssociatedParameter is { HasDefaultValue: false, IsNullable: false })
            {
                schema.Required.Add(property.Name);
            }
        }
        return Task.CompletedTask;
    }

    private static bool IsDateTimeOffset(Type type) => type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?);

    private static bool IsMarkedRequired(JsonPropertyInfo property) =>
        property.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true
        || property.AssociatedParameter?.AttributeProvider?.IsDefined(typeof(RequiredAttribute), inherit: true) == true;

    /// <summary>The schema without its null: <c>["null", "string"]</c> becomes <c>"string"</c>, and a
    /// <c>oneOf</c> of null and a reference becomes the reference.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchema inline) return schema;
        if (inline.OneOf is { Count: 2 } oneOf && oneOf.FirstOrDefault(s => s.Type != JsonSchemaType.Null) is { } other) return other;
        if (inline.Type is { } types) inline.Type = types & ~JsonSchemaType.Null;
        return inline;
    }

    /// <summary>The types of request bodies, and every object type inside them (OnBehalfOf, a protocol's phases …).</summary>
    private HashSet<Type> RequestTypes()
    {
        var options = json.Value.SerializerOptions;
        var pending = new Queue<Type>(endpoints.ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .SelectMany(endpoint => endpoint.ParameterDescriptions)
            .Where(parameter => parameter.Source == BindingSource.Body)
            .Select(parameter => parameter.Type));
        var found = new HashSet<Type>();
        while (pending.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            var info = options.GetTypeInfo(type);
            if (info.Kind == JsonTypeInfoKind.Object && found.Add(type))
                foreach (var property in info.Properties) pending.Enqueue(property.PropertyType);
            else if (info.ElementType is { } element && info.Kind != JsonTypeInfoKind.Object)
                pending.Enqueue(element);
        }
        return found;
    }
}
