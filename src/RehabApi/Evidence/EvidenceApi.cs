using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Episodes;
using RehabApi.Episodes;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Evidence;

internal static class EvidenceApi
{
    public static RouteGroupBuilder MapEvidence(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/episodes/{id:guid}").WithTags("Evidence");
        // Every evidence write: bad input, a role that may not sign it, no such episode, a closed episode.
        int[] errors = [400, 403, 404, 409];

        group.MapPost("/clearances", RecordClearance)
            .WithName("RecordClearance")
            .WithSummary("Record a named clinician's sign-off")
            .WithDescription("Only the roles the protocol names may sign each clearance type (403 otherwise).")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(errors);
        group.MapPost("/observations", RecordObservation)
            .WithName("RecordObservation")
            .WithSummary("Record a measurement (pain score, strength symmetry, walk minutes, outcome score)")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(errors);
        group.MapPost("/imaging", RecordImaging)
            .WithName("RecordImaging")
            .WithSummary("Record an imaging study")
            .WithDescription("A displacement finding puts the episode on hold (displacement-risk) and a progression " +
                             "finding on hold (clinical-review), in the same transaction.")
            .AllowOnly(AccessPolicies.RecordsImaging)
            .ProducesProblems(errors);
        return group;
    }

    public static async Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordClearance(
        Guid id, RecordClearanceRequest request, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);

        var now = time.UtcNow();
        var errors = new ValidationErrors();
        errors.Required("type", request.Type);
        errors.OneOf("type", request.Type, protocol.ClearanceTypes.Select(c => c.Type));
        errors.MaxLength("note", request.Note, 4000);
        var effectiveAt = EffectiveTime.Resolve(errors, request.EffectiveAt, now, episode.LastTransitionAt);
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var signers = protocol.ClearanceType(request.Type!)!.Signers;
        if (OnBehalfOfRules.Deny(caller.RolesActingFor(request.OnBehalfOf), signers, $"Signing {request.Type}") is { } denied)
            return Problems.Forbidden(denied);
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");

        var clearance = new Clearance { Type = request.Type! }
            .Stamp(episode, caller.ActorFor(request.OnBehalfOf), effectiveAt, now, request.Note);
        db.Clearances.Add(clearance);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/history", EpisodeRecordResponse.From(clearance));
    }

    public static async Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordObservation(
        Guid id, RecordObservationRequest request, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);

        var now = time.UtcNow();
        var errors = new ValidationErrors();
        errors.Required("code", request.Code);
        errors.OneOf("code", request.Code, protocol.ObservationCodes.Select(o => o.Code));
        errors.Required("value", request.Value);
        if (request.Code is not null && protocol.ObservationCode(request.Code) is { } definition)
        {
            errors.InRange("value", request.Value, definition.Min, definition.Max);
            if (request.Unit is not null && request.Unit != definition.Unit)
                errors.Add("unit", $"{request.Code} is measured in {definition.Unit}, not {request.Unit}.");
        }
        errors.MaxLength("note", request.Note, 4000);
        var effectiveAt = EffectiveTime.Resolve(errors, request.EffectiveAt, now, episode.LastTransitionAt);
        // Measurements open gates, so like a sign-off they are recorded in a named clinician's name.
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        if (OnBehalfOfRules.Deny(caller.RolesActingFor(request.OnBehalfOf), protocol.ObservationRecorders, "Recording an observation") is { } denied)
            return Problems.Forbidden(denied);
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");

        var observation = new Observation
        {
            Code = request.Code!,
            Value = request.Value!.Value,
            Unit = protocol.ObservationCode(request.Code!)!.Unit,
        }.Stamp(episode, caller.ActorFor(request.OnBehalfOf), effectiveAt, now, request.Note);
        db.Observations.Add(observation);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/history", EpisodeRecordResponse.From(observation));
    }

    public static async Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordImaging(
        Guid id, RecordImagingRequest request, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);

        var now = time.UtcNow();
        var errors = new ValidationErrors();
        errors.Required("modality", request.Modality);
        errors.OneOf("modality", request.Modality, ImagingModalities.All);
        errors.Required("performedOn", request.PerformedOn);
        errors.Required("finding", request.Finding);
        errors.OneOf("finding", request.Finding, ImagingFindings.All);
        errors.InRange("grade", request.Grade, 1, 4);
        errors.MaxLength("note", request.Note, 4000);
        var effectiveAt = EffectiveTime.Resolve(errors, request.EffectiveAt, now, episode.LastTransitionAt);
        if (request.PerformedOn > DateOnly.FromDateTime(effectiveAt.UtcDateTime))
            errors.Add("performedOn", "performedOn may not be after the result was recorded (or in the future).");
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        if (OnBehalfOfRules.Deny(caller.RolesActingFor(request.OnBehalfOf), protocol.ImagingSigners, "Recording imaging") is { } denied)
            return Problems.Forbidden(denied);
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");

        var actor = caller.ActorFor(request.OnBehalfOf);
        var study = new ImagingStudy
        {
            Modality = request.Modality!,
            PerformedOn = request.PerformedOn!.Value,
            Finding = request.Finding!,
            Grade = request.Grade,
        }.Stamp(episode, actor, effectiveAt, now, request.Note);
        db.ImagingStudies.Add(study);

        // A worsening finding stops progress in the same transaction as the study itself.
        if (PhaseMachine.HoldForImagingFinding(study.Finding, episode.State()) is { } holdReason)
        {
            var onHold = episode.State() with { Status = EpisodeStatuses.OnHold, HoldReason = holdReason };
            db.Transitions.Add(episode.ApplyTransition(TransitionActions.Hold, onHold, holdReason,
                $"Imaging ({study.Modality}, {study.PerformedOn:yyyy-MM-dd}) shows {study.Finding}.", actor, effectiveAt, now));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/history", EpisodeRecordResponse.From(study));
    }
}
