using System.Globalization;
using RehabApi.Domain.Symptoms;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;

namespace RehabApi.Domain.Gates;

/// <summary>The one function that decides whether an episode may leave its phase.
/// Pure: same protocol, facts and moment give the same answer, with no clock or storage behind it.</summary>
public static class GateEvaluator
{
    public static GateEvaluation Evaluate(ProtocolDefinition protocol, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var gate = facts.Status == EpisodeStatuses.Closed ? null : protocol.GateFrom(facts.Phase);
        if (gate is null)
        {
            // Closed or terminal: there is nowhere to advance to.
            return new GateEvaluation(facts.Phase, null, false, []);
        }

        // Dates are the clinic's: a time rule is met from local midnight, whatever offset asOf was written with.
        var dates = new EvaluationDates(facts.Calendar.DateOf(asOf), facts.Calendar.DateOf(facts.PhaseEnteredAt));
        var results = protocol.CommonRequirements.Concat(gate.Requirements)
            .Select(requirement => EvaluateRequirement(protocol, requirement, facts, asOf, dates))
            .ToList();
        return new GateEvaluation(facts.Phase, gate.To, results.All(r => r.Met), results);
    }

    private static RequirementResult EvaluateRequirement(
        ProtocolDefinition protocol, RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf, EvaluationDates dates)
    {
        var (today, enteredOn) = dates;
        return requirement.Rule switch
        {
            RequirementRules.NotOnHold => facts.Status == EpisodeStatuses.OnHold
                ? Unmet(requirement, $"on hold: {facts.HoldReason}")
                : Met(requirement),

            // The clock restarts when a regression brings the patient back to non-weight-bearing.
            RequirementRules.PlannedNonWeightBearingTime => TimeRequirement(requirement, today,
                Durations.WeeksAfter(Later(facts.NonWeightBearingSince, enteredOn), facts.PlannedNonWeightBearingWeeks)),

            RequirementRules.MinDaysInPhase => TimeRequirement(requirement, today,
                Durations.After(enteredOn, Required(requirement.Days, requirement))),

            RequirementRules.MinWeeksSinceDiagnosis => TimeRequirement(requirement, today,
                Durations.WeeksAfter(facts.DiagnosedOn, Required(requirement.Weeks, requirement))),

            // Version 2: the episode's own weeks (its MRI grade and site), never fewer than the rule's, from the injury date.
            RequirementRules.PlannedTimeBeforeImpact => WeeksSinceInjury(requirement, facts, today, facts.WeeksBeforeImpact),

            RequirementRules.PlannedTimeBeforeDischarge => WeeksSinceInjury(requirement, facts, today, facts.WeeksBeforeDischarge),

            RequirementRules.Clearance when (requirement.ClearanceType ?? requirement.Code) == PainRules.NoPainAtRest =>
                NoPainAtRest(requirement, facts, asOf),

            RequirementRules.Clearance => ClearanceRequirement(requirement, facts, asOf),

            RequirementRules.ClearanceIfBoneHealthRisk => BoneHealthRisk(protocol, facts) is { } why
                ? ClearanceRequirement(requirement, facts, asOf, $"required: {why}")
                : Met(requirement, "not required: no high-risk site and no risk factor recorded"),

            RequirementRules.ClearanceIfBoneHealthScore => BoneHealthFindings(requirement, facts, asOf) is { } why
                ? ClearanceRequirement(requirement, facts, asOf, $"required: {why}")
                : Met(requirement, facts.BoneHealth is { } assessed && assessed.EffectiveAt <= asOf
                    ? $"not required: Triad risk score {assessed.Score}, below {Format(Required(requirement.Threshold, requirement))}, and no risk factor beyond the current fracture"
                    : "not required: no bone-health assessment and no risk factor recorded yet"),

            RequirementRules.BoneHealthAssessed => facts.BoneHealth is { } latest && latest.EffectiveAt <= asOf
                ? Met(requirement, $"assessed on {facts.Calendar.DateOf(latest.EffectiveAt):yyyy-MM-dd} (Triad risk score {latest.Score}, {latest.ClearanceLevel})")
                : Unmet(requirement, "no bone-health assessment recorded for this episode"),

            RequirementRules.HealingImagingAtHighRiskSite => HealingImagingAtHighRiskSite(protocol, requirement, facts, today, dates.EnteredOn),

            RequirementRules.ImagingShowsHealing => ImagingRequirement(protocol, requirement, facts, today),

            RequirementRules.LatestObservationAtMost when requirement.ObservationCode == PainRules.FractureSitePain =>
                PainFree(requirement, facts, asOf),

            RequirementRules.LatestObservationAtMost => LatestObservation(requirement, facts, asOf) is { } latest
                ? latest.Value <= Required(requirement.Threshold, requirement)
                    ? Met(requirement, $"latest {requirement.ObservationCode} is {Format(latest.Value)}")
                    : Unmet(requirement, $"latest {requirement.ObservationCode} is {Format(latest.Value)}; needs at most {Format(requirement.Threshold!.Value)}")
                : Unmet(requirement, $"no {requirement.ObservationCode} recorded in this phase"),

            RequirementRules.LatestObservationAtLeast => LatestObservation(requirement, facts, asOf) is { } latest
                ? latest.Value >= Required(requirement.Threshold, requirement)
                    ? Met(requirement, $"latest {requirement.ObservationCode} is {Format(latest.Value)}")
                    : Unmet(requirement, $"latest {requirement.ObservationCode} is {Format(latest.Value)}; needs at least {Format(requirement.Threshold!.Value)}")
                : Unmet(requirement, $"no {requirement.ObservationCode} recorded in this phase"),

            RequirementRules.AnyObservationAtLeast => AnyObservationAtLeast(requirement, facts, asOf),

            RequirementRules.NoOpenPainReports => facts.OpenPainReports.Count == 0
                ? Met(requirement)
                : Unmet(requirement, $"{facts.OpenPainReports.Count} open pain report(s), the first from {facts.OpenPainReports.Min(r => r.ReportedOn):yyyy-MM-dd}"),

            RequirementRules.WalkRunComplete => WalkRunComplete(protocol, requirement, facts, asOf),

            RequirementRules.ClearanceIfRestrictedBoneHealth => RestrictedBoneHealth(requirement, facts, asOf),

            _ => throw new InvalidOperationException(
                $"Protocol {protocol.Key} v{protocol.Version} uses unknown rule '{requirement.Rule}' for {requirement.Code}."),
        };
    }

