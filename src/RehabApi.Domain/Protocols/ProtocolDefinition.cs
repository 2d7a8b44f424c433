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

    /// <summary>Version 2: the MRI grade and the site set the planned weeks off the leg and the minimum times before
    /// impact and discharge. Absent (version 1): <see cref="NonWeightBearingWeeks"/> defaults by site, and the time rules'
    /// own weeks.</summary>
    public MriGradePathways? MriGrades { get; init; }

    /// <summary>Version 2: which regressions restart the clocks. Absent (version 1): none does; the imaging rule keeps
    /// counting from the first non-weight-bearing start, and the minimum times from the diagnosis.</summary>
    public ClockRestarts? Restarts { get; init; }

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

    public int DefaultNonWeightBearingWeeks(string site, int? mriGrade = null) => PathwayFor(site, mriGrade).NonWeightBearingWeeks;

    /// <summary>The defaults of a new episode at <paramref name="site"/> with <paramref name="mriGrade"/> (null when not
    /// given): from the grade table in version 2 (never fewer weeks off the leg than the site's default), else the planned
    /// weeks by site and no weeks of its own for the time rules.</summary>
    public EpisodePathway PathwayFor(string site, int? mriGrade)
    {
        var highRisk = IsHighRiskSite(site);
        var bySite = highRisk ? NonWeightBearingWeeks.DefaultAtHighRiskSite : NonWeightBearingWeeks.DefaultElsewhere;
        if (MriGrades is not { } table) return new EpisodePathway(bySite, null, null, mriGrade);
        var grade = mriGrade ?? (highRisk ? table.AssumedAtHighRiskSite : table.AssumedElsewhere);
        var row = table.Pathways.FirstOrDefault(p => p.Grades.Contains(grade) && (p.HighRiskSite is null || p.HighRiskSite == highRisk))
            ?? throw new InvalidOperationException($"Protocol {Key} v{Version} has no pathway for MRI grade {grade} at {site}.");
        // The site's default stays a floor under the table, so a clinic's version that raises it raises every grade.
        return new EpisodePathway(Math.Max(row.NonWeightBearingWeeks, bySite), row.WeeksBeforeImpact, row.WeeksBeforeDischarge, grade);
    }

    /// <summary>Who may sign <paramref name="type"/> for an episode at <paramref name="site"/>: at a high-risk site the
    /// type's own list for such sites, where it has one (version 2: discharge by a physician only).</summary>
    public IReadOnlyList<string>? SignersOf(string type, string site) =>
        ClearanceType(type) is { } definition
            ? IsHighRiskSite(site) && definition.SignersAtHighRiskSites is { } strict ? strict : definition.Signers
            : null;

    /// <summary>Whether <paramref name="site"/> must state neckWidthPercent (version 2: the compression-side femoral neck,
    /// whose routing depends on it); null when the protocol leaves it optional everywhere (version 1).</summary>
    public bool? NeckWidthPercentRequiredAt(string site) =>
        SurgicalReferral.NeckWidthPercentSites is { } sites ? sites.Contains(site) : null;
}

/// <summary>What a new episode starts with: the planned weeks off the leg, and (version 2) the weeks before impact and
/// discharge; <paramref name="MriGrade"/> is the grade they come from (assumed when none was given).</summary>
public sealed record EpisodePathway(int NonWeightBearingWeeks, int? WeeksBeforeImpact, int? WeeksBeforeDischarge, int? MriGrade);

/// <summary>The grade/site table of PROTOCOL.md (v2). A grade not given is assumed: <see cref="AssumedAtHighRiskSite"/>
/// or <see cref="AssumedElsewhere"/>. The first pathway whose grades hold the grade, and whose
/// <see cref="MriGradePathway.HighRiskSite"/> is the site's (or null: any site), applies.</summary>
public sealed record MriGradePathways(int AssumedAtHighRiskSite, int AssumedElsewhere, IReadOnlyList<MriGradePathway> Pathways);

public sealed record MriGradePathway(
    IReadOnlyList<int> Grades, bool? HighRiskSite, int NonWeightBearingWeeks, int WeeksBeforeImpact, int WeeksBeforeDischarge);

