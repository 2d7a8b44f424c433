using RehabApi.Evidence;

namespace RehabApi.Transitions;

/// <summary>One change of an episode's phase or status, kept forever.</summary>
public sealed class Transition : EpisodeRecord
{
    public required string Action { get; set; }
    public string? FromPhase { get; set; }
    public required string ToPhase { get; set; }
    public string? FromStatus { get; set; }
    public required string ToStatus { get; set; }

    /// <summary>The column's length: a withdrawal's reason is the client's own text.</summary>
    public const int ReasonMaxLength = 64;

    /// <summary>Regress reason, hold reason, the hold that a resume lifted, or why the episode was withdrawn.</summary>
    public string? Reason { get; set; }
}
