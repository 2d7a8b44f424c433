using RehabApi.Domain.Gates;

namespace RehabApi.Domain.ReturnToRun;

/// <summary>How the ladder took one recorded session (<see cref="WalkRunLadder.Progress"/>): counted toward the step,
/// or recorded and not counted, with the reason.</summary>
/// <param name="Session">The session as recorded.</param>
/// <param name="Counted">It counted toward moving up (or, on the last step, completed the ladder).</param>
/// <param name="NotCounted">Why it did not count; null when it counted.</param>
/// <param name="StepAfter">The patient's step once this session had taken effect (lower after pain).</param>
/// <param name="CountsFrom">The first date on which the next session could count, as things stood after this one.</param>
public sealed record WalkRunSessionOutcome(
    WalkRunSessionFact Session, bool Counted, WalkRunReason? NotCounted, int StepAfter, DateOnly CountsFrom)
{
    public DateOnly Date => Session.Date;
    public int Step => Session.Step;
    public bool Completed => Session.Completed;
    public bool Pain => Session.Pain;
}

/// <summary>Why a session did not count: a stable <see cref="Code"/> (one of <see cref="WalkRunReasons"/>) and the
/// reason in plain words for the clinic.</summary>
public sealed record WalkRunReason(string Code, string Text);

/// <summary>The stable codes of <see cref="WalkRunReason"/>, in the order the ladder checks them.</summary>
public static class WalkRunReasons
{
    /// <summary>The ladder was already complete; later sessions change nothing.</summary>
    public const string LadderComplete = "ladder-complete";
    /// <summary>The session hurt: it moved the patient a step down and restarted the count, and never counts up.</summary>
    public const string Pain = "pain";
    /// <summary>On the day of a painful session or during the rest after it.</summary>
    public const string AfterPain = "after-pain";
    /// <summary>Another session was recorded earlier on the same date: only the first of a date can count.</summary>
    public const string SameDay = "same-day";
    /// <summary>Fewer than MinDaysBetweenSessions days after the previous counted session.</summary>
    public const string TooSoon = "too-soon";
    public const string NotCompleted = "not-completed";
    /// <summary>A step other than the patient's current one (an earlier step repeated).</summary>
    public const string OtherStep = "other-step";

    public static readonly IReadOnlyList<string> All = [LadderComplete, Pain, AfterPain, SameDay, TooSoon, NotCompleted, OtherStep];
}
