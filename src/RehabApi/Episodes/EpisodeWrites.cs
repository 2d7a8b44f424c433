using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Protocols;
using RehabApi.Evidence;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Episodes;

/// <summary>How a write dates itself (PROTOCOL.md, "Effective time").</summary>
internal enum Dating
{
    /// <summary>Evidence: effectiveAt optional (default now), not before the episode's latest transition.</summary>
    Record,
    /// <summary>A transition: also not before any evidence already recorded, so nothing is slipped in behind it.</summary>
    Transition,
    /// <summary>Takes effect when recorded (a pain-report resolution), or from a report's own date.</summary>
    Now,
}

/// <summary>What a write to an episode asks of the shared rules: its note, who it is recorded for, how it is dated,
/// which roles may do it, and the checks of its own fields.</summary>
/// <param name="What">Names the act in a 403 ("Signing impact-approved").</param>
/// <param name="OnBehalfOf">Null for a report of the patient's (ForPatient), which carries no clinician.</param>
internal sealed record EpisodeWriteRules(string What, string? Note, OnBehalfOf? OnBehalfOf)
{
    public int NoteMaxLength { get; init; } = 4000;
    public DateTimeOffset? EffectiveAt { get; init; }
    public Dating Dating { get; init; } = Dating.Record;

    /// <summary>A symptom report or walk–run session: sent by the patient's app or the clinic, never signed for a clinician.</summary>
    public bool ForPatient { get; init; }

    /// <summary>The clinician roles allowed (a clinic system is held to its onBehalfOf role); null leaves the decision to
    /// the domain (transitions) or to the endpoint's policy (patient reports).</summary>
    public Func<EpisodeWrite, IReadOnlyList<string>?>? AllowedRoles { get; init; }

    /// <summary>A clinic system may act as itself, without onBehalfOf, when these roles include it (withdraw).</summary>
    public bool SystemMayActAsItself { get; init; }

    /// <summary>The endpoint's own field checks, run with the shared ones so that one 400 lists every problem.</summary>
    public Action<ValidationErrors, EpisodeWrite>? Validate { get; init; }
}

/// <summary>One write in progress: the locked episode, its protocol, and who records what when.</summary>
internal sealed class EpisodeWrite(RehabDbContext db, Episode episode, ProtocolDefinition protocol, ClinicCalendar calendar,
    DateTimeOffset now, DateTimeOffset effectiveAt, Actor actor, IReadOnlyCollection<string> actingRoles, string? note)
{
    public RehabDbContext Db => db;
    public Episode Episode => episode;
    public ProtocolDefinition Protocol => protocol;
    public ClinicCalendar Calendar => calendar;
    public DateTimeOffset Now => now;
    public DateTimeOffset EffectiveAt => effectiveAt;
    public Actor Actor => actor;
    public IReadOnlyCollection<string> ActingRoles => actingRoles;
    public DateOnly Today => calendar.DateOf(now);

    /// <summary>Puts the episode on hold for <paramref name="reason"/>, as the phase machine decided a finding requires, in
    /// this write's transaction and name.</summary>
    public void Hold(string reason, string note)
    {
        var onHold = episode.State() with { Status = EpisodeStatuses.OnHold, HoldReason = reason };
        db.Transitions.Add(episode.ApplyTransition(TransitionActions.Hold, onHold, reason, note, actor, effectiveAt, now));
    }

    /// <summary>Fills in what every record carries, dated as the write was (or <paramref name="at"/>, in
    /// <paramref name="phase"/>, for a report about a past date).</summary>
    public T Stamp<T>(T record, DateTimeOffset? at = null, string? phase = null) where T : EpisodeRecord
    {
        record.Stamp(episode, actor, at ?? effectiveAt, now, note);
        if (phase is not null) record.Phase = phase;
        return record;
    }
}

/// <summary>The one path of every write to an episode: lock → 404 → If-Match → closed → protocol → shared and
/// own validation (one 400) → who may → the endpoint's domain decision → save → commit. Handlers supply only
/// their fields and their decision; nothing here can be forgotten in one of them.</summary>
internal sealed class EpisodeWrites(RehabDbContext db, CurrentCaller caller, ProtocolStore protocols, TimeProvider time)
{
    /// <summary>The request's precondition on the episode's version, if it has one: a transition's If-Match header, or
    /// the version a console page was drawn from. A change made since is refused here (412).</summary>
    public string? IfMatch { get; set; }

    public async Task<Results<TOk, ValidationProblem, ProblemHttpResult>> WriteAsync<TOk>(
        Guid id, EpisodeWriteRules rules, Func<EpisodeWrite, CancellationToken, Task<Results<TOk, ValidationProblem, ProblemHttpResult>>> decide,
        CancellationToken ct)
        where TOk : IResult
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        // Evidence and transitions of one episode are applied one at a time (EpisodeLoading.LockAsync).
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        if (IfMatch is { Length: > 0 } ifMatch && !EpisodeETag.Matches(ifMatch, episode.Version))
            return Problems.PreconditionFailed($"The episode has changed since it was read; its ETag is now {EpisodeETag.For(episode.Version)}.");
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);

        var now = time.GetUtcNow();
        var errors = new ValidationErrors();
        errors.MaxLength("note", rules.Note, rules.NoteMaxLength);
        if (!rules.ForPatient) OnBehalfOfRules.Validate(errors, caller, rules.OnBehalfOf, rules.SystemMayActAsItself);
        var effectiveAt = rules.Dating == Dating.Now ? now : EffectiveTime.Resolve(errors, rules.EffectiveAt, now,
            await NotBeforeAsync(episode, rules, ct), clinicianKey: Roles.Clinicians.Contains(caller.Role));
        var write = new EpisodeWrite(db, episode, protocol, caller.Calendar, now, effectiveAt,
            caller.ActorFor(rules.OnBehalfOf), caller.RolesActingFor(rules.OnBehalfOf), rules.Note);
        rules.Validate?.Invoke(errors, write);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        if (rules.AllowedRoles?.Invoke(write) is { } allowed
            && OnBehalfOfRules.Deny(write.ActingRoles, allowed, rules.What) is { } denied)
            return Problems.Forbidden(denied);

        var result = await decide(write, ct);
        // Anything but the success result (a refusal of the domain's) writes nothing: the transaction rolls back.
        if (result.Result is not TOk) return result;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return result;
    }

    private async Task<(DateTimeOffset, string)> NotBeforeAsync(Episode episode, EpisodeWriteRules rules, CancellationToken ct)
    {
        (DateTimeOffset, string) latestTransition = (episode.LastTransitionAt, "the episode's latest transition");
        // Only a dated transition can fall behind evidence: undated it is now, after everything.
        if (rules.Dating != Dating.Transition || rules.EffectiveAt is null) return latestTransition;
        return await db.LatestEvidenceAtAsync(episode, ct) is { } evidenceAt && evidenceAt > episode.LastTransitionAt
            ? (evidenceAt, "evidence already recorded for the episode")
            : latestTransition;
    }
}
