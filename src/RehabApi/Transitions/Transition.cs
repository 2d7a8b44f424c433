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

    /// <summary>Regress reason, hold reason, or the hold that a resume lifted.</summary>
    public string? Reason { get; set; }
}
