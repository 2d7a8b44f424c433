namespace RehabApi.Protocols;

/// <summary>One protocol version in the list: where it comes from, and whether the caller's clinic's new
/// episodes start on it.</summary>
public sealed record ProtocolSummary(
    string Key, int Version, string Title, string Source, bool CurrentForNewEpisodes, DateTimeOffset? PublishedAt);

public static class ProtocolSources
{
    public const string BuiltIn = "built-in";
    public const string Clinic = "clinic";
}

public static class DiagramFormats
{
    public const string Mermaid = "mermaid";
}
