using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Episodes;

/// <summary>A request to move an episode. <paramref name="ActorRoles"/> are the roles the request acts in:
/// a clinician's own role, or a clinic system together with the role of the clinician it acts for.</summary>
public sealed record TransitionCommand(
    string Action,
    DateTimeOffset EffectiveAt,
    IReadOnlyCollection<string> ActorRoles,
    string? ToPhase = null,
    string? Reason = null);

public sealed record EpisodeState(string Phase, string Status, string? HoldReason, DateTimeOffset PhaseEnteredAt);

public abstract record TransitionOutcome;

/// <param name="Reason">The reason recorded with the transition (a regress reason or a hold reason).</param>
public sealed record TransitionApplied(EpisodeState From, EpisodeState To, string? Reason) : TransitionOutcome
{
    /// <summary>Open pain reports this transition resolves: stepping back is the clinical answer to pain.</summary>
    public IReadOnlyList<Guid> ResolvedPainReports { get; init; } = [];
}

/// <summary>Where a new episode starts, and why (the routing reasons, when it starts on hold).</summary>
public sealed record EpisodeOpened(EpisodeState State, IReadOnlyList<string> RoutingReasons);

public sealed record TransitionRejected(RejectionKind Kind, string Message, string? Field = null, GateEvaluation? Gate = null)
    : TransitionOutcome;

public enum RejectionKind
{
    /// <summary>The request itself is wrong (bad phase, missing reason): 400.</summary>
    Invalid,
    /// <summary>The actor's role may not do this: 403.</summary>
    Forbidden,
    /// <summary>The episode's state does not allow it (closed, not on hold): 409.</summary>
    Conflict,
    /// <summary>An advance whose gate has unmet requirements: 409 listing them.</summary>
    GateBlocked,
}

/// <summary>The phase machine of PROTOCOL.md: advance through gates, regress, hold, resume, withdraw.</summary>
public static class PhaseMachine
{
    /// <summary>Opens an episode dated from <paramref name="startedAt"/> (when the patient came off the leg):
    /// active in the first phase, or on hold for surgical referral when the fracture may displace (EpisodeRouting).</summary>
    public static EpisodeOpened Open(ProtocolDefinition protocol, string site, bool displaced, decimal? neckWidthPercent, DateTimeOffset startedAt)
    {
        var route = EpisodeRouting.Route(protocol, site, displaced, neckWidthPercent);
        return new EpisodeOpened(new EpisodeState(route.Phase, route.Status, route.HoldReason, startedAt), route.RoutingReasons);
    }

    public static TransitionOutcome Apply(ProtocolDefinition protocol, EpisodeFacts facts, TransitionCommand command)
    {
        var before = new EpisodeState(facts.Phase, facts.Status, facts.HoldReason, facts.PhaseEnteredAt);
        if (facts.Status == EpisodeStatuses.Closed)
            return new TransitionRejected(RejectionKind.Conflict, "The episode is closed; it can no longer change.");

        return command.Action switch
        {
            TransitionActions.Advance => Advance(protocol, facts, command, before),
            TransitionActions.Regress => Regress(protocol, facts, command, before),
            TransitionActions.Hold => Hold(protocol, command, before),
            TransitionActions.Resume => Resume(protocol, facts, command, before),
            TransitionActions.Withdraw => Withdraw(protocol, command, before),
            _ => new TransitionRejected(RejectionKind.Invalid,
                $"Unknown action '{command.Action}'; use one of {string.Join(", ", TransitionActions.Requestable)}.", "action"),
        };
    }

    private static TransitionOutcome Advance(ProtocolDefinition protocol, EpisodeFacts facts, TransitionCommand command, EpisodeState before)
    {
        if (Forbidden(protocol.TransitionRoles, TransitionActions.Advance, command) is { } forbidden) return forbidden;

        var gate = GateEvaluator.Evaluate(protocol, facts, command.EffectiveAt);
        if (gate.NextPhase is null)
            return new TransitionRejected(RejectionKind.Conflict, $"There is no phase after {before.Phase}.");
        if (command.ToPhase is not null && command.ToPhase != gate.NextPhase)
            return new TransitionRejected(RejectionKind.Invalid,
                $"An advance goes only to the next phase, {gate.NextPhase}; phases cannot be skipped.", "toPhase");
        if (!gate.CanAdvance)
            return new TransitionRejected(RejectionKind.GateBlocked,
                $"The gate from {before.Phase} to {gate.NextPhase} has unmet requirements.", Gate: gate);

        var status = gate.NextPhase == protocol.TerminalPhase ? EpisodeStatuses.Closed : before.Status;
        return new TransitionApplied(before, new EpisodeState(gate.NextPhase, status, null, command.EffectiveAt), null);
    }

