using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.ReturnToRun;

/// <summary>The walk–run ladder of the return-to-impact phase as a pure function of the recorded sessions:
/// alternate days, up a step after enough pain-free sessions, back a step after pain.</summary>
public static class WalkRunLadder
{
    /// <summary>Replays <paramref name="sessions"/> (by date, then effective time) over <paramref name="ladder"/>.</summary>
    /// <remarks>
    /// A completed pain-free session at the current step counts one; <see cref="WalkRunLadderDefinition.SessionsToMoveUp"/>
    /// of them move the patient up a step, and on the last step a single one completes the ladder.
    /// A session with pain sends the patient back one step from the current step (never below the first),
    /// resets the count and asks for <see cref="WalkRunLadderDefinition.RestDaysAfterPain"/> rest days.
    /// A session neither completed nor painful does not count and resets nothing.
    /// Sessions after the ladder is complete are ignored: completion is not taken back.
    /// </remarks>
    public static WalkRunProgress Progress(WalkRunLadderDefinition ladder, IEnumerable<WalkRunSessionFact> sessions)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        ArgumentNullException.ThrowIfNull(sessions);
        if (ladder.Steps.Count == 0) throw new ArgumentException("The walk–run ladder has no steps.", nameof(ladder));

        var steps = ladder.Steps.OrderBy(s => s.Step).ToList();
        var index = 0;
        var count = 0;
        var complete = false;
        var resting = false;
        DateOnly? next = null;

        foreach (var session in sessions.OrderBy(s => s.Date).ThenBy(s => s.EffectiveAt))
        {
            if (complete) break;
            resting = false;
            next = session.Date.AddDays(ladder.MinDaysBetweenSessions);

            if (session.Pain)
            {
                // Pain counts whatever step was run: the patient was at the current step, so that is what drops back.
                index = Math.Max(0, index - 1);
                count = 0;
                resting = true;
                // Rest days first, then the session after them.
                next = session.Date.AddDays(ladder.RestDaysAfterPain + 1);
                continue;
            }

            // An incomplete session or one at another step (ahead or behind) is no evidence the current step is
            // tolerated, so it does not count; it is not a failure either, so it resets nothing.
            if (!session.Completed || session.Step != steps[index].Step) continue;

            count++;
            if (index == steps.Count - 1) complete = true;
            else if (count >= ladder.SessionsToMoveUp)
            {
                index++;
                count = 0;
            }
        }

        return new WalkRunProgress(steps[index], count, ladder.SessionsToMoveUp, complete, next, resting);
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
