using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RehabApi.Data;
using RehabApi.Symptoms;
using RehabApi.Domain;
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

    /// <summary>The facts any view of the episode may show (the plan, the timeline, the walk–run ladder), as of
    /// <paramref name="asOf"/>: EvidenceToRead.Everything.</summary>
    public static Task<EpisodeFacts> LoadFactsAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol,
        DateTimeOffset asOf, CancellationToken ct) =>
        db.LoadAsync(episode, ReadsOf(protocol).Everything, asOf, ct);

    /// <summary>The facts the gate out of the episode's current phase reads, as of <paramref name="asOf"/>, and
    /// nothing else (EvidenceToRead.ForGate): what GET /gate and every advance need. A closed episode has no gate,
    /// so nothing is read.</summary>
    public static Task<EpisodeFacts> LoadGateFactsAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol,
        DateTimeOffset asOf, CancellationToken ct) =>
        db.LoadAsync(episode, episode.Status == EpisodeStatuses.Closed ? Reads.Nothing : ReadsOf(protocol).ForGate(episode.Phase), asOf, ct);

    /// <summary>Reads the evidence in one round trip: the statements go to PostgreSQL as one batch (EF Core would
    /// send them one after another; on the hot paths — the gate and every advance — the round trips were most of
    /// the cost; bench/NOTES.md). Only what can decide a requirement is read, so the cost grows neither with the
    /// episode's history nor with evidence piling up in its phase: per clearance type the latest one, and per
    /// observation code the latest or the highest value, all effective from the latest phase entry (the freshness
    /// rule) up to <paramref name="asOf"/> (a backdated advance must not see later evidence in place of earlier).
    /// Imaging is read whole (a later worsening study voids earlier healing), as are open pain reports and the
    /// phase's walk–run sessions, which stay few; the evaluator applies its own rules to them. Inside a
    /// transaction (an advance) the batch joins it; outside, it is retried like any read.</summary>
    private static async Task<EpisodeFacts> LoadAsync(this RehabDbContext db, Episode episode, Reads reads, DateTimeOffset asOf, CancellationToken ct)
    {
        if (reads.IsNothing) return FactsOf(episode, new Evidence());
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync((db, episode, reads, asOf), static async (_, state, ct) =>
        {
            var (db, episode, reads, asOf) = state;
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using var batch = FactsBatch(db, episode, reads, asOf);
                await using var reader = await batch.ExecuteReaderAsync(ct);
                return FactsOf(episode, await ReadEvidenceAsync(reader, reads, ct));
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, null, ct);
    }

    /// <summary>EvidenceToRead as the batch needs it (arrays for the parameters), worked out once per protocol
    /// version and phase, not on every gate.</summary>
    private sealed record Reads(string[] ClearanceTypes, string[] LatestOf, string[] HighestOf, EvidenceToRead What)
    {
        public static readonly Reads Nothing = From(EvidenceToRead.Nothing);

        public bool IsNothing => ClearanceTypes.Length == 0 && LatestOf.Length == 0 && HighestOf.Length == 0
            && !What.Imaging && !What.OpenPainReports && !What.WalkRunSessions && !What.BoneHealth;

        public static Reads From(EvidenceToRead what) =>
            new(what.ClearanceTypes.ToArray(), what.LatestObservations.ToArray(), what.HighestObservations.ToArray(), what);
    }

    private sealed class ProtocolReads(ProtocolDefinition protocol)
    {
        public Reads Everything { get; } = Reads.From(EvidenceToRead.Everything(protocol));
        private readonly Dictionary<string, Reads> byPhase =
            protocol.Phases.ToDictionary(p => p.Code, p => Reads.From(EvidenceToRead.ForGate(protocol, p.Code)));

        public Reads ForGate(string phase) => byPhase.TryGetValue(phase, out var reads) ? reads : Reads.Nothing;
    }

    private static readonly ConditionalWeakTable<ProtocolDefinition, ProtocolReads> ReadsByProtocol = new();

    private static ProtocolReads ReadsOf(ProtocolDefinition protocol) =>
        ReadsByProtocol.GetValue(protocol, static p => new ProtocolReads(p));

    private static NpgsqlBatch FactsBatch(RehabDbContext db, Episode episode, Reads reads, DateTimeOffset asOf)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var batch = new NpgsqlBatch(connection)
        {
            Transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(),
        };
        // $1 the episode, $2 the freshness boundary (latest phase entry), $3 the clinic (as the EF filters would),
        // $4 the moment of evaluation, $5 (and $6) the clearance types or observation codes. The parameters are
        // typed, so a statement need not use them all.
        void Add(string sql, string[]? names = null, string[]? moreNames = null)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = episode.Id });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = episode.PhaseEnteredAt });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = episode.ClinicId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = asOf });
            if (names is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = names });
            if (moreNames is not null) command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = moreNames });
            batch.BatchCommands.Add(command);
        }
        if (reads.ClearanceTypes.Length > 0)
            Add("""
                SELECT t.type, latest.effective_at FROM unnest($5) AS t(type)
                CROSS JOIN LATERAL (
                    SELECT effective_at FROM clearances
                    WHERE episode_id = $1 AND type = t.type AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3
                    ORDER BY effective_at DESC LIMIT 1) latest
                """, reads.ClearanceTypes);
        if (reads.LatestOf.Length > 0 || reads.HighestOf.Length > 0)
            Add("""
                SELECT o.code, o.value, o.effective_at, o.recorded_at FROM unnest($5) AS c(code)
                CROSS JOIN LATERAL (
                    SELECT code, value, effective_at, recorded_at FROM observations
                    WHERE episode_id = $1 AND code = c.code AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3
                    ORDER BY effective_at DESC, recorded_at DESC LIMIT 1) o
                UNION ALL
                SELECT o.code, o.value, o.effective_at, o.recorded_at FROM unnest($6) AS c(code)
                CROSS JOIN LATERAL (
                    SELECT code, value, effective_at, recorded_at FROM observations
                    WHERE episode_id = $1 AND code = c.code AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3
                    ORDER BY value DESC LIMIT 1) o
                """, reads.LatestOf, reads.HighestOf);
        if (reads.What.Imaging)
            Add("SELECT performed_on, finding, recorded_at FROM imaging_studies WHERE episode_id = $1 AND clinic_id = $3");
        // A pain report stays open, whatever the phase, until a clinician resolves it or regresses the episode.
        if (reads.What.OpenPainReports)
            Add("""
                SELECT s.date, GREATEST(s.pain_at_rest, s.pain_with_activity, COALESCE(s.pain_next_morning, 0))
                FROM symptom_reports s
                WHERE s.episode_id = $1 AND s.opens_pain_report AND s.clinic_id = $3
                  AND NOT EXISTS (SELECT 1 FROM pain_report_resolutions r WHERE r.pain_report_id = s.id)
                """);
        if (reads.What.WalkRunSessions)
            Add("SELECT date, step, completed, pain, effective_at FROM walk_run_sessions WHERE episode_id = $1 AND effective_at >= $2 AND clinic_id = $3");
        if (reads.What.BoneHealth)
            Add("""
                SELECT score, clearance_level, any_risk_factor FROM bone_health_assessments
                WHERE episode_id = $1 AND clinic_id = $3
                ORDER BY effective_at DESC, recorded_at DESC LIMIT 1
                """);
        return batch;
    }

    private sealed class Evidence
    {
        public List<ClearanceFact> Clearances { get; } = [];
        public List<ObservationFact> Observations { get; } = [];
        public List<ImagingFact> Imaging { get; } = [];
        public List<PainReportFact> OpenPainReports { get; } = [];
        public List<WalkRunSessionFact> WalkRunSessions { get; } = [];
        public BoneHealthFact? BoneHealth { get; set; }
    }

    /// <summary>Reads the batch's results in the order FactsBatch added its statements.</summary>
    private static async Task<Evidence> ReadEvidenceAsync(NpgsqlDataReader reader, Reads reads, CancellationToken ct)
    {
        var evidence = new Evidence();
        var results = 0;
        async Task<bool> NextAsync() => results++ == 0 || await reader.NextResultAsync(ct);
        if (reads.ClearanceTypes.Length > 0 && await NextAsync())
            while (await reader.ReadAsync(ct))
                evidence.Clearances.Add(new ClearanceFact(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        if ((reads.LatestOf.Length > 0 || reads.HighestOf.Length > 0) && await NextAsync())
            while (await reader.ReadAsync(ct))
                evidence.Observations.Add(new ObservationFact(reader.GetString(0), reader.GetDecimal(1),
                    reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3)));
        if (reads.What.Imaging && await NextAsync())
            while (await reader.ReadAsync(ct))
                evidence.Imaging.Add(new ImagingFact(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        if (reads.What.OpenPainReports && await NextAsync())
            while (await reader.ReadAsync(ct))
                evidence.OpenPainReports.Add(new PainReportFact(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1)));
        if (reads.What.WalkRunSessions && await NextAsync())
            while (await reader.ReadAsync(ct))
                evidence.WalkRunSessions.Add(new WalkRunSessionFact(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetBoolean(2),
                    reader.GetBoolean(3), reader.GetFieldValue<DateTimeOffset>(4)));
        if (reads.What.BoneHealth && await NextAsync() && await reader.ReadAsync(ct))
            evidence.BoneHealth = new BoneHealthFact(reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2));
        return evidence;
    }

    private static EpisodeFacts FactsOf(Episode episode, Evidence evidence) => new()
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
        Clearances = evidence.Clearances,
        Observations = evidence.Observations,
        Imaging = evidence.Imaging,
        OpenPainReports = evidence.OpenPainReports,
        WalkRunSessions = evidence.WalkRunSessions,
        BoneHealth = evidence.BoneHealth,
    };
}
