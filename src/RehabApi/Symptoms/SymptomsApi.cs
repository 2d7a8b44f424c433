using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Symptoms;

internal static class SymptomsApi
{
    public static RouteGroupBuilder MapSymptoms(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/episodes/{id:guid}").WithTags("Symptoms");
        group.MapPost("/symptoms", RecordSymptoms)
            .WithName("RecordSymptoms")
            .WithSummary("Record the patient's symptoms for a day (from the patient's app)")
            .WithDescription("Fracture-site pain above 0 from partial weight-bearing on opens a pain report, which blocks " +
                             "every gate (no-open-pain-reports) until a clinician regresses the episode or resolves it with a note.")
            .AllowOnly(AccessPolicies.ReportsForPatient)
            .ProducesProblems(400, 403, 404, 409);
        group.MapGet("/pain-reports", ListPainReports)
            .WithName("ListPainReports")
            .WithSummary("The episode's pain reports, open ones first")
            .AllowOnly(AccessPolicies.ClinicStaff)
            .ProducesProblems(404);
        group.MapPost("/pain-reports/{reportId:guid}/resolution", ResolvePainReport)
            .WithName("ResolvePainReport")
            .WithSummary("Resolve an open pain report with a clinician's note (the other way is to regress the episode)")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(400, 403, 404, 409);
        return group;
    }

    public static async Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordSymptoms(
        Guid id, RecordSymptomsRequest request, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var errors = request.Validate(time.Today(), episode.DiagnosedOn);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");

        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var report = new SymptomReport
        {
            Date = request.Date!.Value,
            PainAtRest = request.PainAtRest!.Value,
            PainWithActivity = request.PainWithActivity!.Value,
            PainNextMorning = request.PainNextMorning,
            UsingCrutches = request.UsingCrutches,
            ExercisesDone = request.ExercisesDone,
        }.Stamp(episode, caller.ActorFor(null), time.UtcNow(), time.UtcNow(), request.Note);
        report.OpensPainReport = report.WorstPain > 0 && protocol.PainOpensReportIn(episode.Phase);
        db.SymptomReports.Add(report);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/pain-reports", EpisodeRecordResponse.From(report));
    }

    public static async Task<Results<Ok<PainReportList>, ProblemHttpResult>> ListPainReports(Guid id, RehabDbContext db, CancellationToken ct)
    {
        if (!await db.Episodes.AnyAsync(e => e.Id == id, ct)) return Problems.NotFound("episode", id);
        var reports = await db.SymptomReports.AsNoTracking().Where(s => s.EpisodeId == id && s.OpensPainReport).ToListAsync(ct);
        var resolutions = await db.PainReportResolutions.AsNoTracking().Where(r => r.EpisodeId == id)
            .ToDictionaryAsync(r => r.PainReportId, ct);
        var items = reports
            .Select(s => resolutions.GetValueOrDefault(s.Id) is { } r
                ? new PainReportResponse(s.Id, s.Date, s.WorstPain, s.Phase, s.RecordedAt, false, r.Resolution, r.RecordedAt, ActorResponse.From(r.RecordedBy), r.Note)
                : new PainReportResponse(s.Id, s.Date, s.WorstPain, s.Phase, s.RecordedAt, true, null, null, null, null))
            .OrderByDescending(p => p.Open).ThenBy(p => p.RecordedAt)
            .ToList();
        return TypedResults.Ok(new PainReportList(id, items));
    }

    public static async Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> ResolvePainReport(
        Guid id, Guid reportId, ResolvePainReportRequest request, RehabDbContext db, CurrentCaller caller,
        TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var errors = new ValidationErrors();
        // The note is the point: what the clinician decided about the pain, in history for whoever reads it next.
        if (string.IsNullOrWhiteSpace(request.Note)) errors.Add("note", "Say what was decided about the pain: a note is required.");
        errors.MaxLength("note", request.Note, 4000);
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var report = await db.SymptomReports.AsNoTracking()
            .SingleOrDefaultAsync(s => s.Id == reportId && s.EpisodeId == id && s.OpensPainReport, ct);
        if (report is null) return Problems.NotFound("pain report", reportId);
        if (await db.PainReportResolutions.AnyAsync(r => r.PainReportId == reportId, ct))
            return Problems.Conflict("This pain report has already been resolved.");

        var now = time.UtcNow();
        var resolution = new PainReportResolution { PainReportId = reportId, Resolution = PainReportResolutions.Acknowledged }
            .Stamp(episode, caller.ActorFor(request.OnBehalfOf), now, now, request.Note!.Trim());
        db.PainReportResolutions.Add(resolution);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/pain-reports", EpisodeRecordResponse.From(resolution));
    }
}
