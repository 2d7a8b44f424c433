using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RehabApi.Data;
using RehabApi.Symptoms;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Episodes;

public static class EpisodeLoading
{
    /// <summary>Reads an episode (no tracking) through the clinic filter; null when the caller may not see it.
    /// A compiled query: the most frequent read skips EF's query cache lookup (bench/NOTES.md).</summary>
    public static Task<Episode?> FindEpisodeAsync(this RehabDbContext db, Guid id, CancellationToken ct) => FindEpisode(db, id, ct);

    private static readonly Func<RehabDbContext, Guid, CancellationToken, Task<Episode?>> FindEpisode =
        EF.CompileAsyncQuery((RehabDbContext db, Guid id, CancellationToken ct) => db.Episodes.AsNoTracking().SingleOrDefault(e => e.Id == id));

    /// <summary>Loads an episode for a write and locks its row until the transaction ends, so that
    /// evidence and transitions of one episode are applied one at a time: an advance can never be
    /// evaluated on evidence that another request is still writing. The clinic filter still applies.</summary>
    public static Task<Episode?> LockAsync(this RehabDbContext db, Guid id, CancellationToken ct) =>
        db.Episodes.FromSql($"SELECT * FROM episodes WHERE id = {id} FOR UPDATE").SingleOrDefaultAsync(ct);

