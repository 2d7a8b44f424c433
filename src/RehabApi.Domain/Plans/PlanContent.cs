namespace RehabApi.Domain.Plans;

/// <summary>The patient-facing wording of one protocol, as data: what each phase means for the patient,
/// what each requirement asks of them, and what holds and closures say. The builder adds no sentences.</summary>
public sealed record PlanContent
{
    /// <summary>The protocol key this wording belongs to; it serves every version of that protocol.</summary>
    public required string ProtocolKey { get; init; }

    /// <summary>The language of the texts (BCP 47), for the app to label them.</summary>
    public required string Language { get; init; }

    /// <summary>How dates are written into texts: a .NET format read with the invariant culture. ISO
    /// (yyyy-MM-dd) so that the date in a sentence reads the same as the <c>earliestDate</c> field beside it.</summary>
    public required string DateFormat { get; init; }

    /// <summary>Shown with every plan: this is not medical advice.</summary>
    public required string Disclaimer { get; init; }

    /// <summary>The wording of each phase of the protocol.</summary>
    public required IReadOnlyList<PhaseContent> Phases { get; init; }
    /// <summary>What each requirement code asks of the patient.</summary>
    public required IReadOnlyList<RequirementContent> Requirements { get; init; }

    /// <summary>One notice per hold reason (see <see cref="HoldReasons"/>).</summary>
    public required IReadOnlyList<NoticeContent> Holds { get; init; }

    /// <summary>Shown while a pain report is open: the clinic has been told, and the patient goes back to the previous
    /// phase's load (PROTOCOL.md, "Pain").</summary>
    public required NoticeContent PainReport { get; init; }

    /// <summary>One notice per way of closing an episode (see <see cref="ClosureKinds"/>).</summary>
    public required IReadOnlyList<NoticeContent> Closures { get; init; }

    /// <summary>Templates for the walk–run part of the plan.</summary>
    public required WalkRunContent WalkRun { get; init; }

    /// <summary>Changes for some sites, sides or phases, applied in order to the plan built from the texts above: a
    /// pubic ramus leaves out the pull buoy (squeezing it pulls on the bone), a sacrum (side not-applicable) is worded
    /// without a leg or a side, a femoral neck is discharged with its own running advice.</summary>
    public IReadOnlyList<PlanVariant> Variants { get; init; } = [];

    /// <summary>The wording of a phase, or null when this content does not know the phase.</summary>
    public PhaseContent? Phase(string code) => Phases.FirstOrDefault(p => p.Code == code);

    /// <summary>The wording of a requirement code, or null when this content does not know it.</summary>
    public RequirementContent? Requirement(string code) => Requirements.FirstOrDefault(r => r.Code == code);

    /// <summary>The notice of a hold reason, or null when this content does not know it.</summary>
    public NoticeContent? Hold(string reason) => Holds.FirstOrDefault(h => h.Code == reason);

    /// <summary>The notice of a closure kind, or null when this content does not know it.</summary>
    public NoticeContent? Closure(string kind) => Closures.FirstOrDefault(c => c.Code == kind);
}

/// <summary>What one phase means for the patient.</summary>
public sealed record PhaseContent
{
    public required string Code { get; init; }
    public required string Title { get; init; }
    /// <summary>One or two sentences on what the phase is for.</summary>
    public required string Summary { get; init; }
    /// <summary>How much weight the patient may put on the leg.</summary>
    public required string WeightBearing { get; init; }
    /// <summary>Walking aids, e.g. two crutches; empty when none.</summary>
    public required IReadOnlyList<string> Aids { get; init; }
    public required IReadOnlyList<string> Allowed { get; init; }
    public required IReadOnlyList<string> Avoid { get; init; }
    public required IReadOnlyList<PlanExercise> Exercises { get; init; }
}

/// <summary>One exercise with its dosage (how much, how often) and optionally how to do it.</summary>
/// <param name="Impact">Running, jumping or hopping: left out while a hold stops impact (bone-health).</param>
public sealed record PlanExercise(string Name, string Dosage, string? HowTo = null, bool Impact = false);

/// <summary>What a requirement still asks of the patient. <see cref="PatientTextWithDate"/>, with a
/// <c>{date}</c> placeholder, is used when the evaluation knows the earliest date the requirement can be met.</summary>
public sealed record RequirementContent(string Code, string PatientText, string? PatientTextWithDate = null);

