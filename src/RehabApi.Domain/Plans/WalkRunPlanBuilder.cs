using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;

namespace RehabApi.Domain.Plans;

/// <summary>The walk–run part of a patient's plan: the current step in words and the progress at it.</summary>
internal static class WalkRunPlanBuilder
{
    public static WalkRunPlan Build(ProtocolDefinition protocol, PlanContent content, WalkRunProgress progress)
    {
        var text = content.WalkRun;
        var step = progress.CurrentStep;
        var steps = protocol.WalkRun.Steps.Count;
        return new WalkRunPlan(
            step.Step,
            steps,
            PlanText.Fill(text.StepTitle, ("step", PlanText.Number(step.Step)), ("steps", PlanText.Number(steps))),
            Describe(text, step),
            progress.PainFreeSessionsAtStep,
            progress.SessionsToMoveUp,
            PlanText.Fill(text.Progress,
                ("done", PlanText.Number(progress.PainFreeSessionsAtStep)), ("needed", PlanText.Number(progress.SessionsToMoveUp))),
            progress.NextSessionOn,
            progress.NextSessionOn is { } date ? PlanText.Fill(text.NextSession, ("date", PlanText.Date(content, date))) : text.FirstSession,
            progress.RestingAfterPain,
            progress.LadderComplete,
            // Pain outranks completion: a painful last session means resting, whatever came before.
            progress.RestingAfterPain ? text.RestAfterPain : progress.LadderComplete ? text.Complete : null);
    }

    /// <summary>A step in words from its definition: rounds of walking then running, or one continuous run.</summary>
    public static string Describe(WalkRunContent text, WalkRunStepDefinition step) => step switch
    {
        { WalkMinutes: { } walk, RunMinutes: { } run, Repeats: { } repeats } => PlanText.Fill(text.Intervals,
            ("walk", Minutes(text, walk)), ("run", Minutes(text, run)),
            ("repeats", PlanText.Number(repeats)), ("total", Minutes(text, (walk + run) * repeats))),
        { ContinuousRunMinutes: { } run } => PlanText.Fill(text.Continuous, ("run", Minutes(text, run))),
        _ => "",
    };

    private static string Minutes(WalkRunContent text, int minutes) =>
        PlanText.Fill(minutes == 1 ? text.Minute : text.Minutes, ("n", PlanText.Number(minutes)));
}