    /// <summary>Why bone health must be reviewed, or null when it need not be.</summary>
    public static string? BoneHealthRisk(ProtocolDefinition protocol, EpisodeFacts facts)
    {
        if (protocol.IsHighRiskSite(facts.Site)) return $"high-risk site {facts.Site}";
        if (facts.RiskFactors.Count > 0) return $"risk factors recorded: {string.Join(", ", facts.RiskFactors)}";
        if (facts.BoneHealth is { AnyRiskFactor: true } bone) return $"Triad risk score {bone.Score}";
        return null;
    }

    /// <summary>Why version 2 wants a physician's bone-health review, or null when it need not: the latest assessment scores
    /// at least the threshold, or a risk factor beyond the current fracture is recorded (in the assessment or on the episode).</summary>
    private static string? BoneHealthFindings(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        if (facts.RiskFactors.Count > 0) return $"risk factors recorded: {string.Join(", ", facts.RiskFactors)}";
        if (facts.BoneHealth is not { } bone || bone.EffectiveAt > asOf) return null;
        if (bone.AnyRiskFactor) return $"a risk factor beyond the current fracture (Triad risk score {bone.Score})";
        var threshold = Required(requirement.Threshold, requirement);
        return bone.Score >= threshold ? $"Triad risk score {bone.Score} ({Format(threshold)} or more)" : null;
    }

