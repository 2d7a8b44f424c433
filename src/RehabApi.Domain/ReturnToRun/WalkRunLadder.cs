using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.ReturnToRun;

/// <summary>The walk–run ladder of the return-to-impact phase as a pure function of the recorded sessions:
/// alternate days, up a step after enough counted sessions, back a step after pain. The gate, the plan, the timeline
/// and the history all ask it, so there is one definition of which session counts.</summary>
public static class WalkRunLadder
{
    /// <summary>Replays <paramref name="sessions"/> (by date, then effective time, then recording time) over
    /// <paramref name="ladder"/>, and says of each whether it counted and why not (<see cref="WalkRunProgress.Sessions"/>).</summary>
    /// <remarks>
    /// The calendar paces the ladder, so recording more sessions cannot climb it faster. A session counts only if it is
    /// the first of its date, at least <see cref="WalkRunLadderDefinition.MinDaysBetweenSessions"/> days after the
    /// previous counted session, past the rest after pain, completed, without pain, and at the current step.
    /// <see cref="WalkRunLadderDefinition.SessionsToMoveUp"/> counted sessions move the patient up a step; on the last
    /// step a single one completes the ladder.
    /// A painful session always takes effect, whatever its date (pain is never ignored): one step down from the current
    /// step (never below the first), the count restarts, and the next session counts only after the rest.
    /// Sessions after the ladder is complete change nothing: completion is not taken back.
    /// </remarks>
    public static WalkRunProgress Progress(WalkRunLadderDefinition ladder, IEnumerable<WalkRunSessionFact> sessions)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(sessions);
        if (ladder.Steps.Count == 0) throw new ArgumentException("The walk–run ladder has no steps.", nameof(ladder));

        var climb = new WalkRunClimb(ladder);
        var outcomes = sessions.OrderBy(s => s.Date).ThenBy(s => s.EffectiveAt).ThenBy(s => s.RecordedAt)
            .Select(climb.Take)
            .ToList();
        // On the last step one counted session completes the ladder: the patient is told one, not six.
        var needed = climb.Step.Step == ladder.Steps[^1].Step ? 1 : ladder.SessionsToMoveUp;
        return new WalkRunProgress(climb.Step, climb.CountedAtStep, needed, climb.Complete, climb.CountsFrom, climb.Resting)
        {
            Sessions = outcomes,
        };
    }

    /// <summary>Counted sessions that climb the whole ladder: <see cref="WalkRunLadderDefinition.SessionsToMoveUp"/> at
    /// each step but the last, one there (25 in the default).</summary>
    public static int SessionsToComplete(WalkRunLadderDefinition ladder) => (ladder.Steps.Count - 1) * ladder.SessionsToMoveUp + 1;

    /// <summary>The earliest date the ladder can be complete, or null once it is: each counted session still needed,
    /// <see cref="WalkRunLadderDefinition.MinDaysBetweenSessions"/> days apart, from the first date the next one can
    /// count (before any session, the day the phase was entered). A fresh default ladder takes (25 − 1) × 2 = 48 days.</summary>
    public static DateOnly? EarliestCompletion(WalkRunLadderDefinition ladder, WalkRunProgress progress, DateOnly phaseEnteredOn)
    {
        if (progress.LadderComplete) return null;
        var steps = ladder.Steps.Select(s => s.Step).Order().ToList();
        var stepsAbove = steps.Count - 1 - steps.IndexOf(progress.CurrentStep.Step);
        // The rest of this step, every step in between, and the one session of the last step.
        var toGo = stepsAbove == 0
            ? 1
            : ladder.SessionsToMoveUp - progress.PainFreeSessionsAtStep + (stepsAbove - 1) * ladder.SessionsToMoveUp + 1;
        return (progress.NextSessionOn ?? phaseEnteredOn).AddDays((toGo - 1) * ladder.MinDaysBetweenSessions);
    }

    /// <summary>What the step asks of the patient, from its data: e.g. "Walk 4 min, run 1 min, 5 times (25 minutes)"
    /// or "Run 30 minutes without stopping".</summary>
    public static string Describe(WalkRunStepDefinition step)
    {
        ArgumentNullException.ThrowIfNull(step);
        if (step.ContinuousRunMinutes is { } continuous) return $"Run {continuous} minutes without stopping";
        if (step is not { WalkMinutes: { } walk, RunMinutes: { } run, Repeats: { } repeats })
            throw new ArgumentException($"Walk–run step {step.Step} needs walk, run and repeats, or a continuous run.", nameof(step));
        var times = repeats == 1 ? "once" : $"{repeats} times";
        return $"Walk {walk} min, run {run} min, {times} ({(walk + run) * repeats} minutes)";
    }
}
