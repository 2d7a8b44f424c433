using Hl7.Fhir.Model;
using RehabApi.Domain;
using ActivityStatus = Hl7.Fhir.Model.CarePlan.CarePlanActivityStatus;

namespace RehabApi.Fhir;

/// <summary>One CarePlan activity per protocol phase, in protocol order. detail.code is the phase
/// (system <see cref="CarePlanMapping.PhaseSystem"/>); detail.status is
/// <list type="bullet">
/// <item>earlier phases: completed; later phases: not-started;</item>
/// <item>the current phase: in-progress, or on-hold while the episode is on hold;</item>
/// <item>discharged: every phase completed; withdrawn: the current phase stopped (begun, not finished)
/// and later phases cancelled (never begun).</item>
/// </list>
/// detail.scheduledPeriod holds the actual dates of the latest stay in each phase up to the current one
/// (a stay starts with a create, advance or regress into it). The current activity of an open episode lists
/// its gate's unmet requirements: a summary in detail.statusReason.text and one progress note per
/// requirement, <c>code: description</c>.</summary>
public static class CarePlanActivities
{
    private static readonly string[] PhaseChangingActions =
        [TransitionActions.Create, TransitionActions.Advance, TransitionActions.Regress];

    public static List<CarePlan.ActivityComponent> From(CarePlanSource source)
    {
        var protocol = source.Protocol;
        var current = protocol.PhaseIndex(source.Episode.Phase);
        var stays = LatestStays(source.Transitions);
        return protocol.Phases.Select((phase, index) =>
        {
            var status = StatusOf(source, index, current);
            var detail = new CarePlan.DetailComponent
            {
                Code = new CodeableConcept { Coding = [new Coding(CarePlanMapping.PhaseSystem, phase.Code, phase.Name)], Text = phase.Name },
                Status = status,
                // Dates of phases ahead belong to a stay the episode regressed out of; they would read as a schedule.
                Scheduled = index <= current && stays.TryGetValue(phase.Code, out var stay) ? Scheduled(source, index == current, stay) : null,
            };
            var activity = new CarePlan.ActivityComponent { Detail = detail };
            if (index == current && source.Gate is { } gate) DescribeGate(activity, detail, source, gate);
            return activity;
        }).ToList();
    }

    private static ActivityStatus StatusOf(CarePlanSource source, int index, int current)
    {
        var episode = source.Episode;
        var withdrawn = episode.Status == EpisodeStatuses.Closed && episode.Phase != source.Protocol.TerminalPhase;
        if (index < current) return ActivityStatus.Completed;
        if (index > current) return withdrawn ? ActivityStatus.Cancelled : ActivityStatus.NotStarted;
        return episode.Status switch
        {
            EpisodeStatuses.Active => ActivityStatus.InProgress,
            EpisodeStatuses.OnHold => ActivityStatus.OnHold,
            _ => withdrawn ? ActivityStatus.Stopped : ActivityStatus.Completed,
        };
    }

    /// <summary>The current stay of a withdrawn episode ends with the withdrawal; the terminal phase is a point, not a stay.</summary>
    private static Period Scheduled(CarePlanSource source, bool isCurrent, (DateTimeOffset Start, DateTimeOffset? End) stay)
    {
        var episode = source.Episode;
        var end = stay.End;
        if (isCurrent && episode.Status == EpisodeStatuses.Closed && episode.Phase != source.Protocol.TerminalPhase)
            end = episode.LastTransitionAt;
        return new Period(new FhirDateTime(stay.Start), end is { } e ? new FhirDateTime(e) : null);
    }

    private static void DescribeGate(
        CarePlan.ActivityComponent activity, CarePlan.DetailComponent detail, CarePlanSource source, Domain.Gates.GateEvaluation gate)
    {
        var unmet = gate.Unmet;
        if (unmet.Count == 0) return;
        var held = source.Episode.HoldReason is { } reason ? $"On hold ({reason}). " : "";
        detail.StatusReason = new CodeableConcept
        {
            Text = $"{held}{unmet.Count} requirement(s) of the gate to {gate.NextPhase} unmet: {string.Join(", ", unmet.Select(u => u.Code))}.",
        };
        activity.Progress = unmet.Select(u => new Annotation { Text = $"{u.Code}: {u.Description}" }).ToList();
    }

    /// <summary>The latest stay in each phase: from the phase-changing transition into it to the next one.</summary>
    private static Dictionary<string, (DateTimeOffset Start, DateTimeOffset? End)> LatestStays(IReadOnlyList<PhaseChange> transitions)
    {
        var stays = new Dictionary<string, (DateTimeOffset Start, DateTimeOffset? End)>();
        string? open = null;
        foreach (var change in transitions.Where(t => PhaseChangingActions.Contains(t.Action)))
        {
            if (open is not null) stays[open] = stays[open] with { End = change.EffectiveAt };
            stays[change.ToPhase] = (change.EffectiveAt, null);
            open = change.ToPhase;
        }
        return stays;
    }
}
