using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Symptoms;
using RehabApi.Domain.Gates;

namespace RehabApi.Episodes;

public static class EpisodeLoading
{
    /// <summary>Loads an episode for a write and locks its row until the transaction ends, so that
    /// evidence and transitions of one episode are applied one at a time: an advance can never be
    /// evaluated on evidence that another request is still writing. The clinic filter still applies.</summary>
    public static Task<Episode?> LockAsync(this RehabDbContext db, Guid id, CancellationToken ct) =>
        db.Episodes.FromSql($"SELECT * FROM episodes WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <summary>The facts the gate evaluation needs. Only evidence from the latest phase entry on is
    /// read (older evidence cannot count), so the cost does not grow with the episode's history.</summary>
    public static async Task<EpisodeFacts> LoadFactsAsync(this RehabDbContext db, Episode episode, CancellationToken ct)
    {
        var since = episode.PhaseEnteredAt;
        var clearances = await db.Clearances.AsNoTracking()
            .Where(c => c.EpisodeId == episode.Id && c.EffectiveAt >= since)
            .Select(c => new ClearanceFact(c.Type, c.EffectiveAt))
            .ToListAsync(ct);
        var observations = await db.Observations.AsNoTracking()
            .Where(o => o.EpisodeId == episode.Id && o.EffectiveAt >= since)
            .Select(o => new ObservationFact(o.Code, o.Value, o.EffectiveAt, o.RecordedAt))
            .ToListAsync(ct);
        // Imaging has its own rule (a later worsening study voids earlier healing), so all of it is read.
        var imaging = await db.ImagingStudies.AsNoTracking()
            .Where(i => i.EpisodeId == episode.Id)
            .Select(i => new ImagingFact(i.PerformedOn, i.Finding, i.RecordedAt))
            .ToListAsync(ct);

        // A pain report stays open, whatever the phase, until a clinician resolves it or regresses the episode.
        var openPainReports = await db.OpenPainReports(episode.Id)
            .Select(s => new { s.Date, s.PainAtRest, s.PainWithActivity, s.PainNextMorning })
            .ToListAsync(ct);
        var walkRunSessions = await db.WalkRunSessions.AsNoTracking()
            .Where(w => w.EpisodeId == episode.Id && w.EffectiveAt >= since)
            .Select(w => new WalkRunSessionFact(w.Date, w.Step, w.Completed, w.Pain, w.EffectiveAt))
            .ToListAsync(ct);

        var boneHealth = await db.BoneHealthAssessments.AsNoTracking()
            .Where(b => b.EpisodeId == episode.Id)
            .OrderByDescending(b => b.EffectiveAt).ThenByDescending(b => b.RecordedAt)
            .Select(b => new BoneHealthFact(b.Score, b.ClearanceLevel, b.AnyRiskFactor))
            .FirstOrDefaultAsync(ct);

        return new EpisodeFacts
        {
            Site = episode.Site,
            DiagnosedOn = episode.DiagnosedOn,
            NonWeightBearingSince = episode.NonWeightBearingSince,
            PlannedNonWeightBearingWeeks = episode.PlannedNonWeightBearingWeeks,
            Phase = episode.Phase,
            Status = episode.Status,
            HoldReason = episode.HoldReason,
            PhaseEnteredAt = episode.PhaseEnteredAt,
            RiskFactors = episode.RiskFactors,
            Clearances = clearances,
            Observations = observations,
            Imaging = imaging,
            OpenPainReports = openPainReports
                .Select(r => new PainReportFact(r.Date, Math.Max(Math.Max(r.PainAtRest, r.PainWithActivity), r.PainNextMorning ?? 0)))
                .ToList(),
            WalkRunSessions = walkRunSessions,
            BoneHealth = boneHealth,
        };
    }
}