    /// <summary>Whether <paramref name="assessment"/> alone makes the gate before impact ask for a physician's bone-health
    /// review: a risk factor beyond the current fracture, or (version 2) a score at the review threshold.</summary>
    public static bool BoneHealthReviewRequiredBy(ProtocolDefinition protocol, BoneHealthFact assessment) =>
        assessment.AnyRiskFactor
        || protocol.Gates.SelectMany(g => g.Requirements)
            .Any(r => r.Rule == RequirementRules.ClearanceIfBoneHealthScore && assessment.Score >= r.Threshold);

    /// <summary>Whether the latest bone-health assessment is restricted and no <paramref name="clearanceType"/> has been
    /// signed at or after it, in this phase, by <paramref name="asOf"/>: what the gate before impact asks, and what
    /// keeps an episode on its bone-health hold (PhaseMachine). A clearance signed before a later restricted
    /// assessment clears nothing.</summary>
    public static bool BoneHealthRestrictionStands(EpisodeFacts facts, string? clearanceType, DateTimeOffset asOf) =>
        facts.BoneHealth is { ClearanceLevel: BoneHealthLevels.Restricted } bone
        && !facts.Clearances.Any(c => c.Type == clearanceType && c.EffectiveAt >= bone.EffectiveAt && IsFresh(c.EffectiveAt, facts, asOf));

    private static RequirementResult RestrictedBoneHealth(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var type = requirement.ClearanceType ?? requirement.Code;
        return facts.BoneHealth switch
        {
            { ClearanceLevel: BoneHealthLevels.Restricted } bone => BoneHealthRestrictionStands(facts, type, asOf)
                ? Unmet(requirement, $"required: Triad risk score {bone.Score} (restricted); no {type} signed in this phase since that assessment")
                : Met(requirement, $"required: Triad risk score {bone.Score} (restricted); {type} signed since that assessment"),
            { } assessed => Met(requirement, $"not required: Triad risk score {assessed.Score} ({assessed.ClearanceLevel})"),
            null => Met(requirement, "not required: no restricted bone-health assessment"),
        };
    }

    private static RequirementResult TimeRequirement(RequirementDefinition requirement, DateOnly today, DateOnly earliest, string? context = null)
    {
        var prefix = context is null ? "" : context + "; ";
        return today >= earliest
            ? Met(requirement, $"{prefix}met since {earliest:yyyy-MM-dd}", earliest)
            : Unmet(requirement, $"{prefix}{earliest.DayNumber - today.DayNumber} more day(s)", earliest);
    }

    private static RequirementResult WeeksSinceInjury(RequirementDefinition requirement, EpisodeFacts facts, DateOnly today, int? episodeWeeks)
    {
        var weeks = Math.Max(Required(requirement.Weeks, requirement), episodeWeeks ?? 0);
        var since = facts.InjuryDate;
        var from = since == facts.DiagnosedOn ? "the diagnosis" : "the latest injury";
        return TimeRequirement(requirement, today, since.AddDays(7 * weeks), $"{weeks} weeks from {from} on {since:yyyy-MM-dd}");
    }

    /// <summary>Version 2 at a high-risk site: MRI or CT shows healing before the return to impact, in a study performed
    /// since the phase was entered, not followed by a worsening one (George 2024: radiological healing before running).</summary>
    private static RequirementResult HealingImagingAtHighRiskSite(
        ProtocolDefinition protocol, RequirementDefinition requirement, EpisodeFacts facts, DateOnly today, DateOnly enteredOn)
    {
        if (!protocol.IsHighRiskSite(facts.Site)) return Met(requirement, $"not required: {facts.Site} is not a high-risk site");
        var modalities = requirement.Modalities ?? [];
        var studies = facts.Imaging
            .Where(i => i.PerformedOn <= today)
            .OrderBy(i => i.PerformedOn).ThenBy(i => i.RecordedAt)
            .ToList();
        var lastWorsening = studies.FindLastIndex(i => ImagingFindings.IsWorsening(i.Finding));
        var confirming = studies.Skip(lastWorsening + 1)
            .LastOrDefault(i => i.Finding == ImagingFindings.Healing && i.PerformedOn >= enteredOn && modalities.Contains(i.Modality ?? ""));
        var which = string.Join(" or ", modalities);
        return confirming is not null
            ? Met(requirement, $"{confirming.Modality} on {confirming.PerformedOn:yyyy-MM-dd} shows healing")
            : Unmet(requirement, $"required at high-risk site {facts.Site}: needs {which} showing healing, performed on or after {enteredOn:yyyy-MM-dd}");
    }