/// <param name="NonWeightBearingStartOnRegressionToFirstPhase">A regression to the first phase makes its date the
/// non-weight-bearing start: the planned weeks and the imaging rule count from it, and earlier studies no longer count.</param>
/// <param name="InjuryDateOnReInjury">A regression with reason re-injury makes its date the injury date, from which
/// the minimum times before impact and discharge count.</param>
public sealed record ClockRestarts(bool NonWeightBearingStartOnRegressionToFirstPhase, bool InjuryDateOnReInjury);

public sealed record PhaseDefinition(string Code, string Name, string WeightBearing, int TypicalDays);

public sealed record NonWeightBearingWeeks(int Min, int Max, int DefaultAtHighRiskSite, int DefaultElsewhere);

public sealed record SurgicalReferralRule(IReadOnlyList<string> Sites, bool WhenDisplaced, decimal MinNeckWidthPercent)
{
    /// <summary>Version 2: the sites where neckWidthPercent is required (refused at any other); null leaves it optional.</summary>
    public IReadOnlyList<string>? NeckWidthPercentSites { get; init; }

    /// <summary>Version 2: lifting a surgical referral returns the episode to the first phase from the physician's
    /// nonWeightBearingSince (evidence before it void, every clock restarted). Version 1 keeps the phase.</summary>
    public bool ResumeReturnsToFirstPhase { get; init; }
}

/// <param name="MinDaysAfterNonWeightBearingStart">A study counts as showing healing only from this many days after the
/// (current) non-weight-bearing start.</param>
public sealed record ImagingRule(int MinDaysAfterNonWeightBearingStart)
{
    /// <summary>The hold a displacement finding imposes: version 2 surgical-referral, version 1 displacement-risk.</summary>
    public string HoldOnDisplacement { get; init; } = HoldReasons.DisplacementRisk;

    /// <summary>The hold a progression finding imposes: version 2 imaging-progression, version 1 clinical-review.</summary>
    public string HoldOnProgression { get; init; } = HoldReasons.ClinicalReview;
}

/// <param name="Signers">Who may sign the type.</param>
public sealed record ClearanceTypeDefinition(string Type, IReadOnlyList<string> Signers)
{
    /// <summary>Who may sign it for an episode at a high-risk site, where that is stricter (version 2: discharge-approved
    /// by a physician only); null: <see cref="Signers"/> everywhere.</summary>
    public IReadOnlyList<string>? SignersAtHighRiskSites { get; init; }
}

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

    /// <summary>For healing-imaging-at-high-risk-site: the modalities that can confirm healing (MRI, CT).</summary>
    public IReadOnlyList<string>? Modalities { get; init; }
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

    /// <summary>Version 2: at least the episode's weeks before impact (its MRI grade and site), and at least
    /// <see cref="RequirementDefinition.Weeks"/>, after the injury date (the diagnosis, or a later re-injury).</summary>
    public const string PlannedTimeBeforeImpact = "planned-time-before-impact";

    /// <summary>Version 2: as <see cref="PlannedTimeBeforeImpact"/>, with the episode's weeks before discharge.</summary>
    public const string PlannedTimeBeforeDischarge = "planned-time-before-discharge";

    /// <summary>Version 2: a bone-health assessment has been recorded for the episode (by a physician: only they record one).</summary>
    public const string BoneHealthAssessed = "bone-health-assessed";

    /// <summary>Version 2: a clearance, required when the latest bone-health assessment scores at least
    /// <see cref="RequirementDefinition.Threshold"/> or any risk factor beyond the current fracture is recorded.</summary>
    public const string ClearanceIfBoneHealthScore = "clearance-if-bone-health-score";

    /// <summary>Version 2: at a high-risk site, a study of one of <see cref="RequirementDefinition.Modalities"/> showing
    /// healing, performed on or after the phase was entered, with no later worsening study. Met elsewhere.</summary>
    public const string HealingImagingAtHighRiskSite = "healing-imaging-at-high-risk-site";

    public static readonly IReadOnlyList<string> All =
    [
        NotOnHold, PlannedNonWeightBearingTime, MinDaysInPhase, MinWeeksSinceDiagnosis, Clearance,
        ClearanceIfBoneHealthRisk, ImagingShowsHealing, LatestObservationAtMost, LatestObservationAtLeast,
        AnyObservationAtLeast, NoOpenPainReports, WalkRunComplete, ClearanceIfRestrictedBoneHealth,
        PlannedTimeBeforeImpact, PlannedTimeBeforeDischarge, BoneHealthAssessed, ClearanceIfBoneHealthScore,
        HealingImagingAtHighRiskSite,
    ];
}
