using RehabApi.Domain.Protocols;

namespace RehabApi.Protocols;

/// <summary>Finds the protocol an episode is pinned to. Today only the built-in versions exist;
/// clinic-published versions will be looked up here too.</summary>
public sealed class ProtocolStore
{
    public ProtocolDefinition ForNewEpisode() => ProtocolCatalog.Default;

    public ProtocolDefinition Get(string key, int version) =>
        ProtocolCatalog.Find(key, version)
        ?? throw new InvalidOperationException($"Protocol {key} v{version} is referenced by an episode but not known.");

    public IReadOnlyList<ProtocolDefinition> All() => ProtocolCatalog.BuiltInProtocols;

    public ProtocolDefinition? Find(string key, int version) => ProtocolCatalog.Find(key, version);
}
