using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace RehabApi.Tests.Infrastructure;

/// <summary>The served OpenAPI document as a checker of real exchanges: does this request and its answer
/// match what the document says of that operation? Schemas are evaluated by JsonSchema.Net (draft 2020-12,
/// the dialect of OpenAPI 3.1), independently of the generator that wrote the document. Each check returns
/// the violations it found, in words; none means the exchange is in the contract.</summary>
public sealed class OpenApiContract
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonObject paths;
    private readonly JsonObject definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> schemas = new();

    public OpenApiContract(JsonObject document)
    {
        Document = document;
        paths = document["paths"]!.AsObject();
        // Components become the $defs of every schema checked, so that their $refs resolve in one document.
        definitions = (JsonObject)Rewrite(document["components"]?["schemas"] ?? new JsonObject());
    }

    public JsonObject Document { get; }

    /// <summary>The operation that answers <paramref name="method"/> on <paramref name="path"/>: found, or the path
    /// is documented without that method, or the path is not documented at all.</summary>
    public (string? Template, JsonObject? Operation) Find(HttpMethod method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var template = paths
            .Select(p => p.Key)
            .Where(t => Matches(t.Trim('/').Split('/'), segments))
            // A literal segment beats a parameter (/episodes/{id} against a fixed path beside it).
            .OrderByDescending(t => t.Split('/').Count(s => !s.StartsWith('{')))
            .FirstOrDefault();
        if (template is null) return (null, null);
        return (template, paths[template]![method.Method.ToLowerInvariant()]?.AsObject());
    }

    private static bool Matches(string[] template, string[] segments) =>
        template.Length == segments.Length
        && template.Zip(segments).All(pair => pair.First.StartsWith('{')
            ? pair.Second.Length > 0
            : string.Equals(pair.First, pair.Second, StringComparison.OrdinalIgnoreCase));

    /// <summary>Query parameters, header parameters and the body of a request against its operation.</summary>
    public IEnumerable<string> CheckRequest(JsonObject operation, HttpRequestMessage request, string? body)
    {
        var parameters = (operation["parameters"]?.AsArray() ?? []).Select(p => p!.AsObject()).ToList();
        var query = ParseQuery(request.RequestUri!);
        foreach (var (name, value) in query)
        {
            var parameter = parameters.FirstOrDefault(p => (string?)p["in"] == "query" && (string?)p["name"] == name);
            if (parameter is null) yield return $"query parameter '{name}' is not documented";
            else foreach (var error in CheckParameterValue(parameter, value)) yield return $"query parameter '{name}': {error}";
        }
        foreach (var parameter in parameters.Where(p => (bool?)p["required"] == true))
        {
            var name = (string)parameter["name"]!;
            var present = (string?)parameter["in"] switch
            {
                "query" => query.Any(q => q.Name == name),
                "header" => request.Headers.Contains(name),
                _ => true,
            };
            if (!present) yield return $"required {parameter["in"]} parameter '{name}' is missing";
        }
        foreach (var parameter in parameters.Where(p => (string?)p["in"] == "header"))
        {
            var name = (string)parameter["name"]!;
            if (request.Headers.TryGetValues(name, out var values))
                foreach (var error in CheckParameterValue(parameter, string.Join(",", values))) yield return $"header '{name}': {error}";
        }

        var requestBody = operation["requestBody"]?.AsObject();
        if (requestBody is null)
        {
            if (!string.IsNullOrEmpty(body)) yield return "a body was sent, but the operation documents none";
            yield break;
        }
        if (string.IsNullOrEmpty(body))
        {
            if ((bool?)requestBody["required"] == true) yield return "the operation requires a body, and none was sent";
            yield break;
        }
        var mediaType = request.Content?.Headers.ContentType?.MediaType;
        var content = requestBody["content"]!.AsObject();
        // The server reads any structured-syntax JSON type (application/merge-patch+json, ...) as JSON; the 415 says so.
        if (mediaType is not null && mediaType.StartsWith("application/", StringComparison.Ordinal) && mediaType.EndsWith("+json", StringComparison.Ordinal))
            mediaType = "application/json";
        if (mediaType is null || !content.ContainsKey(mediaType))
        {
            yield return $"request content type '{mediaType}' is not one of {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        foreach (var error in CheckBody(content[mediaType]!["schema"], mediaType, body)) yield return $"request body {error}";
    }

    /// <summary>A response against its operation: a documented status, its content type, its body, its required headers.</summary>
    public IEnumerable<string> CheckResponse(JsonObject operation, HttpResponseMessage response, string body)
    {
        var status = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        var responses = operation["responses"]!.AsObject();
        var documented = responses[status] ?? responses[$"{status[0]}XX"] ?? responses["default"];
        if (documented is null)
        {
            yield return $"status {status} is not documented (documented: {string.Join(", ", responses.Select(r => r.Key))})";
            yield break;
        }

        foreach (var (name, header) in documented["headers"]?.AsObject() ?? [])
        {
            var values = response.Headers.TryGetValues(name, out var h) ? h
                : response.Content.Headers.TryGetValues(name, out var c) ? c : null;
            if (values is null)
            {
                if ((bool?)header!["required"] == true) yield return $"required header '{name}' is missing";
                continue;
            }
            foreach (var error in CheckParameterValue(header!.AsObject(), string.Join(",", values))) yield return $"header '{name}': {error}";
        }

        var content = documented["content"]?.AsObject();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (body.Length == 0)
        {
            if (content is { Count: > 0 }) yield return $"the body is empty, but the document promises {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        if (content is null || mediaType is null || !content.ContainsKey(mediaType))
        {
            yield return $"content type '{mediaType}' is not documented for {status} (documented: {string.Join(", ", content?.Select(c => c.Key) ?? [])})";
            yield break;
        }
        foreach (var error in CheckBody(content[mediaType]!["schema"], mediaType, body)) yield return $"body {error}";
    }

    /// <summary>A body against a media type's schema: JSON is evaluated, text must be what a string schema allows.</summary>
    public IEnumerable<string> CheckBody(JsonNode? schema, string mediaType, string body)
    {
        if (schema is null) yield break;
        if (!IsJson(mediaType))
        {
            if ((string?)schema["type"] != "string") yield return $"is {mediaType}, but its schema is not a string";
            yield break;
        }
        var (instance, notJson) = Parse(body);
        if (instance is null)
        {
            yield return $"is not JSON: {notJson}";
            yield break;
        }
        using (instance)
            foreach (var error in Evaluate(schema, instance.RootElement)) yield return error;
    }

    private static (JsonDocument? Document, string? Error) Parse(string body)
    {
        try
        {
            // A byte-order mark is allowed before JSON (RFC 8259 lets a reader ignore it), and the server does.
            return (JsonDocument.Parse(body.TrimStart('\uFEFF')), null);
        }
        catch (JsonException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>The schema errors of <paramref name="instance"/>, each with where in the instance it is.</summary>
    public IEnumerable<string> Evaluate(JsonNode schema, JsonElement instance)
    {
        var results = SchemaFor(schema).Evaluate(instance, Evaluation);
        if (results.IsValid) return [];
        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.SchemaLocation}): {e.Key}: {e.Value}"))
            .DefaultIfEmpty("does not match its schema")
            .Distinct()
            .Take(20);
    }

    private JsonSchema SchemaFor(JsonNode schema)
    {
        var text = schema.ToJsonString();
        return schemas.GetOrAdd(text, _ =>
        {
            var root = (JsonObject)Rewrite(schema);
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = definitions.DeepClone();
            // A registry of its own: each checked schema is a separate document with the same $defs.
            var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
            return JsonSchema.Build(JsonSerializer.SerializeToElement(root), options, new Uri($"urn:rehabapi:openapi:{Guid.NewGuid():N}"));
        });
    }

    /// <summary>Header and query values are text: a number schema accepts text that is a number.</summary>
    private IEnumerable<string> CheckParameterValue(JsonObject parameter, string value)
    {
        if (parameter["schema"] is not JsonObject schema) return [];
        var types = schema["type"] switch
        {
            JsonArray many => many.Select(t => (string)t!).ToList(),
            JsonValue one => [(string)one!],
            _ => [],
        };
        JsonElement instance;
        if ((types.Contains("integer") || types.Contains("number")) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            instance = JsonSerializer.SerializeToElement(number);
        else if (types.Contains("boolean") && bool.TryParse(value, out var flag))
            instance = JsonSerializer.SerializeToElement(flag);
        else
            instance = JsonSerializer.SerializeToElement(value);
        return Evaluate(schema, instance);
    }

    private static List<(string Name, string Value)> ParseQuery(Uri uri) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(kv => (Uri.UnescapeDataString(kv[0]), kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : ""))
            .ToList();

    public static bool IsJson(string mediaType) => mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    public static bool IsJson(MediaTypeHeaderValue? contentType) => contentType?.MediaType is { } m && IsJson(m);

    /// <summary>A copy whose component references point into the $defs of the checked schema, without the
    /// annotations OpenAPI adds to JSON Schema (which a 2020-12 evaluator refuses as unknown keywords).</summary>
    private static JsonNode Rewrite(JsonNode node)
    {
        var text = node.ToJsonString().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal);
        var copy = JsonNode.Parse(text)!;
        RemoveOpenApiKeywords(copy);
        return copy;
    }

    private static readonly string[] OpenApiKeywords = ["discriminator", "example", "xml", "externalDocs"];

    private static void RemoveOpenApiKeywords(JsonNode? node, bool isPropertyMap = false)
    {
        if (node is JsonArray array)
            foreach (var item in array) RemoveOpenApiKeywords(item);
        if (node is not JsonObject schema) return;
        // Under "properties" (and $defs) the keys are names, not keywords.
        if (!isPropertyMap)
            foreach (var keyword in OpenApiKeywords) schema.Remove(keyword);
        foreach (var (key, value) in schema.ToList())
            RemoveOpenApiKeywords(value, !isPropertyMap && key is "properties" or "$defs" or "patternProperties" or "dependentSchemas");
    }
}
