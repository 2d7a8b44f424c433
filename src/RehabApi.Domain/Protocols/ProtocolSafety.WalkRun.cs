namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    /// <summary>Bounds of the ladder, so that its dates (WalkRunLadder.EarliestCompletion: steps × sessions × days between)
    /// stay far inside the calendar, and a step stays a step.</summary>
    private const int MaxWalkRunSteps = 20, MaxWalkRunSessionsToMoveUp = 52, MaxStepMinutes = 60, MaxStepRepeats = 20,
        MaxContinuousRunMinutes = 180;

    /// <summary>The ladder paces the return to running: a clinic may make it longer or slower, never shorter or faster.
    /// The floor's interval steps are kept as they are, in order; gentler steps may be added among them, the running
    /// load never falling from one step to the next (so no added step is harder than the one after it); the last step
    /// is a continuous run at least as long as the floor's.</summary>
    private static void CheckWalkRun(WalkRunLadderDefinition ladder, WalkRunLadderDefinition floor, Findings findings)
    {
        if (ladder.Phase != floor.Phase) findings.Add("walkRun.phase", $"walkRun.phase must be '{floor.Phase}'.");
        const string slower = "the ladder may only get slower";
        AtLeastTheFloor(findings, "walkRun.sessionsToMoveUp", ladder.SessionsToMoveUp, floor.SessionsToMoveUp, MaxWalkRunSessionsToMoveUp, slower);
        AtLeastTheFloor(findings, "walkRun.restDaysAfterPain", ladder.RestDaysAfterPain, floor.RestDaysAfterPain, MaxDays, slower);
        AtLeastTheFloor(findings, "walkRun.minDaysBetweenSessions", ladder.MinDaysBetweenSessions, floor.MinDaysBetweenSessions, MaxDays, slower);

        var steps = ladder.Steps;
        if (steps.Count < floor.Steps.Count || steps.Count > MaxWalkRunSteps)
            findings.Add("walkRun.steps", $"The ladder needs from {floor.Steps.Count} (the default) to {MaxWalkRunSteps} steps; it has {steps.Count}.");
        for (var i = 0; i < steps.Count; i++) CheckStepShape(steps[i], i, i == steps.Count - 1, findings);

        if (steps[^1].ContinuousRunMinutes is { } run)
        {
            var floorRun = floor.Steps[^1].ContinuousRunMinutes!.Value;
            if (run < floorRun)
                findings.Add($"walkRun.steps[{steps.Count - 1}].continuousRunMinutes",
                    $"The last step's continuous run may not be shorter than the default {floorRun} minutes.");
        }
        KeepsTheDefaultSteps(steps, floor.Steps, findings);
        ClimbsWithoutJumps(steps, findings);
    }

    /// <summary>Steps are numbered from 1, walk/run intervals with repeats, and the last one a continuous run.</summary>
    private static void CheckStepShape(WalkRunStepDefinition step, int i, bool last, Findings findings)
    {
        var at = $"walkRun.steps[{i}]";
        var intervals = step is { WalkMinutes: > 0, RunMinutes: > 0, Repeats: > 0, ContinuousRunMinutes: null };
        var continuous = step is { ContinuousRunMinutes: > 0, WalkMinutes: null, RunMinutes: null, Repeats: null };
        if (step.Step != i + 1 || !(last ? continuous : intervals))
            findings.Add(at, "Steps are numbered from 1, walk/run intervals with repeats, and the last one a continuous run.");
        Bounded(findings, $"{at}.walkMinutes", step.WalkMinutes, MaxStepMinutes);
        Bounded(findings, $"{at}.runMinutes", step.RunMinutes, MaxStepMinutes);
        Bounded(findings, $"{at}.repeats", step.Repeats, MaxStepRepeats);
        Bounded(findings, $"{at}.continuousRunMinutes", step.ContinuousRunMinutes, MaxContinuousRunMinutes);
    }

    /// <summary>The floor's interval steps, unchanged and in order. With as many steps as the floor, step by step (naming
    /// the changed field); with more, as a subsequence (the added steps lie among them).</summary>
    private static void KeepsTheDefaultSteps(IReadOnlyList<WalkRunStepDefinition> steps, IReadOnlyList<WalkRunStepDefinition> floor, Findings findings)
    {
        var (intervals, floorIntervals) = (steps.Take(steps.Count - 1).ToList(), floor.Take(floor.Count - 1).ToList());
        if (intervals.Count == floorIntervals.Count)
        {
            for (var i = 0; i < intervals.Count; i++)
                foreach (var (name, value, expected) in new[]
                         {
                             ("walkMinutes", intervals[i].WalkMinutes, floorIntervals[i].WalkMinutes),
                             ("runMinutes", intervals[i].RunMinutes, floorIntervals[i].RunMinutes),
                             ("repeats", intervals[i].Repeats, floorIntervals[i].Repeats),
                         })
                    if (value != expected)
                        findings.Add($"walkRun.steps[{i}].{name}", $"Step {i + 1} of the default has {name} {expected}; it may not change (add a gentler step instead).");
            return;
        }

        var kept = 0;
        foreach (var step in intervals)
            if (kept < floorIntervals.Count && SameIntervals(step, floorIntervals[kept])) kept++;
        if (kept < floorIntervals.Count)
            findings.Add("walkRun.steps", $"The default's step {floorIntervals[kept].Step} (walk {floorIntervals[kept].WalkMinutes} / run " +
                                          $"{floorIntervals[kept].RunMinutes} min × {floorIntervals[kept].Repeats}) must be kept, in order.");
    }

    /// <summary>From one interval step to the next, neither the run of a round nor the running of the whole session falls,
    /// and no interval session runs longer in all than the last step's continuous run.</summary>
    private static void ClimbsWithoutJumps(IReadOnlyList<WalkRunStepDefinition> steps, Findings findings)
    {
        for (var i = 1; i < steps.Count - 1; i++)
        {
            var (before, step) = (steps[i - 1], steps[i]);
            if (step.RunMinutes < before.RunMinutes || step.RunMinutes * step.Repeats < before.RunMinutes * before.Repeats)
                findings.Add($"walkRun.steps[{i}]", $"Step {i + 1} runs less than step {i}; the ladder only climbs, so no step is harder than the next.");
        }
        if (steps[^1].ContinuousRunMinutes is { } run)
            for (var i = 0; i < steps.Count - 1; i++)
                if (steps[i].RunMinutes * steps[i].Repeats > run)
                    findings.Add($"walkRun.steps[{i}]", $"Step {i + 1} runs longer in all than the last step's {run} minutes.");
    }

    private static bool SameIntervals(WalkRunStepDefinition a, WalkRunStepDefinition b) =>
        a.WalkMinutes == b.WalkMinutes && a.RunMinutes == b.RunMinutes && a.Repeats == b.Repeats;
}
