namespace RehabApi.Domain.Timeline;

/// <summary>One stay of an episode in a phase, from the transition that entered it to the one that left it.
/// The caller builds these from the episode's transitions, oldest first; after a regression a phase
/// appears once per entry.</summary>
/// <param name="Phase">The phase code.</param>
/// <param name="EnteredAt">Effective time of the transition into the phase.</param>
/// <param name="LeftAt">Effective time of the transition out of it; null while the episode is still there.</param>
public sealed record PhaseStay(string Phase, DateTimeOffset EnteredAt, DateTimeOffset? LeftAt);