/// <summary>A hold or a closure: a title and a message, and the instructions it gives in place of the phase's
/// (PROTOCOL.md: while on hold, the hold's instructions instead of the phase's, never both). A field left out keeps the
/// phase's own: a hold that says "keep to your current plan" leaves them all out.</summary>
public sealed record NoticeContent
{
    public required string Code { get; init; }
    public required string Title { get; init; }
    public required string Message { get; init; }
    /// <summary>Replaces the phase's summary.</summary>
    public string? Summary { get; init; }
    /// <summary>Replaces the phase's weight-bearing instruction.</summary>
    public string? WeightBearing { get; init; }
    public IReadOnlyList<string>? Aids { get; init; }
    public IReadOnlyList<string>? Allowed { get; init; }
    public IReadOnlyList<string>? Avoid { get; init; }
    /// <summary>Replaces the phase's exercises (empty: none at all); the walk–run ladder is not shown either.</summary>
    public IReadOnlyList<PlanExercise>? Exercises { get; init; }
    /// <summary>Running, jumping and hopping stop: the phase's impact exercises and the walk–run ladder are left out.</summary>
    public bool StopsImpact { get; init; }
    /// <summary>What lifts a hold, told to the patient in place of the not-on-hold requirement's text.</summary>
    public string? LiftedBy { get; init; }
}

/// <summary>A change of the plan for episodes at some <see cref="Sites"/>, with a <see cref="Sides"/> value, in some
/// <see cref="Phases"/> (a list left out matches any): lines and exercises left out by their exact text or name, lines
/// added, then every text of the plan rewritten by <see cref="Replace"/>, in order.</summary>
public sealed record PlanVariant
{
    public IReadOnlyList<string>? Sites { get; init; }
    public IReadOnlyList<string>? Sides { get; init; }
    public IReadOnlyList<string>? Phases { get; init; }
    /// <summary>Allowed or avoided lines, or exercise names, to leave out.</summary>
    public IReadOnlyList<string> LeaveOut { get; init; } = [];
    public IReadOnlyList<string> Allowed { get; init; } = [];
    public IReadOnlyList<string> Avoid { get; init; } = [];
    public IReadOnlyList<TextReplacement> Replace { get; init; } = [];

    public bool AppliesTo(string site, string? side, string phase) =>
        (Sites is null || Sites.Contains(site)) && (Sides is null || Sides.Contains(side ?? "")) && (Phases is null || Phases.Contains(phase));
}

/// <summary>Every occurrence of <see cref="From"/> in a text becomes <see cref="To"/>.</summary>
public sealed record TextReplacement(string From, string To);

/// <summary>Templates for the walk–run ladder. Placeholders: <c>{step}</c>, <c>{steps}</c>, <c>{walk}</c>,
/// <c>{run}</c>, <c>{repeats}</c>, <c>{total}</c> (durations written with <see cref="Minute"/> or
/// <see cref="Minutes"/>, which take <c>{n}</c>), <c>{done}</c>, <c>{needed}</c> and <c>{date}</c>; in
/// <see cref="NotCounted"/>, <c>{step}</c> is the patient's step after the session and <c>{date}</c> the first date a
/// session could count after it.</summary>
public sealed record WalkRunContent
{
    public required string StepTitle { get; init; }
    public required string Intervals { get; init; }
    public required string Continuous { get; init; }
    public required string Minute { get; init; }
    public required string Minutes { get; init; }
    public required string Progress { get; init; }
    /// <summary>The progress on the last step, where one counted session completes the ladder; <see cref="Progress"/> if absent.</summary>
    public string? LastStepProgress { get; init; }
    public required string NextSession { get; init; }
    public required string FirstSession { get; init; }
    public required string RestAfterPain { get; init; }
    public required string Complete { get; init; }
    /// <summary>Said of a session that counted.</summary>
    public required string Counted { get; init; }
    /// <summary>Why a session did not count, by reason code (RehabApi.Domain.ReturnToRun.WalkRunReasons).</summary>
    public required IReadOnlyDictionary<string, string> NotCounted { get; init; }
}

/// <summary>How a closed episode ended: the codes of <see cref="PlanContent.Closures"/>.</summary>
public static class ClosureKinds
{
    public const string Discharged = "discharged";
    public const string Withdrawn = "withdrawn";

    public static readonly IReadOnlyList<string> All = [Discharged, Withdrawn];
}
