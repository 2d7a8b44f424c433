using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain.Symptoms;
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

    public static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordSymptoms(
        Guid id, RecordSymptomsRequest request, EpisodeWrites writes, CancellationToken ct) =>
        writes.WriteAsync<Created<EpisodeRecordResponse>>(id, new EpisodeWriteRules("Reporting symptoms", request.Note, null)
        {
            ForPatient = true,
            Dating = Dating.Now,
            NoteMaxLength = RecordSymptomsRequest.NoteMaxLength,
            Validate = (errors, write) => request.Validate(errors, write.Today, write.Episode.DiagnosedOn),
        }, async (write, ct) =>
        {
            // Patients report late: the report takes effect on its own date and belongs to the phase of that date.
            var effectiveAt = EffectiveTime.OfDate(request.Date!.Value, write.Calendar, write.Now);
            var phase = await write.Db.PhaseAtAsync(write.Episode, write.Protocol, effectiveAt, ct);
            var report = write.Stamp(new SymptomReport
            {
                Date = request.Date!.Value,
                PainAtRest = request.PainAtRest!.Value,
                PainWithActivity = request.PainWithActivity!.Value,
                PainNextMorning = request.PainNextMorning,
                UsingCrutches = request.UsingCrutches,
                ExercisesDone = request.ExercisesDone,
            }, effectiveAt, phase);
            report.OpensPainReport = PainRules.OpensPainReport(write.Protocol, phase, report.PainAtRest, report.PainWithActivity, report.PainNextMorning);
            write.Db.SymptomReports.Add(report);
            return TypedResults.Created($"/api/v1/episodes/{id}/pain-reports", EpisodeRecordResponse.From(report));
        }, ct);

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

    public static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> ResolvePainReport(
        Guid id, Guid reportId, ResolvePainReportRequest request, EpisodeWrites writes, CancellationToken ct) =>
        writes.WriteAsync<Created<EpisodeRecordResponse>>(id, new EpisodeWriteRules("Resolving this pain report", request.Note?.Trim(), request.OnBehalfOf)
        {
            Dating = Dating.Now,
            // The note is the point: what the clinician decided about the pain, in history for whoever reads it next.
            Validate = (errors, _) =>
            {
                if (string.IsNullOrWhiteSpace(request.Note)) errors.Add("note", "Say what was decided about the pain: a note is required.");
            },
        }, async (write, ct) =>
        {
            var report = await write.Db.SymptomReports.AsNoTracking()
                .SingleOrDefaultAsync(s => s.Id == reportId && s.EpisodeId == id && s.OpensPainReport, ct);
            if (report is null) return Problems.NotFound("pain report", reportId);
            if (await write.Db.PainReportResolutions.AnyAsync(r => r.PainReportId == reportId, ct))
                return Problems.Conflict("This pain report has already been resolved.");
            var resolvers = PainRules.Resolvers(write.Protocol, write.Episode.Site, report.Phase);
            if (OnBehalfOfRules.Deny(write.ActingRoles, resolvers, PainRules.IsRedFlag(write.Protocol, write.Episode.Site, report.Phase)
                    ? "Rest or night pain at a high-risk site while still off the leg is a red flag: resolving it"
                    : "Resolving a pain report") is { } denied)
                return Problems.Forbidden(denied);

            var resolution = write.Stamp(new PainReportResolution { PainReportId = reportId, Resolution = PainReportResolutions.Acknowledged });
            write.Db.PainReportResolutions.Add(resolution);
            return TypedResults.Created($"/api/v1/episodes/{id}/pain-reports", EpisodeRecordResponse.From(resolution));
        }, ct);
}
