using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Episodes;

/// <summary>A request to move an episode. <paramref name="ActorRoles"/> are the roles the request acts in:
/// a clinician's own role, or a clinic system together with the role of the clinician it acts for.</summary>
/// <param name="NonWeightBearingSince">Resuming a surgical referral (version 2): the date the patient is off the leg
/// from again, e.g. the day of fixation; default the resume's own date.</param>
public sealed record TransitionCommand(
    string Action,
    DateTimeOffset EffectiveAt,
    IReadOnlyCollection<string> ActorRoles,
    string? ToPhase = null,
    string? Reason = null,
    DateOnly? NonWeightBearingSince = null);

public sealed record EpisodeState(string Phase, string Status, string? HoldReason, DateTimeOffset PhaseEnteredAt);

public abstract record TransitionOutcome;

/// <param name="Reason">The reason recorded with the transition (a regress reason or a hold reason).</param>
public sealed record TransitionApplied(EpisodeState From, EpisodeState To, string? Reason) : TransitionOutcome
{
    /// <summary>Open pain reports this transition resolves: stepping back is the clinical answer to pain.</summary>
    public IReadOnlyList<Guid> ResolvedPainReports { get; init; } = [];

    /// <summary>Version 2: the new non-weight-bearing start (a regression to the first phase, a surgical referral lifted);
    /// null when it stays.</summary>
    public DateOnly? NonWeightBearingSince { get; init; }

    /// <summary>Version 2: the new injury date the minimum times count from (a re-injury, a surgical referral lifted);
    /// null when it stays.</summary>
    public DateOnly? InjuryOn { get; init; }
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

        // Version 2 restarts the clocks: back off the leg, the planned weeks and the imaging rule count from today, so
        // imaging from before no longer shows healing; a re-injury also moves the date the minimum times count from.
        var on = facts.Calendar.DateOf(command.EffectiveAt);
        var restarts = protocol.Restarts;
        // A regression keeps any hold: the patient steps back but still may not advance.
        return new TransitionApplied(before, before with { Phase = target, PhaseEnteredAt = command.EffectiveAt }, command.Reason)
        {
            ResolvedPainReports = facts.OpenPainReports.Select(r => r.Id).ToList(),
            NonWeightBearingSince = restarts?.NonWeightBearingStartOnRegressionToFirstPhase == true && target == protocol.FirstPhase ? on : null,
            InjuryOn = restarts?.InjuryDateOnReInjury == true && command.Reason == RegressReasons.ReInjury ? on : null,
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
        var restart = before.HoldReason == HoldReasons.SurgicalReferral && protocol.SurgicalReferral.ResumeReturnsToFirstPhase;
        if (command.NonWeightBearingSince is not null && !restart)
            return new TransitionRejected(RejectionKind.Invalid,
                "nonWeightBearingSince is given only when lifting a surgical referral, which (from protocol version 2) returns the " +
                $"episode to {protocol.FirstPhase}; this episode is on hold for {before.HoldReason} under version {protocol.Version}.",
                "nonWeightBearingSince");
        if (Forbidden(protocol.ResumeRolesFor(before.HoldReason!), command) is { } forbidden) return forbidden;

        var after = before;
        DateOnly? offTheLegSince = null;
        if (restart)
        {
            // Back to the start, from the physician's date (the fixation, say): evidence before it no longer counts, and
            // every time rule counts from it.
            var resumedOn = facts.Calendar.DateOf(command.EffectiveAt);
            var heldOn = facts.Calendar.DateOf(facts.HoldSince ?? facts.PhaseEnteredAt);
            offTheLegSince = command.NonWeightBearingSince ?? resumedOn;
            if (offTheLegSince > resumedOn || offTheLegSince < heldOn)
                return new TransitionRejected(RejectionKind.Invalid,
                    $"nonWeightBearingSince must be from {heldOn:yyyy-MM-dd}, when the surgical referral began, to {resumedOn:yyyy-MM-dd}, the resume's date.",
                    "nonWeightBearingSince");
            after = before with { Phase = protocol.FirstPhase, PhaseEnteredAt = facts.Calendar.StartOf(offTheLegSince.Value) };
        }

        var clearanceType = protocol.RestrictedClearanceType;
        TransitionApplied Applied(EpisodeState to) => new(before, to, before.HoldReason)
        {
            NonWeightBearingSince = offTheLegSince,
            InjuryOn = offTheLegSince,
            ResolvedPainReports = restart ? facts.OpenPainReports.Select(r => r.Id).ToList() : [],
        };
        if (!GateEvaluator.BoneHealthRestrictionStands(facts, clearanceType, command.EffectiveAt))
            return Applied(after with { Status = EpisodeStatuses.Active, HoldReason = null });
        if (before.HoldReason == HoldReasons.BoneHealth)
            return new TransitionRejected(RejectionKind.Conflict,
                $"The latest bone-health assessment (Triad risk score {facts.BoneHealth!.Score}) is restricted. Before the hold is lifted, " +
                $"a physician records a later assessment that is not restricted, or signs {clearanceType} after that assessment.");
        return Applied(after with { HoldReason = HoldReasons.BoneHealth });
    }

    private static TransitionOutcome Withdraw(ProtocolDefinition protocol, TransitionCommand command, EpisodeState before)
    {
        if (Forbidden(protocol.TransitionRoles, TransitionActions.Withdraw, command) is { } forbidden) return forbidden;
        return new TransitionApplied(before, before with { Status = EpisodeStatuses.Closed, HoldReason = null }, command.Reason);
    }

    /// <summary>Which hold, if any, a newly recorded imaging finding imposes on the episode: the protocol's
    /// (version 2 surgical-referral and imaging-progression, version 1 displacement-risk and clinical-review).</summary>
    public static string? HoldForImagingFinding(ProtocolDefinition protocol, string finding, EpisodeState state)
    {
        if (state.Status == EpisodeStatuses.Closed) return null;
        var (displacement, progression) = (protocol.Imaging.HoldOnDisplacement, protocol.Imaging.HoldOnProgression);
        return finding switch
        {
            // Displacement stops all exercise, so it replaces any milder hold.
            ImagingFindings.Displacement when state.HoldReason != displacement => displacement,
            // Version 1: a review, only of an active episode.
            ImagingFindings.Progression when progression == HoldReasons.ClinicalReview =>
                state.Status == EpisodeStatuses.Active ? progression : null,
            // Version 2: back on crutches, in place of a milder hold (bone health, a review), never of one off the leg already.
            ImagingFindings.Progression when !HoldReasons.OffTheLeg.Contains(state.HoldReason ?? "") => progression,
            _ => null,
        };
    }

    /// <summary>Which hold, if any, a newly recorded bone-health assessment at <paramref name="clearanceLevel"/> imposes:
    /// a restricted one stops impact at once, in any phase.</summary>
    public static string? HoldForBoneHealth(string clearanceLevel, EpisodeState state) => clearanceLevel switch
    {
        _ when state.Status == EpisodeStatuses.Closed => null,
        // A surgical referral, a displacement risk or an imaging progression stops more than bone health does, so it stays;
        // lifting it later leaves the episode on the bone-health hold (Resume). Milder holds give way.
        BoneHealthLevels.Restricted
            when !HoldReasons.OffTheLeg.Contains(state.HoldReason ?? "") && state.HoldReason != HoldReasons.BoneHealth =>
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
