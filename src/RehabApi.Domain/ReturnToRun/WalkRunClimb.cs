using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using static RehabApi.Domain.ReturnToRun.WalkRunReasons;

namespace RehabApi.Domain.ReturnToRun;

/// <summary>One replay of the ladder (<see cref="WalkRunLadder.Progress"/>): takes the sessions in order and judges
/// each against where the patient stood just before it.</summary>
internal sealed class WalkRunClimb(WalkRunLadderDefinition ladder)
{
    private readonly List<WalkRunStepDefinition> steps = ladder.Steps.OrderBy(s => s.Step).ToList();

    /// <summary>After pain the next session counts only after the rest days, and never sooner than alternate days:
    /// the painful session restarts the spacing clock as a counted one would.</summary>
    private readonly int painGap = Math.Max(ladder.MinDaysBetweenSessions, ladder.RestDaysAfterPain + 1);

    private int index;
    private DateOnly? lastSessionOn, lastCountedOn, painOn;

    public WalkRunStepDefinition Step => steps[index];
    public int CountedAtStep { get; private set; }
    public bool Complete { get; private set; }

    /// <summary>The latest session hurt, or fell in the rest after pain.</summary>
    public bool Resting { get; private set; }

    /// <summary>The first date a session can count: alternate days from the last counted session, after the rest that
    /// follows pain, and never a second time on one date; null before the first session.</summary>
    public DateOnly? CountsFrom => lastSessionOn is { } last
        ? new[] { last.AddDays(1), lastCountedOn?.AddDays(ladder.MinDaysBetweenSessions), painOn?.AddDays(painGap) }.Max()
        : null;

    public WalkRunSessionOutcome Take(WalkRunSessionFact session)
    {
        var reason = Complete ? AlreadyComplete(session)
            : session.Pain ? StepDown(session)
            : Unspaced(session) ?? Unfit(session);
        if (reason is null) CountUp(session);
        Resting = reason?.Code is Pain or AfterPain;
        lastSessionOn = session.Date;
        return new WalkRunSessionOutcome(session, reason is null, reason, Step.Step, CountsFrom!.Value);
    }

    private static WalkRunReason AlreadyComplete(WalkRunSessionFact session) => new(LadderComplete, session.Pain
        ? "The ladder was already complete, so this session changes nothing on it; the pain it caused needs a clinician's review."
        : "The ladder was already complete; later sessions change nothing on it.");

    private WalkRunReason StepDown(WalkRunSessionFact session)
    {
        index = Math.Max(0, index - 1);
        CountedAtStep = 0;
        painOn = session.Date;
        return new(Pain, Text($"Pain: back to step {Step.Step} with the count restarted; after rest, the next session can count from {session.Date.AddDays(painGap):yyyy-MM-dd}."));
    }

    /// <summary>Why the session came too early to count, or null when its date may count.</summary>
    private WalkRunReason? Unspaced(WalkRunSessionFact session)
    {
        if (CountsFrom is not { } from || session.Date >= from) return null;
        if (painOn is { } pain && session.Date < pain.AddDays(painGap))
            return new(AfterPain, Text($"During the rest after the painful session of {pain:yyyy-MM-dd}: a session can count from {from:yyyy-MM-dd}."));
        if (session.Date == lastSessionOn)
            return new(SameDay, Text($"Another session was recorded on {session.Date:yyyy-MM-dd} before this one; at most one session a day counts, from {from:yyyy-MM-dd} again."));
        return new(TooSoon, Text($"Too soon: sessions count on alternate days, {ladder.MinDaysBetweenSessions} days after the last counted one ({lastCountedOn:yyyy-MM-dd}); a session can count from {from:yyyy-MM-dd}."));
    }

    /// <summary>Why the session is no evidence the current step is tolerated, or null when it is. Such a session is not
    /// a failure either, so it resets nothing.</summary>
    private WalkRunReason? Unfit(WalkRunSessionFact session) =>
        !session.Completed ? new(NotCompleted, "Not completed: only a finished session counts; nothing is reset.")
        : session.Step != Step.Step ? new(OtherStep, Text($"Step {session.Step} was run, but the patient is on step {Step.Step}; only sessions at the current step count."))
        : null;

    private void CountUp(WalkRunSessionFact session)
    {
        lastCountedOn = session.Date;
        CountedAtStep++;
        if (index == steps.Count - 1) Complete = true;
        else if (CountedAtStep >= ladder.SessionsToMoveUp)
        {
            index++;
            CountedAtStep = 0;
        }
    }

    // Dates are written the same whatever the server's culture.
    private static string Text(FormattableString text) => FormattableString.Invariant(text);
}
