using System.Text.Json;
using System.Text.Json.Serialization;

namespace RehabApi.Domain.Protocols;

/// <summary>The protocols that ship with RehabApi, read once from the JSON embedded in this assembly.</summary>
public static class ProtocolCatalog
{
    public const string DefaultKey = "hip-bsi";

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    // Every version ever shipped stays here: episodes stay pinned to the version they started on.
    private static readonly Lazy<IReadOnlyList<ProtocolDefinition>> BuiltIn = new(() => [Load("hip-bsi.v1.json"), Load("hip-bsi.v2.json")]);

    public static IReadOnlyList<ProtocolDefinition> BuiltInProtocols => BuiltIn.Value;

    /// <summary>The newest built-in version of the default protocol: what new episodes start on.</summary>
    public static ProtocolDefinition Default =>
        BuiltIn.Value.Where(p => p.Key == DefaultKey).MaxBy(p => p.Version)!;

    public static ProtocolDefinition? Find(string key, int version) =>
        BuiltIn.Value.FirstOrDefault(p => p.Key == key && p.Version == version);

    private static ProtocolDefinition Load(string fileName)
    {
        var resource = $"RehabApi.Domain.Protocols.{fileName}";
        using var stream = typeof(ProtocolCatalog).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded protocol {resource} is missing.");
        return JsonSerializer.Deserialize<ProtocolDefinition>(stream, JsonOptions)
            ?? throw new InvalidOperationException($"Embedded protocol {resource} is empty.");
    }
}
