namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    private static readonly string[] TimeRules =
    [
        RequirementRules.PlannedNonWeightBearingTime, RequirementRules.MinDaysInPhase, RequirementRules.MinWeeksSinceDiagnosis,
        RequirementRules.PlannedTimeBeforeImpact, RequirementRules.PlannedTimeBeforeDischarge,
    ];

    private static readonly string[] ClearanceRules =
    [
        RequirementRules.Clearance, RequirementRules.ClearanceIfBoneHealthRisk, RequirementRules.ClearanceIfRestrictedBoneHealth,
        RequirementRules.ClearanceIfBoneHealthScore,
    ];

    /// <summary>Rules met when a value reaches a threshold from below: a clinic may only raise it.</summary>
    private static readonly string[] AtLeastRules =
        [RequirementRules.LatestObservationAtLeast, RequirementRules.AnyObservationAtLeast];

    private static void CheckCommonRequirements(ProtocolDefinition candidate, Findings findings)
    {
        CheckRequirements(candidate, "commonRequirements", candidate.CommonRequirements, findings);
        foreach (var rule in new[] { RequirementRules.NotOnHold, RequirementRules.NoOpenPainReports })
            if (candidate.CommonRequirements.All(r => r.Rule != rule))
                findings.Add("commonRequirements", $"The common requirement '{rule}' must be kept: it applies to every gate.");
    }

    private static void CheckGates(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        for (var i = 0; i < candidate.Gates.Count; i++)
        {
            var gate = candidate.Gates[i];
            // The evaluator finds a gate by the phase it leaves: one gate per phase, between the default's phases.
            if (!floor.Gates.Any(g => g.From == gate.From && g.To == gate.To))
                findings.Add($"gates[{i}]", $"There is no gate from '{gate.From}' to '{gate.To}' in the default; gates join each phase to the next.");
            else if (IndexOf(candidate.Gates, g => g.From == gate.From) != i)
                findings.Add($"gates[{i}]", $"There is already a gate from '{gate.From}'.");
            CheckRequirements(candidate, $"gates[{i}].requirements", gate.Requirements, findings);
        }

        foreach (var floorGate in floor.Gates)
        {
            var index = IndexOf(candidate.Gates, g => g.From == floorGate.From && g.To == floorGate.To);
            if (index < 0)
                findings.Add("gates", $"The gate from '{floorGate.From}' to '{floorGate.To}' must be kept.");
            else
                foreach (var kept in floorGate.Requirements.Where(r => IsSafetyFloor(r, floor)))
                    CheckKept(kept, candidate.Gates[index], $"gates[{index}].requirements", findings);
        }
    }

    /// <summary>The requirements a clinic may not drop: imaging, the walk–run ladder, a physician's sign-off, a minimum
    /// time, a threshold.</summary>
    private static bool IsSafetyFloor(RequirementDefinition requirement, ProtocolDefinition floor) =>
        requirement.Rule is RequirementRules.ImagingShowsHealing or RequirementRules.WalkRunComplete
            or RequirementRules.BoneHealthAssessed or RequirementRules.HealingImagingAtHighRiskSite
        || TimeRules.Contains(requirement.Rule)
        || requirement.Threshold is not null
        || ClearanceRules.Contains(requirement.Rule)
            && floor.ClearanceType(requirement.ClearanceType!) is { } type && IsPhysicianSigned(type);

    private static void CheckKept(RequirementDefinition floor, GateDefinition gate, string field, Findings findings)
    {
        var index = IndexOf(gate.Requirements, r => r.Code == floor.Code);
        if (index < 0)
        {
            findings.Add(field, $"The requirement '{floor.Code}' ({floor.Rule}) of the gate from '{gate.From}' must be kept.");
            return;
        }
        var kept = gate.Requirements[index];
        var at = $"{field}[{index}]";
        // A conditional sign-off may become unconditional (stricter), not the other way round.
        var sameRule = kept.Rule == floor.Rule || ClearanceRules.Contains(floor.Rule) && kept.Rule == RequirementRules.Clearance;
        if (!sameRule) findings.Add($"{at}.rule", $"{floor.Code} must keep the rule '{floor.Rule}'.");
        if (kept.ClearanceType != floor.ClearanceType)
            findings.Add($"{at}.clearanceType", $"{floor.Code} must keep the clearance type '{floor.ClearanceType}'.");
        if (kept.ObservationCode != floor.ObservationCode)
            findings.Add($"{at}.observationCode", $"{floor.Code} must keep the observation code '{floor.ObservationCode}'.");
        if (floor.Days is { } days && !(kept.Days >= days))
            findings.Add($"{at}.days", $"{floor.Code} may only get longer: at least {days} days, as in the default.");
        if (floor.Weeks is { } weeks && !(kept.Weeks >= weeks))
            findings.Add($"{at}.weeks", $"{floor.Code} may only get longer: at least {weeks} weeks, as in the default.");
        if (floor.Threshold is { } threshold)
        {
            if (AtLeastRules.Contains(floor.Rule) && !(kept.Threshold >= threshold))
                findings.Add($"{at}.threshold", $"{floor.Code} threshold {kept.Threshold} is below the default {threshold}; it may only go up.");
            if (floor.Rule is RequirementRules.LatestObservationAtMost or RequirementRules.ClearanceIfBoneHealthScore && !(kept.Threshold <= threshold))
                findings.Add($"{at}.threshold", $"{floor.Code} threshold {kept.Threshold} is above the default {threshold}; it may only go down.");
        }
        CheckKeptVersion2(floor, kept, at, findings);
    }

    /// <summary>Each requirement names a known rule and carries the parameters that rule reads.</summary>
    private static void CheckRequirements(ProtocolDefinition candidate, string field, IReadOnlyList<RequirementDefinition> requirements, Findings findings)
    {
        Unique(findings, field, requirements.Select(r => r.Code), "requirement code");
        for (var i = 0; i < requirements.Count; i++)
        {
            var (r, at) = (requirements[i], $"{field}[{i}]");
            if (string.IsNullOrWhiteSpace(r.Code)) findings.Add($"{at}.code", "code is required.");
            if (string.IsNullOrWhiteSpace(r.Description)) findings.Add($"{at}.description", "description is required.");
            if (!RequirementRules.All.Contains(r.Rule))
            {
                findings.Add($"{at}.rule", $"'{r.Rule}' is not a known rule; use one of: {string.Join(", ", RequirementRules.All)}.");
                continue;
            }
            if (ClearanceRules.Contains(r.Rule) && (r.ClearanceType is null || candidate.ClearanceType(r.ClearanceType) is null))
                findings.Add($"{at}.clearanceType", $"{r.Code} names clearance type '{r.ClearanceType}', which is not in clearanceTypes.");
            // Only the ladder meets walk-run-complete [all versions]: an observation named here would read as a way round it.
            if (r.Rule == RequirementRules.WalkRunComplete && (r.ObservationCode is not null || r.Threshold is not null))
                findings.Add($"{at}.observationCode", $"{r.Code} is met by the walk–run ladder only; it takes no observationCode or threshold.");
            if (r.Rule.Contains("observation"))
            {
                var code = r.ObservationCode is null ? null : candidate.ObservationCode(r.ObservationCode);
                if (code is null)
                    findings.Add($"{at}.observationCode", $"{r.Code} names observation code '{r.ObservationCode}', which is not in observationCodes.");
                if (r.Threshold is null)
                    findings.Add($"{at}.threshold", $"{r.Code} needs a threshold.");
                else if (code is not null && (r.Threshold < code.Min || r.Threshold > code.Max))
                    findings.Add($"{at}.threshold", $"{r.Code} threshold {r.Threshold} is outside {code.Code}'s range {code.Min}–{code.Max}.");
            }
            if (r.Rule == RequirementRules.MinDaysInPhase && !(r.Days > 0)) findings.Add($"{at}.days", $"{r.Code} needs days above 0.");
            if (r.Rule == RequirementRules.MinWeeksSinceDiagnosis && !(r.Weeks > 0)) findings.Add($"{at}.weeks", $"{r.Code} needs weeks above 0.");
            CheckVersion2Requirement(r, at, findings);
            Bounded(findings, $"{at}.days", r.Days, MaxDays);
            Bounded(findings, $"{at}.weeks", r.Weeks, MaxWeeks);
        }
    }
}
