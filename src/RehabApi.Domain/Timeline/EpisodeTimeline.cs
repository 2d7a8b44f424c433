namespace RehabApi.Domain.Timeline;

/// <summary>An episode's phases in protocol order: actual dates where they happened, earliest and
/// expected dates where they have not. Produced by <see cref="TimelineProjector.Project"/>.</summary>
/// <param name="CurrentPhase">The phase the episode is in (for a closed episode, the one it closed in).</param>
/// <param name="Status">The episode status: active, on-hold or closed.</param>
/// <param name="ProjectedDischargeEarliest">The earliest date the terminal phase can be reached; null when closed.</param>
/// <param name="ProjectedDischargeExpected">The expected date of reaching the terminal phase; null when closed.</param>
/// <param name="Phases">Every phase of the protocol, in order.</param>
public sealed record EpisodeTimeline(
    string CurrentPhase,
    string Status,
    DateOnly? ProjectedDischargeEarliest,
    DateOnly? ProjectedDischargeExpected,
    IReadOnlyList<TimelinePhase> Phases);

/// <summary>One phase of an <see cref="EpisodeTimeline"/>. Actual dates (<see cref="EnteredOn"/>,
/// <see cref="LeftOn"/>) and projections never mix in one field: a completed phase has only actual dates,
/// the current phase its actual entry and projected exit, an upcoming phase only projections.</summary>
/// <param name="Phase">The phase code.</param>
/// <param name="Name">The phase's display name from the protocol.</param>
/// <param name="State">completed, current or upcoming (see <see cref="TimelinePhaseStates"/>).</param>
/// <param name="EnteredOn">Actual date of the latest entry (completed and current phases).</param>
/// <param name="LeftOn">Actual date of leaving the latest entry (completed phases).</param>
/// <param name="EarliestEntry">Upcoming phases: the earliest date the episode can enter it.</param>
/// <param name="ExpectedEntry">Upcoming phases: the expected date of entry.</param>
/// <param name="EarliestExit">Current and upcoming non-terminal phases: the earliest date the gate out of it can be passed.</param>
/// <param name="ExpectedExit">Current and upcoming non-terminal phases: the expected date of leaving it.</param>
public sealed record TimelinePhase(
    string Phase,
    string Name,
    string State,
    DateOnly? EnteredOn,
    DateOnly? LeftOn,
    DateOnly? EarliestEntry,
    DateOnly? ExpectedEntry,
    DateOnly? EarliestExit,
    DateOnly? ExpectedExit);

/// <summary>Values of <see cref="TimelinePhase.State"/>.</summary>
public static class TimelinePhaseStates
{
    public const string Completed = "completed";
    public const string Current = "current";
    public const string Upcoming = "upcoming";

    public static readonly IReadOnlyList<string> All = [Completed, Current, Upcoming];
}
