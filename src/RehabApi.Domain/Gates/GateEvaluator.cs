using System.Globalization;
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
                Later(facts.NonWeightBearingSince, enteredOn)
                    .AddDays(7 * facts.PlannedNonWeightBearingWeeks)),

            RequirementRules.MinDaysInPhase => TimeRequirement(requirement, today,
                enteredOn.AddDays(Required(requirement.Days, requirement))),

            RequirementRules.MinWeeksSinceDiagnosis => TimeRequirement(requirement, today,
                facts.DiagnosedOn.AddDays(7 * Required(requirement.Weeks, requirement))),

            RequirementRules.Clearance => ClearanceRequirement(requirement, facts, asOf),

            RequirementRules.ClearanceIfBoneHealthRisk => BoneHealthRisk(protocol, facts) is { } why
                ? ClearanceRequirement(requirement, facts, asOf, $"required: {why}")
                : Met(requirement, "not required: no high-risk site and no risk factor recorded"),

            RequirementRules.ImagingShowsHealing => ImagingRequirement(protocol, requirement, facts, today),

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

            RequirementRules.ClearanceIfRestrictedBoneHealth => facts.BoneHealth is { ClearanceLevel: BoneHealthLevels.Restricted } bone
                ? ClearanceRequirement(requirement, facts, asOf, $"required: Triad risk score {bone.Score} (restricted)")
                : Met(requirement, facts.BoneHealth is { } assessed
                    ? $"not required: Triad risk score {assessed.Score} ({assessed.ClearanceLevel})"
                    : "not required: no restricted bone-health assessment"),

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

    private static RequirementResult TimeRequirement(RequirementDefinition requirement, DateOnly today, DateOnly earliest) =>
        today >= earliest
            ? Met(requirement, $"met since {earliest:yyyy-MM-dd}", earliest)
            : Unmet(requirement, $"{earliest.DayNumber - today.DayNumber} more day(s)", earliest);

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

    private static RequirementResult ImagingRequirement(
        ProtocolDefinition protocol, RequirementDefinition requirement, EpisodeFacts facts, DateOnly today)
    {
        var notBefore = facts.NonWeightBearingSince.AddDays(protocol.Imaging.MinDaysAfterNonWeightBearingStart);
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
            return Unmet(requirement, $"{studies[lastWorsening].Finding} on {studies[lastWorsening].PerformedOn:yyyy-MM-dd}; needs a later study showing healing");
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

    /// <summary>The walk–run ladder climbed to its last step, done without pain, in this phase (skipping steps
    /// does not count); a clinic may instead record the continuous run itself as an observation.</summary>
    private static RequirementResult WalkRunComplete(
        ProtocolDefinition protocol, RequirementDefinition requirement, EpisodeFacts facts, DateTimeOffset asOf)
    {
        var fresh = facts.WalkRunSessions.Where(s => IsFresh(s.EffectiveAt, facts, asOf));
        var progress = WalkRunLadder.Progress(protocol.WalkRun, fresh);
        if (progress.LadderComplete)
            return Met(requirement, $"walk–run ladder completed (step {progress.CurrentStep.Step} without pain)");
        var observed = AnyObservationAtLeast(requirement, facts, asOf);
        return observed.Met
            ? observed
            : Unmet(requirement, $"walk–run ladder at step {progress.CurrentStep.Step} of {protocol.WalkRun.Steps.Count}; {observed.Detail}");
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