    /// <summary>The facts the gate evaluation needs, in one round trip: the six reads go to PostgreSQL as one
    /// batch (EF Core would send them one after another; on the hot paths — the gate and every advance — the
    /// round trips were most of the cost; bench/NOTES.md). Only what can decide a requirement is read, so the
    /// cost grows neither with the episode's history nor with evidence piling up in its phase: per clearance
    /// type of the protocol the latest one, and per observation code the latest or the highest value, as the
    /// rules ask (GateEvaluator.ObservationsRead), all from the latest phase entry on (the freshness rule). Imaging is read whole (a
    /// later worsening study voids earlier healing), as are open pain reports and the phase's walk–run
    /// sessions, which stay few. Inside a transaction (an advance) the batch joins it; outside, it is retried
    /// like any read.</summary>
    public static async Task<EpisodeFacts> LoadFactsAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync((db, episode, protocol), static async (_, state, ct) =>
        {
            var (db, episode, protocol) = state;
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = FactsBatch(db, episode, protocol);
                await using var reader = await batch.ExecuteReaderAsync(ct);
                return await ReadFactsAsync(reader, episode, ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, null, ct);
    }

    /// <summary>What the batch asks about, per protocol version: worked out once, not on every gate.</summary>
    private sealed record EvidenceNames(string[] ClearanceTypes, string[] LatestOf, string[] HighestOf);

    private static readonly ConditionalWeakTable<ProtocolDefinition, EvidenceNames> NamesByProtocol = new();

    private static EvidenceNames NamesOf(ProtocolDefinition protocol) =>
        NamesByProtocol.GetValue(protocol, static p =>
        {
            var (latestOf, highestOf) = GateEvaluator.ObservationsRead(p);
            return new EvidenceNames(p.ClearanceTypes.Select(c => c.Type).ToArray(), latestOf.ToArray(), highestOf.ToArray());
        });

    private static NpgsqlBatch FactsBatch(RehabDbContext db, Episode episode, ProtocolDefinition protocol)
    {
        var names = NamesOf(protocol);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var batch = new NpgsqlBatch(connection)
        {
            Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
        };
        // $1 the episode, $2 the freshness boundary (latest phase entry), $3 the clinic (as the EF filters would),
        // $4 (and $5) the protocol's clearance types or observation codes. The parameters are typed, so a statement
        // need not use them all.
        void Add(string sql, string[]? names = null, string[]? moreNames = null)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = episode.Id });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = episode.PhaseEnteredAt });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = episode.ClinicId });
            if (names is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names });
            if (moreNames is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = moreNames });
            batch.BatchCommands.Add(command);
        }
        Add("""
            SELECT t.type, latest.effective_at FROM unnest($4) AS t(type)
            CROSS JOIN LATERAL (
                SELECT effective_at FROM clearances
                WHERE episode_id = $1 AND type = t.type AND effective_at >= $2 AND clinic_id = $3
                ORDER BY effective_at DESC LIMIT 1) latest
            """, names.ClearanceTypes);
        Add("""
            SELECT o.code, o.value, o.effective_at, o.recorded_at FROM unnest($4) AS c(code)
            CROSS JOIN LATERAL (
                SELECT code, value, effective_at, recorded_at FROM observations
                WHERE episode_id = $1 AND code = c.code AND effective_at >= $2 AND clinic_id = $3
                ORDER BY effective_at DESC, recorded_at DESC LIMIT 1) o
            UNION ALL
            SELECT o.code, o.value, o.effective_at, o.recorded_at FROM unnest($5) AS c(code)
            CROSS JOIN LATERAL (
                SELECT code, value, effective_at, recorded_at FROM observations
                WHERE episode_id = $1 AND code = c.code AND effective_at >= $2 AND clinic_id = $3
                ORDER BY value DESC LIMIT 1) o
            """, names.LatestOf, names.HighestOf);
        Add("SELECT performed_on, finding, recorded_at FROM imaging_studies WHERE episode_id = $1 AND clinic_id = $3");
        // A pain report stays open, whatever the phase, until a clinician resolves it or regresses the episode.
        Add("""
            SELECT s.date, GREATEST(s.pain_at_rest, s.pain_with_activity, COALESCE(s.pain_next_morning, 0))
            FROM symptom_reports s
            WHERE s.episode_id = $1 AND s.opens_pain_report AND s.clinic_id = $3
              AND NOT EXISTS (SELECT 1 FROM pain_report_resolutions r WHERE r.pain_report_id = s.id)
            """);
        Add("SELECT date, step, completed, pain, effective_at FROM walk_run_sessions WHERE episode_id = $1 AND effective_at >= $2 AND clinic_id = $3");
        Add("""
            SELECT score, clearance_level, any_risk_factor FROM bone_health_assessments
            WHERE episode_id = $1 AND clinic_id = $3
            ORDER BY effective_at DESC, recorded_at DESC LIMIT 1
            """);
        return batch;
    }

    private static async Task<EpisodeFacts> ReadFactsAsync(NpgsqlDataReader reader, Episode episode, CancellationToken ct)
    {
        var clearances = new List<ClearanceFact>();
        while (await reader.ReadAsync(ct))
            clearances.Add(new ClearanceFact(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));

        await reader.NextResultAsync(ct);
        var observations = new List<ObservationFact>();
        while (await reader.ReadAsync(ct))
            observations.Add(new ObservationFact(reader.GetString(0), reader.GetDecimal(1),
                reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));

        await reader.NextResultAsync(ct);
        var imaging = new List<ImagingFact>();
        while (await reader.ReadAsync(ct))
            imaging.Add(new ImagingFact(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));

        await reader.NextResultAsync(ct);
        var openPainReports = new List<PainReportFact>();
        while (await reader.ReadAsync(ct))
            openPainReports.Add(new PainReportFact(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1)));

        await reader.NextResultAsync(ct);
        var walkRunSessions = new List<WalkRunSessionFact>();
        while (await reader.ReadAsync(ct))
            walkRunSessions.Add(new WalkRunSessionFact(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetBoolean(2),
                reader.GetBoolean(3), reader.GetFieldValue<DateTimeOffset>(4)));

        await reader.NextResultAsync(ct);
        BoneHealthFact? boneHealth = null;
        if (await reader.ReadAsync(ct))
            boneHealth = new BoneHealthFact(reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2));

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
            OpenPainReports = openPainReports,
            WalkRunSessions = walkRunSessions,
            BoneHealth = boneHealth,
        };
    }
}
