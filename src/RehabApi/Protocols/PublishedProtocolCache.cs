using System.Collections.Concurrent;
using System.Text.Json;
using RehabApi.Domain.Protocols;

namespace RehabApi.Protocols;

/// <summary>Parsed clinic-published definitions by (clinic, key, version), shared by every request. Safe to keep for
/// the life of the process, on every instance: a published version is never edited, so an entry cannot go
/// stale. Which version is a clinic's latest is not cached; that is read from the database each time.</summary>
public sealed class PublishedProtocolCache
{
    private readonly ConcurrentDictionary<(Guid ClinicId, string Key, int Version), ProtocolDefinition> definitions = new();

    public bool TryGet(Guid clinicId, string key, int version, out ProtocolDefinition definition) =>
        definitions.TryGetValue((clinicId, key, version), out definition!);

    /// <summary>The definition stored as <paramref name="json"/>, parsed once per process.</summary>
    public ProtocolDefinition GetOrParse(Guid clinicId, string key, int version, string json) =>
        definitions.GetOrAdd((clinicId, key, version), _ => JsonSerializer.Deserialize<ProtocolDefinition>(json, ProtocolCatalog.JsonOptions)
            ?? throw new InvalidOperationException($"Protocol {key} v{version} is stored empty."));
}
