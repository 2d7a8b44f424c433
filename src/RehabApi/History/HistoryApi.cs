using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Episodes;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.ReturnToRun;

namespace RehabApi.History;

internal static class HistoryApi
{
    public static RouteGroupBuilder MapHistory(this RouteGroupBuilder api)
    {
        api.MapGet("/episodes/{id:guid}/history", GetHistory)
            .WithTags("History")
            .WithName("GetHistory")
            .WithSummary("Everything that happened to an episode, in order of effect")
            .WithDescription("Transitions, clearances, observations, imaging, symptom reports (and how pain reports were resolved) walk–run sessions and bone-health assessments, ordered by effectiveAt then recordedAt, " +
                             "each with who recorded it and under which protocol version; walk–run sessions say whether they counted and why not. Nothing here is ever changed or removed.")
            .ProducesProblems(404);
        return api;
    }

    public static async Task<Results<Ok<EpisodeHistory>, ProblemHttpResult>> GetHistory(
        Guid id, RehabDbContext db, ProtocolStore protocols, CancellationToken ct)
    {
        var episode = await db.FindEpisodeAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var transitions = await db.Transitions.AsNoTracking().Where(t => t.EpisodeId == id).ToListAsync(ct);
        var clearances = await db.Clearances.AsNoTracking().Where(c => c.EpisodeId == id).ToListAsync(ct);
        var observations = await db.Observations.AsNoTracking().Where(o => o.EpisodeId == id).ToListAsync(ct);
        var imaging = await db.ImagingStudies.AsNoTracking().Where(i => i.EpisodeId == id).ToListAsync(ct);
        var symptoms = await db.SymptomReports.AsNoTracking().Where(s => s.EpisodeId == id).ToListAsync(ct);
        var resolutions = await db.PainReportResolutions.AsNoTracking().Where(r => r.EpisodeId == id).ToListAsync(ct);
        var sessions = await db.WalkRunSessions.AsNoTracking().Where(w => w.EpisodeId == id).ToListAsync(ct);
        var assessments = await db.BoneHealthAssessments.AsNoTracking().Where(b => b.EpisodeId == id).ToListAsync(ct);
        var ladder = (await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct)).WalkRun;
        var outcomes = WalkRunOutcomes.ById(ladder, transitions, sessions);

        var items = transitions.Select(EpisodeRecordResponse.From)
            .Concat(clearances.Select(EpisodeRecordResponse.From))
            .Concat(observations.Select(EpisodeRecordResponse.From))
            .Concat(imaging.Select(EpisodeRecordResponse.From))
            .Concat(symptoms.Select(EpisodeRecordResponse.From))
            .Concat(resolutions.Select(EpisodeRecordResponse.From))
            .Concat(sessions.Select(w => EpisodeRecordResponse.From(w, outcomes[w.Id])))
            .Concat(assessments.Select(EpisodeRecordResponse.From))
            // Ids are UUIDv7: within the same moments, creation order.
            .OrderBy(r => r.EffectiveAt).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id)
            .ToList();
        return TypedResults.Ok(new EpisodeHistory(id, items));
    }
}
