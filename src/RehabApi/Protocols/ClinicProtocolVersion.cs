namespace RehabApi.Protocols;

/// <summary>A clinic's own published version of a protocol. Append-only: once published, episodes may be
/// pinned to it, so it is never edited; a change is a new version. Versions are numbered per clinic (after the
/// built-in ones): an episode's pin (key, version) names its own clinic's definition.</summary>
public sealed class ClinicProtocolVersion
{
    public required string Key { get; set; }
    public int Version { get; set; }
    public Guid ClinicId { get; set; }

    /// <summary>The whole definition as published (jsonb), its version included.</summary>
    public required string Definition { get; set; }

    public DateTimeOffset PublishedAt { get; set; }

    /// <summary>The clinic-admin API key that published it.</summary>
    public Guid? PublishedByKeyId { get; set; }
}