    private static TransitionOutcome Regress(ProtocolDefinition protocol, EpisodeFacts facts, TransitionCommand command, EpisodeState before)
    {
        if (command.Reason is null || !RegressReasons.All.Contains(command.Reason))
            return new TransitionRejected(RejectionKind.Invalid,
                $"A regression needs a reason: one of {string.Join(", ", RegressReasons.All)}.", "reason");
        if (Forbidden(protocol.TransitionRoles, TransitionActions.Regress, command) is { } forbidden) return forbidden;

        var current = protocol.PhaseIndex(before.Phase);
        if (current <= 0)
            return new TransitionRejected(RejectionKind.Conflict, $"The episode is in the first phase, {before.Phase}; there is nothing to regress to.");

        var target = command.ToPhase ?? protocol.Phases[current - 1].Code;
        var targetIndex = protocol.PhaseIndex(target);
        if (targetIndex < 0 || targetIndex >= current)
            return new TransitionRejected(RejectionKind.Invalid,
                $"A regression goes to an earlier phase than {before.Phase}.", "toPhase");

        // A regression keeps any hold: the patient steps back but still may not advance.
        return new TransitionApplied(before, before with { Phase = target, PhaseEnteredAt = command.EffectiveAt }, command.Reason)
        {
            ResolvedPainReports = facts.OpenPainReports.Select(r => r.Id).ToList(),
        };
    }

    private static TransitionOutcome Hold(ProtocolDefinition protocol, TransitionCommand command, EpisodeState before)
    {
        if (command.Reason is null || !HoldReasons.All.Contains(command.Reason))
            return new TransitionRejected(RejectionKind.Invalid,
                $"A hold needs a reason: one of {string.Join(", ", HoldReasons.All)}.", "reason");
        if (Forbidden(protocol.TransitionRoles, TransitionActions.Hold, command) is { } forbidden) return forbidden;
        if (before.Status != EpisodeStatuses.Active)
            return new TransitionRejected(RejectionKind.Conflict, $"The episode is already on hold ({before.HoldReason}).");

        return new TransitionApplied(before, before with { Status = EpisodeStatuses.OnHold, HoldReason = command.Reason }, command.Reason);
    }

    /// <summary>Lifts the hold, unless bone health is restricted and not cleared (PROTOCOL.md, "Bone health"): then
    /// the bone-health hold itself stays (409 naming what lifts it), and any other hold gives way to it, so that
    /// lifting, say, a surgical referral never lets a patient with restricted bone health back to impact.</summary>
    private static TransitionOutcome Resume(ProtocolDefinition protocol, EpisodeFacts facts, TransitionCommand command, EpisodeState before)
    {
        if (before.Status != EpisodeStatuses.OnHold)
            return new TransitionRejected(RejectionKind.Conflict, "The episode is not on hold.");
        if (Forbidden(protocol.ResumeRolesFor(before.HoldReason!), command) is { } forbidden) return forbidden;

        var clearanceType = protocol.RestrictedClearanceType;
        if (!GateEvaluator.BoneHealthRestrictionStands(facts, clearanceType, command.EffectiveAt))
            return new TransitionApplied(before, before with { Status = EpisodeStatuses.Active, HoldReason = null }, before.HoldReason);
        if (before.HoldReason == HoldReasons.BoneHealth)
            return new TransitionRejected(RejectionKind.Conflict,
                $"The latest bone-health assessment (Triad risk score {facts.BoneHealth!.Score}) is restricted. Before the hold is lifted, " +
                $"a physician records a later assessment that is not restricted, or signs {clearanceType} after that assessment.");
        return new TransitionApplied(before, before with { HoldReason = HoldReasons.BoneHealth }, before.HoldReason);
    }

    private static TransitionOutcome Withdraw(ProtocolDefinition protocol, TransitionCommand command, EpisodeState before)
    {
        if (Forbidden(protocol.TransitionRoles, TransitionActions.Withdraw, command) is { } forbidden) return forbidden;
        return new TransitionApplied(before, before with { Status = EpisodeStatuses.Closed, HoldReason = null }, command.Reason);
    }

    /// <summary>Which hold, if any, a newly recorded imaging finding imposes on the episode.</summary>
    public static string? HoldForImagingFinding(string finding, EpisodeState state) => finding switch
    {
        _ when state.Status == EpisodeStatuses.Closed => null,
        // Displacement risk stops all exercise, so it replaces any milder hold.
        ImagingFindings.Displacement when state.HoldReason != HoldReasons.DisplacementRisk => HoldReasons.DisplacementRisk,
        ImagingFindings.Progression when state.Status == EpisodeStatuses.Active => HoldReasons.ClinicalReview,
        _ => null,
    };

    /// <summary>Which hold, if any, a newly recorded bone-health assessment at <paramref name="clearanceLevel"/> imposes:
    /// a restricted one stops impact at once, in any phase.</summary>
    public static string? HoldForBoneHealth(string clearanceLevel, EpisodeState state) => clearanceLevel switch
    {
        _ when state.Status == EpisodeStatuses.Closed => null,
        // A surgical referral or a displacement risk stops more than bone health does, so it stays; lifting it
        // later leaves the episode on the bone-health hold (Resume). Milder holds give way.
        BoneHealthLevels.Restricted
            when state.HoldReason is not (HoldReasons.SurgicalReferral or HoldReasons.DisplacementRisk or HoldReasons.BoneHealth) =>
            HoldReasons.BoneHealth,
        _ => null,
    };

    private static TransitionRejected? Forbidden(
        IReadOnlyDictionary<string, IReadOnlyList<string>> rolesByKey, string key, TransitionCommand command) =>
        Forbidden(rolesByKey.TryGetValue(key, out var roles) ? roles : [], command);

    private static TransitionRejected? Forbidden(IReadOnlyList<string> allowed, TransitionCommand command) =>
        command.ActorRoles.Any(allowed.Contains)
            ? null
            : new TransitionRejected(RejectionKind.Forbidden,
                $"'{command.Action}' here needs one of the roles {string.Join(", ", allowed)}.");
}
