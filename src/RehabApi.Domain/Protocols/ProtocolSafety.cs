namespace RehabApi.Domain.Protocols;

/// <summary>Decides whether a clinic's own version of a protocol may be published: it must be well formed and
/// keep the safety floors of the built-in version it varies (<paramref name="floor"/> in <see cref="Check"/>).
/// A clinic may make the protocol stricter — longer, higher, more sign-offs — never looser. Pure: the same
/// answer for the same two definitions, and nothing is read or written.</summary>
public static partial class ProtocolSafety
{
    /// <summary>Field errors (a JSON path into the submitted definition, and a message naming what is unsafe or
    /// malformed and why); empty when <paramref name="candidate"/> may be published.</summary>
    public static IReadOnlyList<(string Field, string Message)> Check(ProtocolDefinition candidate, ProtocolDefinition floor)
    {
        var findings = new Findings();
        // Later checks walk these collections; a definition with holes in it is reported and stops here.
        if (!IsComplete(candidate, findings)) return findings.All;

        if (candidate.Key != floor.Key) findings.Add("key", $"key must be '{floor.Key}', the protocol this version varies.");
        if (string.IsNullOrWhiteSpace(candidate.Title)) findings.Add("title", "title is required.");
        CheckPhases(candidate, floor, findings);
        CheckNonWeightBearingWeeks(candidate.NonWeightBearingWeeks, floor.NonWeightBearingWeeks, findings);
        CheckSites(candidate, floor, findings);
        CheckImagingAndPainReports(candidate, floor, findings);
        CheckClearanceTypes(candidate, floor, findings);
        CheckObservationCodes(candidate, findings);
        CheckRoles(candidate, floor, findings);
        CheckCommonRequirements(candidate, findings);
        CheckGates(candidate, floor, findings);
        CheckWalkRun(candidate.WalkRun, floor.WalkRun, findings);
        CheckVersion2(candidate, floor, findings);
        return findings.All;
    }

    private static void CheckPhases(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        var codes = candidate.Phases.Select(p => p.Code).ToList();
        var floorCodes = floor.Phases.Select(p => p.Code).ToList();
        if (!codes.SequenceEqual(floorCodes))
        {
            findings.Add("phases", $"phases must be the default's, in order: {string.Join(", ", floorCodes)}.");
            return;
        }
        for (var i = 0; i < codes.Count; i++)
        {
            var (phase, expected) = (candidate.Phases[i], floor.Phases[i]);
            if (phase.WeightBearing != expected.WeightBearing)
                findings.Add($"phases[{i}].weightBearing", $"{phase.Code} is '{expected.WeightBearing}' weight-bearing in the default; it may not change.");
            if (string.IsNullOrWhiteSpace(phase.Name)) findings.Add($"phases[{i}].name", "name is required.");
            if (phase.TypicalDays < 0) findings.Add($"phases[{i}].typicalDays", "typicalDays may not be negative.");
            Bounded(findings, $"phases[{i}].typicalDays", phase.TypicalDays, MaxDays);
        }
    }

    private static void CheckNonWeightBearingWeeks(NonWeightBearingWeeks weeks, NonWeightBearingWeeks floor, Findings findings)
    {
        const string field = "nonWeightBearingWeeks";
        if (weeks.Min < floor.Min)
            findings.Add($"{field}.min", $"min is {weeks.Min}; the bone needs at least {floor.Min} weeks off the leg.");
        if (weeks.Max < weeks.Min) findings.Add($"{field}.max", $"max ({weeks.Max}) is below min ({weeks.Min}).");
        Bounded(findings, $"{field}.max", weeks.Max, MaxWeeks);
        foreach (var (name, value) in new[] { ("defaultAtHighRiskSite", weeks.DefaultAtHighRiskSite), ("defaultElsewhere", weeks.DefaultElsewhere) })
        {
            if (value < floor.Min)
                findings.Add($"{field}.{name}", $"{name} is {value}; the bone needs at least {floor.Min} weeks off the leg.");
            else if (value < weeks.Min || value > weeks.Max)
                findings.Add($"{field}.{name}", $"{name} ({value}) must be between min ({weeks.Min}) and max ({weeks.Max}).");
        }
    }

    private static void CheckSites(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        MustKeep(findings, "sites", candidate.Sites, floor.Sites, "site");
        MustKeep(findings, "highRiskSites", candidate.HighRiskSites, floor.HighRiskSites, "high-risk site");
        foreach (var site in candidate.HighRiskSites.Except(candidate.Sites))
            findings.Add("highRiskSites", $"'{site}' is not one of the protocol's sites.");

        var referral = candidate.SurgicalReferral;
        MustKeep(findings, "surgicalReferral.sites", referral.Sites, floor.SurgicalReferral.Sites, "surgical-referral site");
        if (floor.SurgicalReferral.WhenDisplaced && !referral.WhenDisplaced)
            findings.Add("surgicalReferral.whenDisplaced", "A displaced fracture must still be referred to a surgeon.");
        if (referral.MinNeckWidthPercent > floor.SurgicalReferral.MinNeckWidthPercent || referral.MinNeckWidthPercent <= 0)
            findings.Add("surgicalReferral.minNeckWidthPercent",
                $"minNeckWidthPercent must be above 0 and at most the default {floor.SurgicalReferral.MinNeckWidthPercent}.");
    }

