namespace RehabApi.Domain.Gates;

/// <summary>Everything the gate evaluation may look at, captured from storage. The evaluation never
/// reads anything else, which is what lets the gate endpoint and the advance agree.</summary>
public sealed record EpisodeFacts
{
    public required string Site { get; init; }
    public required DateOnly DiagnosedOn { get; init; }
    public required DateOnly NonWeightBearingSince { get; init; }
    public required int PlannedNonWeightBearingWeeks { get; init; }
    public required string Phase { get; init; }
    public required string Status { get; init; }
    public string? HoldReason { get; init; }

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

public sealed record ImagingFact(DateOnly PerformedOn, string Finding, DateTimeOffset RecordedAt);

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
