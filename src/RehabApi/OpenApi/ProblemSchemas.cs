using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RehabApi.Infrastructure;

namespace RehabApi.OpenApi;

/// <summary>The problem+json shapes as they are on the wire (RFC 9457, API.md "Errors"): every problem carries a
/// traceId, and extension members (errors, unmet, phase, nextPhase) are allowed, which the generated schemas of
/// ASP.NET Core's ProblemDetails types forbid. An operation that can answer a blocked advance (409 with unmet)
/// can also answer a plain conflict (a closed episode): its 409 is one or the other, told apart by type
/// (TransitionConflictProblem, with a discriminator).</summary>
internal sealed class ProblemSchemas : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        if (schemas is null) return Task.CompletedTask;
        schemas["ProblemDetails"] = Problem("An error (RFC 9457). Extension members may follow.");
        schemas["HttpValidationProblemDetails"] = Problem("Invalid input: each field at fault with its messages. Nothing was written.", withErrors: true);
        // A transition's 409 is one of two shapes told apart by type. They are written as a base problem with a
        // discriminator and two shapes derived from it (allOf), rather than a oneOf: generators such as Kiota then
        // give the 409 one typed error whose gate-blocked form carries unmet (a oneOf of errors gets no type at all).
        var conflict = Problem("A transition's conflict: a blocked advance (type gate-blocked, with phase, nextPhase and unmet: " +
            "see GateBlockedProblem) or a conflict with the episode's state, such as a change to a closed episode (ConflictProblem).");
        ((OpenApiSchema)conflict.Properties!["type"]).Enum = [JsonValue.Create(Problems.GateBlockedType), JsonValue.Create(Problems.ConflictType)];
        conflict.Discriminator = new OpenApiDiscriminator
        {
            PropertyName = "type",
            Mapping = new Dictionary<string, OpenApiSchemaReference>
            {
                [Problems.GateBlockedType] = new("GateBlockedProblem", document),
                [Problems.ConflictType] = new("ConflictProblem", document),
            },
        };
        schemas["TransitionConflictProblem"] = conflict;
        schemas["ConflictProblem"] = new OpenApiSchema
        {
            Description = "A conflict with the episode's state, such as a change to a closed episode.",
            AllOf = [new OpenApiSchemaReference("TransitionConflictProblem", document), new OpenApiSchema { Type = JsonSchemaType.Object }],
        };
        if (schemas.TryGetValue("GateBlockedProblem", out var gate) && gate is OpenApiSchema gateBlocked)
        {
            string[] own = ["phase", "nextPhase", "unmet"];
            schemas["GateBlockedProblem"] = new OpenApiSchema
            {
                Description = "A blocked advance: what is still unmet at the gate out of phase.",
                AllOf =
                [
                    new OpenApiSchemaReference("TransitionConflictProblem", document),
                    new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Required = new HashSet<string>(own),
                        Properties = own.Where(name => gateBlocked.Properties?.ContainsKey(name) == true)
                            .ToDictionary(name => name, name => gateBlocked.Properties![name]),
                    },
                ],
            };
        }

        foreach (var media in document.Paths.Values
                     .SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
                     .SelectMany(operation => operation.Responses ?? [])
                     .Where(response => response.Key == "409")
                     .SelectMany(response => response.Value.Content?.Values ?? []))
        {
            if (media.Schema is not OpenApiSchemaReference { Reference.Id: "GateBlockedProblem" }) continue;
            media.Schema = new OpenApiSchemaReference("TransitionConflictProblem", document);
        }
        return Task.CompletedTask;
    }

    private static OpenApiSchema Problem(string description, bool withErrors = false, string? type = null)
    {
        var schema = new OpenApiSchema
        {
            Description = description,
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "type", "title", "status", "detail", "traceId" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A URI naming the kind of problem." },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong in this request, in words." },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The W3C trace id of the request, as in the logs." },
            },
        };
        if (type is not null) ((OpenApiSchema)schema.Properties["type"]).Enum = [JsonValue.Create(type)];
        if (withErrors)
        {
            schema.Required.Add("errors");
            schema.Properties["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field name (camelCase, dotted for nested fields, \"body\" for the body as a whole) → messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }
        return schema;
    }
}
