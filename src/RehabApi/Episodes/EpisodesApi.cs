using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Episodes;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Infrastructure;
using RehabApi.OpenApi;
using RehabApi.Protocols;
using RehabApi.Security;
using RehabApi.Transitions;

namespace RehabApi.Episodes;

internal static class EpisodesApi
{
    public static RouteGroupBuilder MapEpisodes(this RouteGroupBuilder api)
    {
        api.MapPost("/patients/{patientId:guid}/episodes", CreateEpisode)
            .WithTags("Episodes")
            .WithName("CreateEpisode")
            .WithSummary("Open a rehabilitation episode for a patient")
            .WithDescription("New episodes start on the clinic's own protocol version if it has published one, else on the " +
                             "built-in hip-bsi version 2. Routes fractures at risk of displacement (tension-side femoral neck, " +
                             "displaced, or a fracture line of at least half the neck width) to an on-hold surgical referral. " +
                             "Version 2: neckWidthPercent is required for femoral-neck-compression and refused for any other site " +
                             "(400 naming it); mriGrade (1–4; assumed 3 at a high-risk site, 2 elsewhere) and the site set " +
                             "plannedNonWeightBearingWeeks (4, 6, or 8 at grade 4; an explicit 4–8 wins) and minWeeksBeforeImpact " +
                             "and minWeeksBeforeDischarge (12 and 16, or 14 and 20 at grade 4, from the injury date), shown on the episode.")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(400, 404);

        var group = api.MapGroup("/episodes").WithTags("Episodes");
        group.MapGet("/{id:guid}", GetEpisode).WithName("GetEpisode").WithSummary("Read an episode's current state (with an ETag)")
            .AnswersWithETag().ProducesProblems(404);
        group.MapGet("/", ListEpisodes)
            .WithName("ListEpisodes")
            .WithSummary("Page through episodes by phase, status or patient")
            .WithDescription("A patient-app key lists only its own patient's episodes.")
            .ProducesProblems(400);
        group.MapGet("/{id:guid}/gate", GetGate)
            .WithName("GetGate")
            .WithSummary("Which requirements of the gate out of the current phase are met, and when time requirements will be")
            .ProducesProblems(404);
        return group;
    }

    public static async Task<Results<Created<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> CreateEpisode(
        Guid patientId, CreateEpisodeRequest request, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        if (!await db.Patients.AnyAsync(p => p.Id == patientId, ct)) return Problems.NotFound("patient", patientId);
        return await OpenAsync(patientId, request, await protocols.ForNewEpisodeAsync(ct), db, caller, time.GetUtcNow(), ct);
    }

    /// <summary>Opens an episode of <paramref name="patientId"/> on <paramref name="protocol"/>: what a new episode starts on
    /// (ForNewEpisodeAsync). Tests also open one on version 1 through here, as a server before version 2 did.</summary>
    internal static async Task<Results<Created<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        Guid patientId, CreateEpisodeRequest request, ProtocolDefinition protocol, RehabDbContext db, CurrentCaller caller,
        DateTimeOffset now, CancellationToken ct)
    {
        var errors = request.Validate(protocol, caller.Calendar.DateOf(now));
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var site = request.Site!;
        var nonWeightBearingSince = request.NonWeightBearingSince ?? request.DiagnosedOn!.Value;
        // The first phase is dated from when the patient came off the leg (local midnight), so imported histories line up.
        var opened = PhaseMachine.Open(protocol, site, request.Displaced ?? false, request.NeckWidthPercent,
            caller.Calendar.StartOf(nonWeightBearingSince));
        var pathway = protocol.PathwayFor(site, request.MriGrade);
        var episode = new Episode
        {
            Id = Guid.CreateVersion7(),
            ClinicId = caller.ClinicId,
            PatientId = patientId,
            Site = site,
            Side = request.Side!,
            DiagnosedOn = request.DiagnosedOn!.Value,
            NonWeightBearingSince = nonWeightBearingSince,
            PlannedNonWeightBearingWeeks = request.PlannedNonWeightBearingWeeks ?? pathway.NonWeightBearingWeeks,
            InjuryOn = request.DiagnosedOn!.Value,
            MinWeeksBeforeImpact = pathway.WeeksBeforeImpact,
            MinWeeksBeforeDischarge = pathway.WeeksBeforeDischarge,
            Displaced = request.Displaced ?? false,
            NeckWidthPercent = request.NeckWidthPercent,
            MriGrade = request.MriGrade,
            RiskFactors = request.RiskFactors ?? [],
            Phase = opened.State.Phase,
            Status = opened.State.Status,
            ProtocolKey = protocol.Key,
            ProtocolVersion = protocol.Version,
            CreatedAt = now,
        };
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        db.Episodes.Add(episode);
        db.Transitions.Add(episode.Open(opened, caller.ActorFor(null), now));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{episode.Id}", EpisodeResponse.From(episode));
    }

    public static async Task<Results<Ok<EpisodeResponse>, ProblemHttpResult>> GetEpisode(
        Guid id, NpgsqlDataSource database, CurrentCaller caller, HttpContext http, CancellationToken ct)
    {
        var episode = await database.FindEpisodeAsync(caller, id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        http.Response.Headers.ETag = EpisodeETag.For(episode.Version);
        return TypedResults.Ok(EpisodeResponse.From(episode));
    }

    public static async Task<Results<Ok<EpisodePage>, ValidationProblem>> ListEpisodes(
        RehabDbContext db, CancellationToken ct,
        string? phase = null, string? status = null, Guid? patientId = null, string? cursor = null, int? limit = null)
    {
        var errors = new ValidationErrors();
        // Clinics' versions keep the built-in phases (ProtocolSafety), so these are all the phases there are.
        errors.OneOf("phase", phase, ProtocolCatalog.BuiltInProtocols.SelectMany(p => p.Phases).Select(p => p.Code).Distinct());
        errors.OneOf("status", status, [EpisodeStatuses.Active, EpisodeStatuses.OnHold, EpisodeStatuses.Closed]);
        var after = KeysetCursor.Decode(errors, cursor);
        var take = KeysetCursor.Limit(errors, limit);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var query = db.Episodes.AsNoTracking();
        if (phase is not null) query = query.Where(e => e.Phase == phase);
        if (status is not null) query = query.Where(e => e.Status == status);
        if (patientId is not null) query = query.Where(e => e.PatientId == patientId);
        if (after is { } afterId) query = query.Where(e => e.Id.CompareTo(afterId) > 0);
        var rows = await query.OrderBy(e => e.Id).Take(take + 1).ToListAsync(ct);

        var items = rows.Take(take).Select(EpisodeResponse.From).ToList();
        var next = rows.Count > take ? KeysetCursor.Encode(items[^1].Id) : null;
        return TypedResults.Ok(new EpisodePage(items, next));
    }

    public static async Task<Results<Ok<GateResponse>, ProblemHttpResult>> GetGate(
        Guid id, RehabDbContext db, CurrentCaller caller, ProtocolStore protocols, TimeProvider time, GateEvidenceCache cache,
        CancellationToken ct)
    {
        // One connection for the episode and its evidence, not one rented from the pool for each.
        await db.Database.OpenConnectionAsync(ct);
        var episode = await db.FindEpisodeAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var now = time.GetUtcNow();
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var facts = await db.LoadGateFactsAsync(episode, protocol, caller.Calendar, now, cache, ct);
        var gate = GateEvaluator.Evaluate(protocol, facts, now);
        return TypedResults.Ok(new GateResponse(gate.Phase, gate.NextPhase, gate.CanAdvance, gate.Requirements, now));
    }
}