    private static RequirementResult ClearanceRequirement(
        RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf, string? context = null)
    {
        var type = requirement.ClearanceType ?? requirement.Code;
        var signed = facts.Clearances.Any(c => c.Type == type && IsFresh(c.EffectiveAt, facts, asOf));
        var prefix = context is null ? "" : context + "; ";
        return signed
            ? Met(requirement, $"{prefix}{type} signed in this phase")
            : Unmet(requirement, $"{prefix}no {type} clearance signed in this phase");
    }

    /// <summary>The clearance, and no report from the patient of pain at rest after it (PROTOCOL.md "Pain").</summary>
    private static RequirementResult NoPainAtRest(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var cleared = ClearanceRequirement(requirement, facts, asOf);
        if (!cleared.Met) return cleared;
        var signedAt = facts.Clearances.Where(c => c.Type == PainRules.NoPainAtRest && IsFresh(c.EffectiveAt, facts, asOf)).Max(c => c.EffectiveAt);
        var restPainSince = facts.SymptomReports
            .Where(r => r.PainAtRest > 0 && r.EffectiveAt >= signedAt && IsFresh(r.EffectiveAt, facts, asOf))
            .OrderBy(r => r.EffectiveAt).LastOrDefault();
        return restPainSince is null
            ? cleared
            : Unmet(requirement, $"the patient reported pain at rest ({restPainSince.PainAtRest}/10) after the clearance; a new one is needed");
    }

    /// <summary>The latest pain measure in the phase — a clinician's score or the patient's own report, whichever is
    /// later — is within the threshold, and a clinician has scored the pain at least once in the phase.</summary>
    private static RequirementResult PainFree(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var threshold = Required(requirement.Threshold, requirement);
        var scores = FreshObservations(requirement, facts, asOf).ToList();
        if (scores.Count == 0) return Unmet(requirement, $"no {requirement.ObservationCode} scored by a clinician in this phase");
        var latest = PainRules.LatestMeasure(scores, facts.SymptomReports.Where(r => IsFresh(r.EffectiveAt, facts, asOf)))!;
        var source = latest.FromPatient ? "the patient's latest report" : $"latest {requirement.ObservationCode}";
        return latest.Value <= threshold
            ? Met(requirement, $"{source} is {Format(latest.Value)}")
            : Unmet(requirement, $"{source} is {Format(latest.Value)}; needs at most {Format(threshold)}");
    }

    private static RequirementResult ImagingRequirement(
        ProtocolDefinition protocol, RequirementDefinition requirement, EpisodeFacts facts, DateOnly today)
    {
        var notBefore = Durations.After(facts.NonWeightBearingSince, protocol.Imaging.MinDaysAfterNonWeightBearingStart);
        // A study is later than another by performance date, then by when it was recorded.
        var studies = facts.Imaging
            .Where(i => i.PerformedOn <= today)
            .OrderBy(i => i.PerformedOn).ThenBy(i => i.RecordedAt)
            .ToList();
        var lastWorsening = studies.FindLastIndex(i => ImagingFindings.IsWorsening(i.Finding));
        var healing = studies
            .Select((study, index) => (study, index))
            .LastOrDefault(s => s.index > lastWorsening
                && s.study.Finding == ImagingFindings.Healing
                && s.study.PerformedOn >= notBefore);

        if (healing.study is not null)
            return Met(requirement, $"{ImagingFindings.Healing} on {healing.study.PerformedOn:yyyy-MM-dd}");
        if (lastWorsening >= 0)
            return Unmet(requirement,
                $"{studies[lastWorsening].Finding} on {studies[lastWorsening].PerformedOn:yyyy-MM-dd}; needs a later study showing healing, " +
                $"performed on or after {notBefore:yyyy-MM-dd}", notBefore);
        return Unmet(requirement, $"needs a study showing healing performed on or after {notBefore:yyyy-MM-dd}", notBefore);
    }

