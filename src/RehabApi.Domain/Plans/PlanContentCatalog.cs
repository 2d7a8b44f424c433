using System.Text.Json;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Plans;

/// <summary>The patient-facing plan content that ships with RehabApi, read once from the
/// <c>*.plan.json</c> files embedded in this assembly, one per protocol key.</summary>
public static class PlanContentCatalog
{
    private const string ResourcePrefix = "RehabApi.Domain.Plans.";
    private const string ResourceSuffix = ".plan.json";

    // Stricter than the protocol options: a text left out of the JSON fails at load, not in a patient's app.
    private static readonly JsonSerializerOptions JsonOptions = new(ProtocolCatalog.JsonOptions)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private static readonly Lazy<IReadOnlyList<PlanContent>> BuiltIn = new(LoadAll);

    /// <summary>All built-in plan content, one per protocol key.</summary>
    public static IReadOnlyList<PlanContent> BuiltInContent => BuiltIn.Value;

    /// <summary>The plan content of a protocol key, or null when none ships with RehabApi.</summary>
    public static PlanContent? Find(string protocolKey) =>
        BuiltIn.Value.FirstOrDefault(c => c.ProtocolKey == protocolKey);

    /// <summary>The plan content of a protocol key; throws when none ships with RehabApi.</summary>
    public static PlanContent For(string protocolKey) =>
        Find(protocolKey) ?? throw new KeyNotFoundException($"No plan content for protocol '{protocolKey}'.");

    private static IReadOnlyList<PlanContent> LoadAll()
    {
        var assembly = typeof(PlanContentCatalog).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(ResourceSuffix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                return JsonSerializer.Deserialize<PlanContent>(stream, JsonOptions)
                    ?? throw new InvalidOperationException($"Embedded plan content {name} is empty.");
            })
            .ToList();
    }
}
