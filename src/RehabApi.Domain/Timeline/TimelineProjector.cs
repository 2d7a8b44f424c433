using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using static RehabApi.Domain.Timeline.TimelinePhaseStates;

namespace RehabApi.Domain.Timeline;

/// <summary>Projects an episode's timeline from the protocol's time requirements and typical durations.
/// Pure: the same protocol, facts, stays and day give the same timeline.</summary>
/// <remarks>
/// Earliest exit = the latest of the phase's (earliest) entry and its gate's time requirements, with every
/// other requirement assumed met as soon as possible; for the current phase never before today.
/// Expected exit = the latest of the earliest exit, the (expected) entry plus the phase's typical days and,
/// for an upcoming phase, the time requirements counted from its expected entry. Each phase's entry is the
/// previous phase's exit. An episode on hold is projected as if it resumed today; a closed one is not projected.
/// </remarks>
public static class TimelineProjector
{
    /// <summary>The timeline of an episode as of <paramref name="today"/>.</summary>
    /// <param name="facts">The episode now: its phase, status and <see cref="EpisodeFacts.PhaseEnteredAt"/> decide the
    /// current phase and its entry, exactly as for the gate.</param>
    /// <param name="stays">The actual history, oldest first; only the latest stay of each phase before the current one is shown.</param>
    public static EpisodeTimeline Project(ProtocolDefinition protocol, EpisodeFacts facts, IReadOnlyList<PhaseStay> stays, DateOnly today)
    {
        var current = protocol.PhaseIndex(facts.Phase);
        if (current < 0)
            throw new ArgumentException($"Phase {facts.Phase} is not in protocol {protocol.Key} v{protocol.Version}.", nameof(facts));

        // Phases after the current one are ahead again even if a regression stepped back over them.
        var phases = protocol.Phases.Take(current).Select(p => Completed(p, LatestStay(stays, p.Code))).ToList();
        var entered = DateOf(facts.PhaseEnteredAt);
        var closed = facts.Status == EpisodeStatuses.Closed || current == protocol.Phases.Count - 1;
        var projected = closed
            ? Unprojected(protocol, current, entered)
            : Projected(protocol, facts, current, entered, today);
        phases.AddRange(projected);

        return new EpisodeTimeline(
            today,
            facts.Status,
            facts.Status == EpisodeStatuses.OnHold,
            facts.HoldReason,
            facts.Phase,
            closed ? null : projected[^1].ExpectedEntry,
            phases);
    }

    /// <summary>The current phase and those after it, with earliest and expected dates.</summary>
    private static List<TimelinePhase> Projected(ProtocolDefinition protocol, EpisodeFacts facts, int current, DateOnly entered, DateOnly today)
    {
        var phase = protocol.Phases[current];
        var earliestExit = Latest(today, entered, GateTimeFloor.Of(protocol, facts, phase.Code, facts.PhaseEnteredAt, today));
        var expectedExit = Latest(earliestExit, entered.AddDays(phase.TypicalDays));
        var result = new List<TimelinePhase>
        {
            new(phase.Code, phase.Name, Current, EnteredOn: entered, EarliestExit: earliestExit, ExpectedExit: expectedExit),
        };

        foreach (var next in protocol.Phases.Skip(current + 1))
        {
            var (earliestEntry, expectedEntry) = (earliestExit, expectedExit);
            if (next.Code == protocol.TerminalPhase)
            {
                result.Add(new(next.Code, next.Name, Upcoming, EarliestEntry: earliestEntry, ExpectedEntry: expectedEntry));
                break;
            }

            earliestExit = Latest(earliestEntry, GateTimeFloor.Of(protocol, facts, next.Code, GateTimeFloor.StartOf(earliestEntry), today));
            // A later entry moves clocks that run from the entry (days in phase), so they are counted again.
            expectedExit = Latest(earliestExit, expectedEntry.AddDays(next.TypicalDays),
                GateTimeFloor.Of(protocol, facts, next.Code, GateTimeFloor.StartOf(expectedEntry), today));
            result.Add(new(next.Code, next.Name, Upcoming, null, null, earliestEntry, expectedEntry, earliestExit, expectedExit));
        }

        return result;
    }

    /// <summary>A closed episode (or one in the terminal phase): actual entry of the last phase, nothing projected.</summary>
    private static List<TimelinePhase> Unprojected(ProtocolDefinition protocol, int current, DateOnly entered) =>
        protocol.Phases.Skip(current)
            .Select((p, i) => i == 0 ? new TimelinePhase(p.Code, p.Name, Current, EnteredOn: entered) : new TimelinePhase(p.Code, p.Name, Upcoming))
            .ToList();

    private static TimelinePhase Completed(PhaseDefinition phase, PhaseStay? stay) =>
        new(phase.Code, phase.Name, Completed, stay is null ? null : DateOf(stay.EnteredAt), stay?.LeftAt is { } left ? DateOf(left) : null);

    private static PhaseStay? LatestStay(IReadOnlyList<PhaseStay> stays, string phase) =>
        stays.Where(s => s.Phase == phase).MaxBy(s => s.EnteredAt);

    private static DateOnly Latest(DateOnly first, params DateOnly?[] others) =>
        others.Aggregate(first, (latest, d) => d is { } date && date > latest ? date : latest);

    private static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);
}