    private static void CheckImagingAndPainReports(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        var days = candidate.Imaging.MinDaysAfterNonWeightBearingStart;
        if (days < floor.Imaging.MinDaysAfterNonWeightBearingStart)
            findings.Add("imaging.minDaysAfterNonWeightBearingStart",
                $"Imaging {days} days after coming off the leg is too early to show healing; at least {floor.Imaging.MinDaysAfterNonWeightBearingStart}.");
        Bounded(findings, "imaging.minDaysAfterNonWeightBearingStart", days, MaxDays);
        // Pain reports may start blocking gates earlier than in the default, never later.
        var from = candidate.PhaseIndex(candidate.PainReportsFromPhase);
        if (from < 0 || from > floor.PhaseIndex(floor.PainReportsFromPhase))
            findings.Add("painReportsFromPhase", $"painReportsFromPhase must be '{floor.PainReportsFromPhase}' or an earlier phase.");
    }

    /// <summary>The ladder paces the return to running: a clinic may make it longer or slower, never shorter or faster.
    /// The upper bounds keep the ladder's date arithmetic (WalkRunLadder.EarliestCompletion) far inside the calendar.</summary>
    private static void CheckWalkRun(WalkRunLadderDefinition ladder, WalkRunLadderDefinition floor, Findings findings)
    {
        if (ladder.Phase != floor.Phase) findings.Add("walkRun.phase", $"walkRun.phase must be '{floor.Phase}'.");
        AtLeastTheFloor("sessionsToMoveUp", ladder.SessionsToMoveUp, floor.SessionsToMoveUp, MaxWalkRunSessionsToMoveUp);
        AtLeastTheFloor("restDaysAfterPain", ladder.RestDaysAfterPain, floor.RestDaysAfterPain, MaxDays);
        AtLeastTheFloor("minDaysBetweenSessions", ladder.MinDaysBetweenSessions, floor.MinDaysBetweenSessions, MaxDays);
        if (ladder.Steps.Count < floor.Steps.Count || ladder.Steps.Count > MaxWalkRunSteps)
            findings.Add("walkRun.steps", $"The ladder needs from {floor.Steps.Count} (the default) to {MaxWalkRunSteps} steps; it has {ladder.Steps.Count}.");
        if (ladder.Steps.LastOrDefault()?.ContinuousRunMinutes < floor.Steps[^1].ContinuousRunMinutes)
            findings.Add($"walkRun.steps[{ladder.Steps.Count - 1}].continuousRunMinutes",
                $"The last step's continuous run may not be shorter than the default {floor.Steps[^1].ContinuousRunMinutes} minutes.");
        for (var i = 0; i < ladder.Steps.Count; i++)
        {
            var step = ladder.Steps[i];
            var intervals = step is { WalkMinutes: > 0, RunMinutes: > 0, Repeats: > 0, ContinuousRunMinutes: null };
            var continuous = step is { ContinuousRunMinutes: > 0, WalkMinutes: null, RunMinutes: null, Repeats: null };
            if (step.Step != i + 1 || !(i == ladder.Steps.Count - 1 ? continuous : intervals))
                findings.Add($"walkRun.steps[{i}]", "Steps are numbered from 1, walk/run intervals with repeats, and the last one a continuous run.");
        }

        void AtLeastTheFloor(string name, int value, int min, int max)
        {
            if (value < min) findings.Add($"walkRun.{name}", $"{name} may not be below the default {min}.");
            else if (value > max) findings.Add($"walkRun.{name}", $"{name} may be at most {max}.");
        }
    }

    /// <summary>Every duration is a bounded whole number (PROTOCOL.md "Date bounds" [all versions]), so no date arithmetic
    /// can overflow: a time rule of 613566756 weeks once wrapped round and was met before the diagnosis.</summary>
    private const int MaxDays = 365, MaxWeeks = 52, MaxWalkRunSessionsToMoveUp = 52, MaxWalkRunSteps = 20;

    private static void Bounded(Findings findings, string field, int? value, int max)
    {
        if (value > max) findings.Add(field, $"{field.Split('.')[^1]} may be at most {max}.");
    }

    /// <summary>Every value of <paramref name="floor"/> is still in <paramref name="values"/>.</summary>
    private static void MustKeep(Findings findings, string field, IEnumerable<string> values, IEnumerable<string> floor, string what)
    {
        foreach (var missing in floor.Except(values))
            findings.Add(field, $"The default's {what} '{missing}' must be kept.");
    }

    private sealed class Findings
    {
        private readonly List<(string Field, string Message)> all = [];

        public IReadOnlyList<(string Field, string Message)> All => all;

        public void Add(string field, string message) => all.Add((field, message));
    }
}
