using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.ReturnToRun;

/// <summary>Where a patient stands on the walk–run ladder of the return-to-impact phase.</summary>
/// <param name="CurrentStep">The step the next session should be.</param>
/// <param name="PainFreeSessionsAtStep">Counted (completed, pain-free, spaced) sessions at the current step since reaching it.</param>
/// <param name="SessionsToMoveUp">How many such sessions move the patient up a step (on the last step: one completes the ladder).</param>
/// <param name="LadderComplete">The last step has been completed without pain, in a counted session.</param>
/// <param name="NextSessionOn">The first date on which a session can count (alternate days; after the rest that follows
/// pain; one a day), or null before the first session.</param>
/// <param name="RestingAfterPain">The latest session hurt, or fell in the rest after one that did: rest, then repeat the previous step.</param>
public sealed record WalkRunProgress(
    WalkRunStepDefinition CurrentStep,
    int PainFreeSessionsAtStep,
    int SessionsToMoveUp,
    bool LadderComplete,
    DateOnly? NextSessionOn,
    bool RestingAfterPain)
{
    /// <summary>Every session replayed, in replay order, with whether it counted and why not.</summary>
    public IReadOnlyList<WalkRunSessionOutcome> Sessions { get; init; } = [];
}
