namespace RehabApi.Domain.Plans;

/// <summary>Rewrites every patient-facing text of a plan (codes, dates and numbers stay): how a variant words the plan
/// for one kind of episode, e.g. without a leg or a side for the sacrum.</summary>
internal static class PlanTextRewriter
{
    public static PatientPlan Rewrite(PatientPlan plan, Func<string, string> text)
    {
        IReadOnlyList<string> All(IReadOnlyList<string> lines) => lines.Select(text).ToList();
        return plan with
        {
            Title = text(plan.Title),
            Summary = text(plan.Summary),
            Notice = plan.Notice is { } notice ? notice with { Title = text(notice.Title), Message = text(notice.Message) } : null,
            WeightBearing = text(plan.WeightBearing),
            Aids = All(plan.Aids),
            Allowed = All(plan.Allowed),
            Avoid = All(plan.Avoid),
            Exercises = plan.Exercises
                .Select(e => e with { Name = text(e.Name), Dosage = text(e.Dosage), HowTo = e.HowTo is null ? null : text(e.HowTo) })
                .ToList(),
            StillNeeded = plan.StillNeeded.Select(s => s with { Text = text(s.Text) }).ToList(),
            NextPhase = plan.NextPhase is { } next ? next with { Title = text(next.Title) } : null,
            WalkRun = plan.WalkRun is { } walkRun
                ? walkRun with
                {
                    Title = text(walkRun.Title),
                    Description = text(walkRun.Description),
                    Progress = text(walkRun.Progress),
                    NextSession = text(walkRun.NextSession),
                    Message = walkRun.Message is null ? null : text(walkRun.Message),
                    RecentSessions = walkRun.RecentSessions.Select(s => s with { Text = text(s.Text) }).ToList(),
                }
                : null,
            Disclaimer = text(plan.Disclaimer),
        };
    }
}
