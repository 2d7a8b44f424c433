using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.Security;

namespace RehabApi.Symptoms;

internal static class PainReportsResolver
{
    /// <summary>Adds a "regressed" resolution for every open pain report of <paramref name="episode"/>, in the
    /// caller's transaction (the regression's own).</summary>
    public static async Task ResolveByRegressionAsync(
        RehabDbContext db, Episode episode, Actor actor, DateTimeOffset effectiveAt, DateTimeOffset now, CancellationToken ct)
    {
        var open = await db.OpenPainReports(episode.Id)
            .Select(s => s.Id)
            .ToListAsync(ct);
        foreach (var reportId in open)
        {
            db.PainReportResolutions.Add(new PainReportResolution { PainReportId = reportId, Resolution = PainReportResolutions.Regressed }
                .Stamp(episode, actor, effectiveAt, now, $"Resolved by regressing to {episode.Phase}."));
        }
    }
}

internal static class PainReportQueries
{
    /// <summary>The episode's pain reports that no clinician has resolved yet (by a note or a regression).</summary>
    public static IQueryable<SymptomReport> OpenPainReports(this RehabDbContext db, Guid episodeId) =>
        db.SymptomReports.AsNoTracking()
            .Where(s => s.EpisodeId == episodeId && s.OpensPainReport && !db.PainReportResolutions.Any(r => r.PainReportId == s.Id));
}
