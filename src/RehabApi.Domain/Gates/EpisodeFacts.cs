namespace RehabApi.Domain.Gates;

/// <summary>Everything the gate evaluation may look at, captured from storage. The evaluation never
/// reads anything else, which is what lets the gate endpoint and the advance agree.</summary>
public sealed record EpisodeFacts
{
    public required string Site { get; init; }

    /// <summary>left, right, bilateral or not-applicable (the sacrum): the plan's words depend on it.</summary>
    public string? Side { get; init; }
    public required DateOnly DiagnosedOn { get; init; }
    /// <summary>The current non-weight-bearing start: when the patient came off the leg, or (version 2) the date of the
    /// latest regression to the first phase or of a surgical referral's resume.</summary>
    public required DateOnly NonWeightBearingSince { get; init; }
    public required int PlannedNonWeightBearingWeeks { get; init; }

    /// <summary>The date the version 2 minimum times count from: the diagnosis, or a later re-injury or surgical
    /// fixation. Null reads as <see cref="DiagnosedOn"/>.</summary>
    public DateOnly? InjuryOn { get; init; }

    /// <summary>Version 2: the episode's weeks before impact and before discharge, set by its MRI grade and site.</summary>
    public int? WeeksBeforeImpact { get; init; }
    public int? WeeksBeforeDischarge { get; init; }

    public DateOnly InjuryDate => InjuryOn ?? DiagnosedOn;
    public required string Phase { get; init; }
    public required string Status { get; init; }
    public string? HoldReason { get; init; }

    /// <summary>When the current hold began (null while active): a surgical referral is lifted from a date no earlier.</summary>
    public DateTimeOffset? HoldSince { get; init; }

    /// <summary>Effective time of the latest entry into the current phase (the freshness boundary).</summary>
    public required DateTimeOffset PhaseEnteredAt { get; init; }

    public IReadOnlyList<string> RiskFactors { get; init; } = [];
    public IReadOnlyList<ClearanceFact> Clearances { get; init; } = [];
    public IReadOnlyList<ObservationFact> Observations { get; init; } = [];
    public IReadOnlyList<ImagingFact> Imaging { get; init; } = [];

    /// <summary>Pain reports opened from the patient's symptom reports and not yet resolved.</summary>
    public IReadOnlyList<PainReportFact> OpenPainReports { get; init; } = [];

    /// <summary>The patient's symptom reports: they count against the pain-free requirements (PainRules).</summary>
    public IReadOnlyList<SymptomReportFact> SymptomReports { get; init; } = [];

    /// <summary>Walk–run sessions recorded in the current phase entry (the freshness rule applies).</summary>
    public IReadOnlyList<WalkRunSessionFact> WalkRunSessions { get; init; } = [];

    /// <summary>The latest bone-health (Female Athlete Triad) assessment, if any.</summary>
    public BoneHealthFact? BoneHealth { get; init; }

    /// <summary>The clinic's calendar: the dates above are its dates, and time rules count in it.</summary>
    public ClinicCalendar Calendar { get; init; } = ClinicCalendar.Utc;
}

public sealed record ClearanceFact(string Type, DateTimeOffset EffectiveAt);

public sealed record ObservationFact(string Code, decimal Value, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt);

public sealed record ImagingFact(DateOnly PerformedOn, string Finding, DateTimeOffset RecordedAt)
{
    /// <summary>An ImagingModalities code: only MRI or CT confirm healing before impact at a high-risk site (version 2).</summary>
    public string? Modality { get; init; }
}

/// <param name="Id">The symptom report that opened it.</param>
public sealed record PainReportFact(Guid Id, DateOnly ReportedOn, int Pain);

/// <param name="EffectiveAt">The end of the report's local date, or when it was posted if that was on the date itself.</param>
public sealed record SymptomReportFact(DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, int PainAtRest, int WorstPain);

/// <param name="Pain">Pain at the fracture site during or after the session.</param>
public sealed record WalkRunSessionFact(DateOnly Date, int Step, bool Completed, bool Pain, DateTimeOffset EffectiveAt)
{
    /// <summary>Orders sessions of the same date and effective time (the ladder replays them in order).</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>The stored session's id, so that a caller can tell which outcome of the replay is whose.</summary>
    public Guid Id { get; init; }
}

/// <param name="ClearanceLevel">A BoneHealthLevels code.</param>
/// <param name="AnyRiskFactor">Whether any factor beyond the current fracture scored above 0.</param>
/// <param name="EffectiveAt">When the assessment took effect: a restricted-clearance counts only from then on.</param>
public sealed record BoneHealthFact(int Score, string ClearanceLevel, bool AnyRiskFactor, DateTimeOffset EffectiveAt);
