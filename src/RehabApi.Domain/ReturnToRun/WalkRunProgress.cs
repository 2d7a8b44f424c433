using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.ReturnToRun;

/// <summary>Where a patient stands on the walk–run ladder of the return-to-impact phase.</summary>
/// <param name="CurrentStep">The step the next session should be.</param>
/// <param name="PainFreeSessionsAtStep">Completed pain-free sessions at the current step since reaching it.</param>
/// <param name="SessionsToMoveUp">How many such sessions move the patient up a step.</param>
/// <param name="LadderComplete">The last step has been completed without pain.</param>
/// <param name="NextSessionOn">The earliest date of the next session (alternate days; a rest day after pain), or null before the first.</param>
/// <param name="RestingAfterPain">The latest session hurt: rest, then repeat the previous step.</param>
public sealed record WalkRunProgress(
    WalkRunStepDefinition CurrentStep,
    int PainFreeSessionsAtStep,
    int SessionsToMoveUp,
    bool LadderComplete,
    DateOnly? NextSessionOn,
    bool RestingAfterPain);
