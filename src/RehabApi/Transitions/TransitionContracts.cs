using System.ComponentModel.DataAnnotations;
using RehabApi.Security;

namespace RehabApi.Transitions;

/// <param name="Action">advance, regress, hold, resume or withdraw.</param>
/// <param name="ToPhase">For regress: the earlier phase to return to (default: the previous one). For advance: optional, must be the next phase.</param>
/// <param name="Reason">A regress reason or a hold reason code.</param>
/// <param name="NonWeightBearingSince">Only when a physician lifts a surgical referral on protocol version 2: the date the
/// patient is off the leg from again (for example the day of fixation), from the day the referral began to the resume's
/// date; default the resume's date. The episode returns to non-weight-bearing, evidence before that date no longer
/// counts, and every time rule counts from it.</param>
public sealed record TransitionRequest(
    [Required] string? Action, string? ToPhase, string? Reason, string? Note, DateTimeOffset? EffectiveAt, OnBehalfOf? OnBehalfOf,
    DateOnly? NonWeightBearingSince = null);
