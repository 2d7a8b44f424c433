using System.Collections;
using System.Text.Json.Serialization.Metadata;

namespace RehabApi.Infrastructure;

/// <summary>Checks each object of a request body once it has been read, for what the serializer would otherwise hand
/// to code (and PostgreSQL) as it came: a null in a field not annotated nullable (a protocol definition's, say), a null
/// element of an array or value of a map (riskFactors[1]: no request carries a list with holes), and text that is not
/// <see cref="PlainText"/>, wherever it is. One rule in one place rather than a check in each handler; a modifier rather
/// than a string converter, which would hide the type of every string from the OpenAPI document.</summary>
internal static class JsonBodyGuard
{
    /// <summary>A <see cref="IJsonTypeInfoResolver"/> modifier for the HTTP JSON options.</summary>
    public static void Modify(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object) return;
        // Only what a body can set: computed, get-only properties are written in answers and never read.
        var read = type.Properties
            .Where(p => p.Get is not null && (p.Set is not null || p.AssociatedParameter is not null) && !p.PropertyType.IsValueType)
            .ToArray();
        if (read.Length == 0) return;

        var earlier = type.OnDeserialized;
        type.OnDeserialized = value =>
        {
            earlier?.Invoke(value);
            foreach (var property in read)
            {
                var field = property.Get!(value);
                if (field is null && !property.IsSetNullable)
                    throw new JsonFieldException("is required and may not be null.", property.Name);
                if (FirstProblem(field, property.Name) is var (path, problem))
                    throw new JsonFieldException(problem, path);
            }
        };
    }

    /// <summary>The first text that is not plain, or null inside a collection, in <paramref name="value"/>; objects are
    /// checked by their own <see cref="JsonTypeInfo.OnDeserialized"/>.</summary>
    private static (string Path, string Problem)? FirstProblem(object? value, string path)
    {
        switch (value)
        {
            case string text:
                return PlainText.Problem(text) is { } problem ? (path, problem) : null;
            case IDictionary map:
                foreach (DictionaryEntry entry in map)
                {
                    var at = $"{path}.{entry.Key}";
                    if ((FirstProblem(entry.Key, at) ?? Element(entry.Value, at)) is { } found) return found;
                }
                return null;
            case IEnumerable items:
                var index = 0;
                foreach (var item in items)
                    if (Element(item, $"{path}[{index++}]") is { } found) return found;
                return null;
            default:
                return null;
        }
    }

    private static (string Path, string Problem)? Element(object? item, string path) =>
        item is null ? (path, "may not be null.") : FirstProblem(item, path);
}
