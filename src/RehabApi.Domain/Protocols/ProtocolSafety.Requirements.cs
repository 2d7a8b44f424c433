namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    private static readonly string[] ClearanceRules =
    [
        RequirementRules.Clearance, RequirementRules.ClearanceIfBoneHealthRisk, RequirementRules.ClearanceIfRestrictedBoneHealth,
        RequirementRules.ClearanceIfBoneHealthScore,
    ];

    /// <summary>Rules met when a value reaches a threshold from below: a clinic may only raise it.</summary>
    private static readonly string[] AtLeastRules =
        [RequirementRules.LatestObservationAtLeast, RequirementRules.AnyObservationAtLeast];

    /// <summary>What a clinic may add to a gate: requirements that can only block (a sign-off, an observation threshold,
    /// days in the phase). The other rules mean something beyond their own gate (the first
    /// clearance-if-restricted-bone-health names the clearance that lifts a bone-health hold; the time rules, imaging and
    /// the ladder date the timeline), so they stay where the default has them.</summary>
    private static readonly string[] AddableRules =
    [
        RequirementRules.Clearance, RequirementRules.LatestObservationAtLeast, RequirementRules.LatestObservationAtMost,
        RequirementRules.AnyObservationAtLeast, RequirementRules.MinDaysInPhase,
    ];

    /// <summary>Every requirement of the floor is kept (by code) and compared with it; any other is an added one.</summary>
    private static void CheckRequirements(
        ProtocolDefinition candidate, ProtocolDefinition floor, string field, IReadOnlyList<RequirementDefinition> requirements,
        IReadOnlyList<RequirementDefinition> floorRequirements, string where, Findings findings)
    {
        Unique(findings, field, requirements.Select(r => r.Code), "requirement code");
        foreach (var missing in floorRequirements.Where(f => requirements.All(r => r.Code != f.Code)))
            findings.Add(field, $"The requirement '{missing.Code}' ({missing.Rule}) {where} must be kept.");

        for (var i = 0; i < requirements.Count; i++)
        {
            var (r, at) = (requirements[i], $"{field}[{i}]");
            Text(findings, $"{at}.description", r.Description, MaxDescriptionLength);
            if (floorRequirements.FirstOrDefault(f => f.Code == r.Code) is { } kept)
                CheckKept(candidate, r, kept, at, findings);
            else
                CheckAdded(candidate, floor, r, at, findings);
        }
    }

    /// <summary>A requirement the floor has: the same rule and parameters, times only longer, thresholds only stricter.</summary>
    private static void CheckKept(ProtocolDefinition candidate, RequirementDefinition r, RequirementDefinition floor, string at, Findings findings)
    {
        // A conditional sign-off may become unconditional (stricter), not the other way round.
        var sameRule = r.Rule == floor.Rule || ClearanceRules.Contains(floor.Rule) && r.Rule == RequirementRules.Clearance;
        if (!sameRule) findings.Add($"{at}.rule", $"{floor.Code} must keep the rule '{floor.Rule}'.");
        Same(findings, $"{at}.clearanceType", floor, r.ClearanceType, floor.ClearanceType);
        Same(findings, $"{at}.observationCode", floor, r.ObservationCode, floor.ObservationCode);
        CheckKeptVersion2(floor, r, at, findings);

        if (floor.Days is { } days)
        {
            if (!(r.Days >= days)) findings.Add($"{at}.days", $"{floor.Code} may only get longer: at least {days} days, as in the default.");
            Bounded(findings, $"{at}.days", r.Days, MaxDays);
        }
        else Same(findings, $"{at}.days", floor, r.Days, null);

        if (floor.Weeks is { } weeks)
        {
            if (!(r.Weeks >= weeks)) findings.Add($"{at}.weeks", $"{floor.Code} may only get longer: at least {weeks} weeks, as in the default.");
            Bounded(findings, $"{at}.weeks", r.Weeks, MaxWeeks);
        }
        else Same(findings, $"{at}.weeks", floor, r.Weeks, null);

        if (floor.Threshold is not { } threshold)
        {
            Same(findings, $"{at}.threshold", floor, r.Threshold, null);
            return;
        }
        if (r.Threshold is not { } value)
            findings.Add($"{at}.threshold", $"{floor.Code} needs a threshold.");
        else if (AtLeastRules.Contains(floor.Rule) ? value < threshold : value > threshold)
            findings.Add($"{at}.threshold", AtLeastRules.Contains(floor.Rule)
                ? $"{floor.Code} threshold {value} is below the default {threshold}; it may only go up."
                : $"{floor.Code} threshold {value} is above the default {threshold}; it may only go down.");
        else
            WithinRange(candidate, r, at, findings);
    }

    /// <summary>A requirement the clinic adds: one that can only block, with exactly the parameters its rule reads.</summary>
    private static void CheckAdded(ProtocolDefinition candidate, ProtocolDefinition floor, RequirementDefinition r, string at, Findings findings)
    {
        Code(findings, $"{at}.code", r.Code);
        // Requirement codes are stable API identifiers: one code, one meaning.
        if (floor.CommonRequirements.Concat(floor.Gates.SelectMany(g => g.Requirements)).Any(f => f.Code == r.Code))
            findings.Add($"{at}.code", $"'{r.Code}' is a requirement of the default elsewhere; an added requirement needs a code of its own.");
        if (!RequirementRules.All.Contains(r.Rule))
        {
            findings.Add($"{at}.rule", $"'{r.Rule}' is not a known rule; use one of: {string.Join(", ", RequirementRules.All)}.");
            return;
        }
        if (!AddableRules.Contains(r.Rule))
        {
            findings.Add($"{at}.rule", $"A '{r.Rule}' requirement may not be added; an added requirement is one of: {string.Join(", ", AddableRules)}.");
            return;
        }

        string[] reads = r.Rule switch
        {
            RequirementRules.Clearance => ["clearanceType"],
            RequirementRules.MinDaysInPhase => ["days"],
            _ => ["observationCode", "threshold"],
        };
        foreach (var (name, value) in new (string, object?)[]
                 {
                     ("clearanceType", r.ClearanceType), ("observationCode", r.ObservationCode), ("threshold", r.Threshold),
                     ("days", r.Days), ("weeks", r.Weeks),
                 })
        {
            if (reads.Contains(name) && value is null) findings.Add($"{at}.{name}", $"{r.Code} needs {name}.");
            if (!reads.Contains(name) && value is not null) findings.Add($"{at}.{name}", $"A '{r.Rule}' requirement takes no {name}.");
        }

        if (r.ClearanceType is { } type && reads.Contains("clearanceType") && candidate.ClearanceType(type) is null)
            findings.Add($"{at}.clearanceType", $"{r.Code} names clearance type '{type}', which is not in clearanceTypes.");
        if (r.ObservationCode is { } code && reads.Contains("observationCode") && candidate.ObservationCode(code) is null)
            findings.Add($"{at}.observationCode", $"{r.Code} names observation code '{code}', which is not in observationCodes.");
        if (r.Threshold is not null && reads.Contains("threshold")) WithinRange(candidate, r, at, findings);
        if (r.Days is { } days && reads.Contains("days") && (days < 1 || days > MaxDays))
            findings.Add($"{at}.days", $"days must be from 1 to {MaxDays}.");
    }

    /// <summary>A threshold the observation can reach: one outside its range would never be met, or always.</summary>
    private static void WithinRange(ProtocolDefinition candidate, RequirementDefinition r, string at, Findings findings)
    {
        if (r.ObservationCode is { } name && candidate.ObservationCode(name) is { } code && (r.Threshold < code.Min || r.Threshold > code.Max))
            findings.Add($"{at}.threshold", $"{r.Code} threshold {r.Threshold} is outside {code.Code}'s range {code.Min}–{code.Max}.");
    }

    /// <summary>A parameter that may not change from the floor's (null: the floor's requirement does not take it).</summary>
    private static void Same<T>(Findings findings, string field, RequirementDefinition floor, T? value, T? expected)
    {
        if (EqualityComparer<T?>.Default.Equals(value, expected)) return;
        var name = field.Split('.')[^1];
        findings.Add(field, expected is not null ? $"{floor.Code} must keep the {name} '{expected}'."
            // Only the ladder meets walk-run-complete [all versions]: an observation named here would read as a way round it.
            : floor.Rule == RequirementRules.WalkRunComplete ? $"{floor.Code} is met by the walk–run ladder only; it takes no {name}."
            : $"{floor.Code} takes no {name} in the default; it may not be added.");
    }
}
