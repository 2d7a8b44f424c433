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
        var open = await db.SymptomReports.AsNoTracking()
            .Where(s => s.EpisodeId == episode.Id && s.OpensPainReport && !db.PainReportResolutions.Any(r => r.PainReportId == s.Id))
            .Select(s => s.Id)
            .ToListAsync(ct);
        foreach (var reportId in open)
        {
            db.PainReportResolutions.Add(new PainReportResolution { PainReportId = reportId, Resolution = PainReportResolutions.Regressed }
                .Stamp(episode, actor, effectiveAt, now, $"Resolved by regressing to {episode.Phase}."));
        }
    }
}