    private static RequirementResult AnyObservationAtLeast(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var threshold = Required(requirement.Threshold, requirement);
        var best = FreshObservations(requirement, facts, asOf).Select(o => (decimal?)o.Value).Max();
        return best switch
        {
            null => Unmet(requirement, $"no {requirement.ObservationCode} recorded in this phase"),
            var value when value >= threshold => Met(requirement, $"{requirement.ObservationCode} of {Format(value.Value)} recorded"),
            var value => Unmet(requirement, $"best {requirement.ObservationCode} is {Format(value.Value)}; needs at least {Format(threshold)}"),
        };
    }

    /// <summary>The walk–run ladder climbed in order to its last step, run without pain, in this phase. Only counted
    /// sessions climb it, so it reports the earliest date it can be complete, as a time rule does (the timeline reads
    /// it). Never an observation, in every protocol version: a recorded continuous run would skip the whole pacing.</summary>
    private static RequirementResult WalkRunComplete(
        ProtocolDefinition protocol, RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var ladder = protocol.WalkRun;
        var progress = WalkRunLadder.Progress(ladder, facts.WalkRunSessions.Where(s => IsFresh(s.EffectiveAt, facts, asOf)));
        if (progress.LadderComplete)
            return Met(requirement, $"walk–run ladder completed (step {progress.CurrentStep.Step} without pain)");
        // Sessions may be recorded late, so the bound can lie in the past; it is shown from today at the earliest.
        var earliest = Later(WalkRunLadder.EarliestCompletion(ladder, progress, facts.Calendar.DateOf(facts.PhaseEnteredAt))!.Value, facts.Calendar.DateOf(asOf));
        return Unmet(requirement,
            $"walk–run ladder at step {progress.CurrentStep.Step} of {ladder.Steps.Count}, {progress.PainFreeSessionsAtStep} of " +
            $"{progress.SessionsToMoveUp} counted sessions at this step; complete on {earliest:yyyy-MM-dd} at the earliest",
            earliest);
    }

    private static ObservationFact? LatestObservation(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf) =>
        FreshObservations(requirement, facts, asOf)
            .OrderBy(o => o.EffectiveAt).ThenBy(o => o.RecordedAt)
            .LastOrDefault();

    private static IEnumerable<ObservationFact> FreshObservations(RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf) =>
        facts.Observations.Where(o => o.Code == requirement.ObservationCode && IsFresh(o.EffectiveAt, facts, asOf));

    /// <summary>The freshness rule: evidence counts only from the latest entry into the phase the gate
    /// leaves, and only if it was effective by the moment of evaluation.</summary>
    private static bool IsFresh(DateTimeOffset effectiveAt, EpisodeFacts facts, DateTimeOffset asOf) =>
        effectiveAt >= facts.PhaseEnteredAt && effectiveAt <= asOf;

    /// <summary>The clinic dates of the moment of evaluation and of the latest entry into the phase.</summary>
    private readonly record struct EvaluationDates(DateOnly Today, DateOnly EnteredOn);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static T Required<T>(T? value, RequirementDefinition requirement) where T : struct =>
        value ?? throw new InvalidOperationException($"Requirement {requirement.Code} ({requirement.Rule}) lacks a parameter.");

    private static string Format(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static RequirementResult Met(RequirementDefinition r, string? detail = null, DateOnly? earliest = null) =>
        new(r.Code, r.Description, true, detail, earliest);

    private static RequirementResult Unmet(RequirementDefinition r, string? detail = null, DateOnly? earliest = null) =>
        new(r.Code, r.Description, false, detail, earliest);
}
