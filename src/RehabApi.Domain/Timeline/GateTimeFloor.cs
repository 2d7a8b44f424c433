using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Timeline;

/// <summary>The earliest date the time requirements of a phase's gate allow, worked out by the gate
/// evaluator itself so that the timeline and the gate cannot disagree about a date.</summary>
internal static class GateTimeFloor
{
    /// <summary>The latest of the earliest dates of the time requirements of the gate out of
    /// <paramref name="phase"/>, had the episode entered it at <paramref name="enteredAt"/>; null when none apply.</summary>
    public static DateOnly? Of(ProtocolDefinition protocol, EpisodeFacts facts, string phase, DateTimeOffset enteredAt, DateOnly today)
    {
        // Active, so the evaluator looks at the gate even for a held episode; holds carry no date.
        var supposed = facts with { Phase = phase, PhaseEnteredAt = enteredAt, Status = EpisodeStatuses.Active, HoldReason = null };
        var gate = GateEvaluator.Evaluate(protocol, supposed, StartOf(today));
        // Only time requirements (and imaging still waiting for its first possible date) report an earliest date.
        return gate.Requirements.Select(r => r.EarliestDate).Max();
    }

    /// <summary>Midnight UTC at the start of <paramref name="date"/>: the evaluator dates moments in UTC.</summary>
    public static DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
