using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Transitions;

namespace RehabApi.ReturnToRun;

/// <summary>How the ladder took stored sessions: always WalkRunLadder's one replay, never a stored verdict, so that a
/// session recorded late for an earlier date is judged, and judges the later ones, as the gate does.</summary>
internal static class WalkRunOutcomes
{
    public static WalkRunSessionFact ToFact(this WalkRunSession session) =>
        new(session.Date, session.Step, session.Completed, session.Pain, session.EffectiveAt) { RecordedAt = session.RecordedAt, Id = session.Id };

    /// <summary>The outcome of each of an episode's <paramref name="sessions"/>, by id. Each entry into the ladder's phase
    /// starts the ladder afresh (the freshness rule of the gate), so each stay is replayed on its own.</summary>
    public static IReadOnlyDictionary<Guid, WalkRunSessionOutcome> ById(
        WalkRunLadderDefinition ladder, IEnumerable<Transition> transitions, IEnumerable<WalkRunSession> sessions)
    {
        var entries = transitions.Where(t => t.ToPhase == ladder.Phase && t.FromPhase != ladder.Phase)
            .Select(t => t.EffectiveAt).Order().ToList();
        return sessions
            .GroupBy(s => entries.LastOrDefault(entered => entered <= s.EffectiveAt))
            .SelectMany(stay => WalkRunLadder.Progress(ladder, stay.Select(ToFact)).Sessions)
            .ToDictionary(o => o.Session.Id);
    }
}
