using System.ComponentModel.DataAnnotations;
using RehabApi.Security;

namespace RehabApi.Transitions;

/// <param name="Action">advance, regress, hold, resume or withdraw.</param>
/// <param name="ToPhase">For regress: the earlier phase to return to (default: the previous one). For advance: optional, must be the next phase.</param>
/// <param name="Reason">A regress reason or a hold reason code.</param>
public sealed record TransitionRequest(
    [Required] string? Action, string? ToPhase, string? Reason, string? Note, DateTimeOffset? EffectiveAt, OnBehalfOf? OnBehalfOf);
