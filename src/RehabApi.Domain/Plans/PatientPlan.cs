namespace RehabApi.Domain.Plans;

/// <summary>What a patient may do today and what stands between them and the next phase, in plain words.
/// Built by <see cref="PatientPlanBuilder"/>; every sentence comes from the protocol's <see cref="PlanContent"/>.</summary>
public sealed record PatientPlan
{
    /// <summary>The phase code the episode is in (kept while on hold, and when withdrawn).</summary>
    public required string Phase { get; init; }
    /// <summary>The phase in plain words, e.g. "Resting the bone: no weight on the leg".</summary>
    public required string Title { get; init; }
    /// <summary>One or two sentences on what this phase is for.</summary>
    public required string Summary { get; init; }

    /// <summary>active, on-hold or closed (see <see cref="EpisodeStatuses"/>).</summary>
    public required string Status { get; init; }

    /// <summary>A hold or closure to show above everything else, or null while active.</summary>
    public PlanNotice? Notice { get; init; }

    /// <summary>How much weight the patient may put on the leg, in plain words.</summary>
    public required string WeightBearing { get; init; }
    /// <summary>Walking aids to use, e.g. two crutches; empty when none.</summary>
    public required IReadOnlyList<string> Aids { get; init; }
    /// <summary>Activities the patient may do.</summary>
    public required IReadOnlyList<string> Allowed { get; init; }
    /// <summary>Activities the patient should avoid.</summary>
    public required IReadOnlyList<string> Avoid { get; init; }

    /// <summary>The phase's exercises, or a notice's own in their place: none after a surgical referral, a displacement
    /// or a withdrawal, upper-body work only after an imaging progression; no impact on a bone-health hold.</summary>
    public required IReadOnlyList<PlanExercise> Exercises { get; init; }

    /// <summary>The unmet requirements of the gate out of this phase, in the gate's order.</summary>
    public required IReadOnlyList<PlanStillNeeded> StillNeeded { get; init; }

    /// <summary>The phase after this one, or null when closed or at the last phase.</summary>
    public PlanNextPhase? NextPhase { get; init; }

    /// <summary>The patient's place on the walk–run ladder, in the phase that has one.</summary>
    public WalkRunPlan? WalkRun { get; init; }

    /// <summary>Not medical advice: follow your clinician's instructions.</summary>
    public required string Disclaimer { get; init; }
}

/// <param name="Kind">hold or closed.</param>
/// <param name="Code">The hold reason, or how the episode closed (see <see cref="ClosureKinds"/>).</param>
/// <param name="SuspendsPlan">The phase's exercises do not apply while this notice stands (it gives its own, or none).</param>
public sealed record PlanNotice(string Kind, string Code, string Title, string Message, bool SuspendsPlan);

/// <summary>The kinds of <see cref="PlanNotice"/>.</summary>
public static class PlanNoticeKinds
{
    public const string Hold = "hold";
    /// <summary>An open pain report: back to the previous phase's load until a clinician has looked at it.</summary>
    public const string PainReport = "pain-report";
    public const string Closed = "closed";
}

/// <summary>One unmet requirement, told to the patient.</summary>
/// <param name="EarliestDate">For a time requirement: the first date on which it will be met.</param>
public sealed record PlanStillNeeded(string Code, string Text, DateOnly? EarliestDate);

/// <summary>The phase the patient is working towards.</summary>
public sealed record PlanNextPhase(string Code, string Title);

/// <summary>Today's walk–run step in plain words.</summary>
/// <param name="Step">The step the next session should be.</param>
/// <param name="Title">E.g. "Step 2 of 5".</param>
/// <param name="Description">What the session is, computed from the step's minutes and repeats.</param>
/// <param name="PainFreeSessions">Counted sessions (completed, pain-free, on alternate days) at this step.</param>
/// <param name="SessionsNeeded">Counted sessions at a step that move the patient up.</param>
/// <param name="NextSessionOn">The first date on which a session counts; null before the first session.</param>
/// <param name="NextSession">When the next session may be, in words.</param>
/// <param name="Message">Rest after pain, or the ladder completed; null otherwise.</param>
/// <param name="RecentSessions">The latest sessions, newest first, each counted or not and why.</param>
public sealed record WalkRunPlan(
    int Step,
    int Steps,
    string Title,
    string Description,
    int PainFreeSessions,
    int SessionsNeeded,
    string Progress,
    DateOnly? NextSessionOn,
    string NextSession,
    bool RestingAfterPain,
    bool LadderComplete,
    string? Message,
    IReadOnlyList<WalkRunPlanSession> RecentSessions);

/// <summary>One recorded walk–run session as the patient sees it.</summary>
/// <param name="NotCountedReason">Why it did not count: a stable code (see RehabApi.Domain.ReturnToRun.WalkRunReasons);
/// null when it counted.</param>
/// <param name="Text">That it counted, or why not, in plain words.</param>
public sealed record WalkRunPlanSession(DateOnly Date, int Step, bool Completed, bool Pain, bool Counted, string? NotCountedReason, string Text);
