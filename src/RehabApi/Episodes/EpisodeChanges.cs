using RehabApi.Domain;
using RehabApi.Evidence;
using RehabApi.Domain.Episodes;
using RehabApi.Security;
using RehabApi.Transitions;

namespace RehabApi.Episodes;

public static class EpisodeChanges
{
    /// <summary>Moves the episode to <paramref name="after"/> and returns the transition that records it.
    /// Every phase or status change goes through here, so history and state cannot disagree.</summary>
    public static Transition ApplyTransition(
        this Episode episode, string action, EpisodeState after, string? reason, string? note,
        Actor actor, DateTimeOffset effectiveAt, DateTimeOffset recordedAt)
    {
        var transition = new Transition
        {
            Action = action,
            FromPhase = episode.Phase,
            ToPhase = after.Phase,
            FromStatus = episode.Status,
            ToStatus = after.Status,
            Reason = reason,
        }.Stamp(episode, actor, effectiveAt, recordedAt, note);

        if (after.HoldReason != episode.HoldReason)
            episode.HoldSince = after.HoldReason is null ? null : effectiveAt;
        episode.Phase = after.Phase;
        episode.Status = after.Status;
        episode.HoldReason = after.HoldReason;
        episode.PhaseEnteredAt = after.PhaseEnteredAt;
        episode.LastTransitionAt = effectiveAt;
        episode.Version++;
        episode.UpdatedAt = recordedAt;
        return transition;
    }

    /// <summary>Records a new episode's opening, as the phase machine decided it (PhaseMachine.Open): the first
    /// transition, from nowhere.</summary>
    public static Transition Open(this Episode episode, EpisodeOpened opened, Actor actor, DateTimeOffset recordedAt)
    {
        var note = opened.RoutingReasons.Count > 0 ? $"Routed to surgical referral: {string.Join("; ", opened.RoutingReasons)}." : null;
        var transition = episode.ApplyTransition(TransitionActions.Create, opened.State, opened.State.HoldReason, note,
            actor, opened.State.PhaseEnteredAt, recordedAt);
        transition.FromPhase = null;
        transition.FromStatus = null;
        return transition;
    }

    /// <summary>The clocks a transition restarts (protocol version 2, as the phase machine decided): the non-weight-bearing
    /// start and the injury date.</summary>
    public static void RestartClocks(this Episode episode, TransitionApplied applied)
    {
        if (applied.NonWeightBearingSince is { } offTheLeg) episode.NonWeightBearingSince = offTheLeg;
        if (applied.InjuryOn is { } injured) episode.InjuryOn = injured;
    }

    public static EpisodeState State(this Episode episode) =>
        new(episode.Phase, episode.Status, episode.HoldReason, episode.PhaseEnteredAt);

    public static bool IsClosed(this Episode episode) => episode.Status == EpisodeStatuses.Closed;
}
