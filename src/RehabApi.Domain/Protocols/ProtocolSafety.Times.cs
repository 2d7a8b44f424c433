namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    /// <summary>The floor's phases, in its order, each as weight-bearing as in the floor. Only the name and the typical
    /// stay (longer: the timeline's expected dates, never its earliest) may change.</summary>
    private static void CheckPhases(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        var floorCodes = floor.Phases.Select(p => p.Code).ToList();
        if (!candidate.Phases.Select(p => p.Code).SequenceEqual(floorCodes))
            findings.Add("phases", $"phases must be the default's, in order: {string.Join(", ", floorCodes)}.");

        // Compared by code, so that a misplaced phase still has its own fields checked.
        for (var i = 0; i < candidate.Phases.Count; i++)
        {
            var (phase, at) = (candidate.Phases[i], $"phases[{i}]");
            Text(findings, $"{at}.name", phase.Name, MaxNameLength);
            if (floor.Phases.FirstOrDefault(p => p.Code == phase.Code) is not { } expected) continue;
            if (phase.WeightBearing != expected.WeightBearing)
                findings.Add($"{at}.weightBearing", $"{phase.Code} is '{expected.WeightBearing}' weight-bearing in the default; it may not change.");
            AtLeastTheFloor(findings, $"{at}.typicalDays", phase.TypicalDays, expected.TypicalDays, MaxDays, "a typical stay may only get longer");
        }
    }

    /// <summary>Weeks off the leg: the minimum, the defaults and the ceiling a clinician may plan up to may all grow,
    /// never shrink (a lower ceiling would stop a clinician planning the 8 weeks a fracture line needs).</summary>
    private static void CheckNonWeightBearingWeeks(NonWeightBearingWeeks weeks, NonWeightBearingWeeks floor, Findings findings)
    {
        const string field = "nonWeightBearingWeeks";
        if (weeks.Min < floor.Min)
            findings.Add($"{field}.min", $"min is {weeks.Min}; the bone needs at least {floor.Min} weeks off the leg.");
        else Bounded(findings, $"{field}.min", weeks.Min, MaxWeeks);
        AtLeastTheFloor(findings, $"{field}.max", weeks.Max, floor.Max, MaxWeeks, "a clinician must still be able to plan that long");
        if (weeks.Max < weeks.Min && weeks.Max >= floor.Max) findings.Add($"{field}.max", $"max ({weeks.Max}) is below min ({weeks.Min}).");

        foreach (var (name, value, floorValue) in new[]
                 {
                     ("defaultAtHighRiskSite", weeks.DefaultAtHighRiskSite, floor.DefaultAtHighRiskSite),
                     ("defaultElsewhere", weeks.DefaultElsewhere, floor.DefaultElsewhere),
                 })
        {
            if (value < floorValue)
                findings.Add($"{field}.{name}", $"{name} is {value}; the default keeps the bone off the leg for at least {floorValue} weeks here.");
            else if (value > MaxWeeks)
                findings.Add($"{field}.{name}", $"{name} may be at most {MaxWeeks}.");
            else if (value < weeks.Min || value > weeks.Max)
                findings.Add($"{field}.{name}", $"{name} ({value}) must be between min ({weeks.Min}) and max ({weeks.Max}).");
        }
    }

    private static void CheckImaging(ImagingRule imaging, ImagingRule floor, Findings findings)
    {
        var days = imaging.MinDaysAfterNonWeightBearingStart;
        if (days < floor.MinDaysAfterNonWeightBearingStart)
            findings.Add("imaging.minDaysAfterNonWeightBearingStart",
                $"Imaging {days} days after coming off the leg is too early to show healing; at least {floor.MinDaysAfterNonWeightBearingStart}.");
        Bounded(findings, "imaging.minDaysAfterNonWeightBearingStart", days, MaxDays);
    }

    /// <summary>Pain reports may start blocking gates earlier than in the default, never later.</summary>
    private static void CheckPainReportsFromPhase(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        var from = floor.PhaseIndex(candidate.PainReportsFromPhase);
        if (from < 0 || from > floor.PhaseIndex(floor.PainReportsFromPhase))
            findings.Add("painReportsFromPhase", $"painReportsFromPhase must be '{floor.PainReportsFromPhase}' or an earlier phase.");
    }
}
