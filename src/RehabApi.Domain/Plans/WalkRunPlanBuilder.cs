using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;

namespace RehabApi.Domain.Plans;

/// <summary>The walk–run part of a patient's plan: the current step in words, the progress at it, and how the latest
/// sessions were taken.</summary>
internal static class WalkRunPlanBuilder
{
    /// <summary>How many of the latest sessions the plan shows: about two weeks of alternate days.</summary>
    private const int RecentSessions = 6;

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
            PlanText.Fill(step.Step == protocol.WalkRun.Steps[^1].Step ? text.LastStepProgress ?? text.Progress : text.Progress,
                ("done", PlanText.Number(progress.PainFreeSessionsAtStep)), ("needed", PlanText.Number(progress.SessionsToMoveUp))),
            progress.NextSessionOn,
            progress.NextSessionOn is { } date ? PlanText.Fill(text.NextSession, ("date", PlanText.Date(content, date))) : text.FirstSession,
            progress.RestingAfterPain,
            progress.LadderComplete,
            // Pain outranks completion: a painful last session means resting, whatever came before.
            progress.RestingAfterPain ? text.RestAfterPain : progress.LadderComplete ? text.Complete : null,
            progress.Sessions.TakeLast(RecentSessions).Reverse().Select(s => Session(content, s)).ToList());
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

    private static WalkRunPlanSession Session(PlanContent content, WalkRunSessionOutcome outcome)
    {
        var text = content.WalkRun;
        var words = outcome.NotCounted is not { } reason ? text.Counted
            : text.NotCounted.TryGetValue(reason.Code, out var template)
                ? PlanText.Fill(template, ("step", PlanText.Number(outcome.StepAfter)), ("date", PlanText.Date(content, outcome.CountsFrom)))
                // A reason the content does not word: the ladder's own words.
                : reason.Text;
        return new WalkRunPlanSession(outcome.Date, outcome.Step, outcome.Completed, outcome.Pain, outcome.Counted,
            outcome.NotCounted?.Code, words);
    }

    private static string Minutes(WalkRunContent text, int minutes) =>
        PlanText.Fill(minutes == 1 ? text.Minute : text.Minutes, ("n", PlanText.Number(minutes)));
}
