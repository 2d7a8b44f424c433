namespace RehabApi.Domain.Protocols;

/// <summary>A rehabilitation protocol as data: phases, gates and who may sign what.
/// Deserialised from JSON; nothing here decides anything, <see cref="Gates.GateEvaluator"/> does.</summary>
public sealed record ProtocolDefinition
{
    public required string Key { get; init; }
    /// <summary>Assigned by the catalog or, for a clinic's version, by the server when it is published:
    /// a published body may leave it out.</summary>
    public int Version { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<PhaseDefinition> Phases { get; init; }
    public required IReadOnlyList<string> Sites { get; init; }
    public required IReadOnlyList<string> HighRiskSites { get; init; }
    public required NonWeightBearingWeeks NonWeightBearingWeeks { get; init; }
    public required SurgicalReferralRule SurgicalReferral { get; init; }
    public required ImagingRule Imaging { get; init; }
    public required IReadOnlyList<ClearanceTypeDefinition> ClearanceTypes { get; init; }
    public required IReadOnlyList<ObservationCodeDefinition> ObservationCodes { get; init; }
    public required IReadOnlyList<RequirementDefinition> CommonRequirements { get; init; }
    public required IReadOnlyList<GateDefinition> Gates { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> TransitionRoles { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> ResumeRoles { get; init; }
    public required IReadOnlyList<string> ImagingSigners { get; init; }
    public required IReadOnlyList<string> ObservationRecorders { get; init; }

    /// <summary>From this phase on, a symptom report with fracture-site pain opens a pain report that blocks every gate.</summary>
    public required string PainReportsFromPhase { get; init; }

    /// <summary>The graded walk–run ladder of the return-to-impact phase.</summary>
    public required WalkRunLadderDefinition WalkRun { get; init; }

    public string FirstPhase => Phases[0].Code;

    /// <summary>The last phase is terminal: reaching it closes the episode.</summary>
    public string TerminalPhase => Phases[^1].Code;

    public int PhaseIndex(string phase) => Phases.ToList().FindIndex(p => p.Code == phase);

    public bool HasPhase(string phase) => PhaseIndex(phase) >= 0;

    public GateDefinition? GateFrom(string phase) => Gates.FirstOrDefault(g => g.From == phase);

    public ClearanceTypeDefinition? ClearanceType(string type) => ClearanceTypes.FirstOrDefault(c => c.Type == type);

    public ObservationCodeDefinition? ObservationCode(string code) => ObservationCodes.FirstOrDefault(o => o.Code == code);

    /// <summary>Whether pain reported in <paramref name="phase"/> opens a pain report.</summary>
    public bool PainOpensReportIn(string phase) => PhaseIndex(phase) >= PhaseIndex(PainReportsFromPhase);

    public bool IsHighRiskSite(string site) => HighRiskSites.Contains(site);

    /// <summary>The roles that may lift a hold for <paramref name="holdReason"/>. A reason the version does not name
    /// (one added after a clinic published its version, such as bone-health) is a physician's to lift: the strictest.</summary>
    public IReadOnlyList<string> ResumeRolesFor(string holdReason) =>
        ResumeRoles.TryGetValue(holdReason, out var roles) ? roles : [Roles.Physician];

    /// <summary>The clearance type that clears a restricted bone-health assessment: the one the
    /// clearance-if-restricted-bone-health requirement asks for (null in a protocol without one).</summary>
    public string? RestrictedClearanceType =>
        Gates.SelectMany(g => g.Requirements).FirstOrDefault(r => r.Rule == RequirementRules.ClearanceIfRestrictedBoneHealth) is { } requirement
            ? requirement.ClearanceType ?? requirement.Code
            : null;

    public int DefaultNonWeightBearingWeeks(string site) =>
        IsHighRiskSite(site) ? NonWeightBearingWeeks.DefaultAtHighRiskSite : NonWeightBearingWeeks.DefaultElsewhere;
}

public sealed record PhaseDefinition(string Code, string Name, string WeightBearing, int TypicalDays);

public sealed record NonWeightBearingWeeks(int Min, int Max, int DefaultAtHighRiskSite, int DefaultElsewhere);

public sealed record SurgicalReferralRule(IReadOnlyList<string> Sites, bool WhenDisplaced, decimal MinNeckWidthPercent);

public sealed record ImagingRule(int MinDaysAfterNonWeightBearingStart);

public sealed record ClearanceTypeDefinition(string Type, IReadOnlyList<string> Signers);

public sealed record ObservationCodeDefinition(string Code, string Unit, decimal Min, decimal Max);

/// <param name="SessionsToMoveUp">Pain-free completed sessions at a step before the next step.</param>
/// <param name="RestDaysAfterPain">Days of rest after a session with pain, before the previous step is repeated.</param>
/// <param name="MinDaysBetweenSessions">Sessions on alternate days: 2.</param>
public sealed record WalkRunLadderDefinition(
    int SessionsToMoveUp, int RestDaysAfterPain, int MinDaysBetweenSessions, IReadOnlyList<WalkRunStepDefinition> Steps)
{
    /// <summary>The phase whose sessions these are.</summary>
    public string Phase { get; init; } = "return-to-impact";
}

/// <summary>One step: <see cref="Repeats"/> rounds of walking then running, or one continuous run (the last step).</summary>
public sealed record WalkRunStepDefinition(int Step, int? WalkMinutes, int? RunMinutes, int? Repeats, int? ContinuousRunMinutes);

public sealed record GateDefinition(string From, string To, IReadOnlyList<RequirementDefinition> Requirements);

/// <summary>One requirement of a gate. <see cref="Rule"/> names how it is evaluated
/// (see <see cref="RequirementRules"/>); the other fields parameterise that rule.</summary>
public sealed record RequirementDefinition
{
    public required string Code { get; init; }
    public required string Rule { get; init; }
    public required string Description { get; init; }
    public string? ClearanceType { get; init; }
    public string? ObservationCode { get; init; }
    public decimal? Threshold { get; init; }
    public int? Days { get; init; }
    public int? Weeks { get; init; }
}

public static class RequirementRules
{
    public const string NotOnHold = "not-on-hold";
    public const string PlannedNonWeightBearingTime = "planned-non-weight-bearing-time";
    public const string MinDaysInPhase = "min-days-in-phase";
    public const string MinWeeksSinceDiagnosis = "min-weeks-since-diagnosis";
    public const string Clearance = "clearance";
    public const string ClearanceIfBoneHealthRisk = "clearance-if-bone-health-risk";
    public const string ImagingShowsHealing = "imaging-shows-healing";
    public const string LatestObservationAtMost = "latest-observation-at-most";
    public const string LatestObservationAtLeast = "latest-observation-at-least";
    public const string AnyObservationAtLeast = "any-observation-at-least";
    public const string NoOpenPainReports = "no-open-pain-reports";
    /// <summary>The walk–run ladder climbed to its last step, completed without pain in a counted session; only the
    /// ladder meets it (no observation), so it takes no observation code or threshold.</summary>
    public const string WalkRunComplete = "walk-run-complete";
    /// <summary>A clearance, required only when the latest bone-health (Triad) assessment is restricted.</summary>
    public const string ClearanceIfRestrictedBoneHealth = "clearance-if-restricted-bone-health";

    public static readonly IReadOnlyList<string> All =
    [
        NotOnHold, PlannedNonWeightBearingTime, MinDaysInPhase, MinWeeksSinceDiagnosis, Clearance,
        ClearanceIfBoneHealthRisk, ImagingShowsHealing, LatestObservationAtMost, LatestObservationAtLeast,
        AnyObservationAtLeast, NoOpenPainReports, WalkRunComplete, ClearanceIfRestrictedBoneHealth,
    ];
}
