using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Security;

namespace RehabApi.Episodes;

public static class EpisodeLoading
{
    /// <summary>Reads an episode (no tracking) through the clinic filter; null when the caller may not see it.
    /// With Npgsql rather than EF Core (EpisodeRow: the most frequent read). Inside a transaction the read joins it;
    /// outside, it is retried like any read.</summary>
    public static Task<Episode?> FindEpisodeAsync(this RehabDbContext db, Guid id, CancellationToken ct) =>
        db.OnConnectionAsync((db.EpisodeScope, id), static (connection, transaction, state, ct) =>
            EpisodeRow.FindAsync(connection, transaction, state.id, state.EpisodeScope, ct), ct);

    /// <summary>The same read without a context, on a connection from the service's pool, for a request that needs nothing
    /// else from the database (GET /episodes/{id}): renting and returning a pooled context cost that request a tenth of
    /// its throughput (bench/NOTES.md, seventh session). Filtered by <paramref name="caller"/>'s scope as the context
    /// filters, and retried as the context retries a read.</summary>
    public static Task<Episode?> FindEpisodeAsync(this NpgsqlDataSource database, CurrentCaller caller, Guid id, CancellationToken ct) =>
        ReadRetryingExecutionStrategy.RetryReadAsync(async ct =>
        {
            await using var connection = await database.OpenConnectionAsync(ct);
            return await EpisodeRow.FindAsync(connection, null, id, caller.EpisodeScope, ct);
        }, ct);

    /// <summary>Loads an episode for a write (tracked) and locks its row until the transaction ends, so that
    /// evidence and transitions of one episode are applied one at a time: an advance can never be
    /// evaluated on evidence that another request is still writing. The clinic filter still applies.
    /// A compiled query, made <c>FOR UPDATE</c> by <see cref="RowLocks"/>.</summary>
    public static Task<Episode?> LockAsync(this RehabDbContext db, Guid id, CancellationToken ct) => Lock(db, id, ct);

    private static readonly Func<RehabDbContext, Guid, CancellationToken, Task<Episode?>> Lock =
        EF.CompileAsyncQuery((RehabDbContext db, Guid id, CancellationToken ct) =>
            db.Episodes.TagWith(RowLocks.Tag).SingleOrDefault(e => e.Id == id));

    /// <summary>The facts any view of the episode may show (the plan, the timeline, the walk–run ladder), as of
    /// <paramref name="asOf"/>: EvidenceToRead.Everything. <paramref name="calendar"/> is the clinic's (the caller's):
    /// the time rules count its dates.</summary>
    public static Task<EpisodeFacts> LoadFactsAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol,
        ClinicCalendar calendar, DateTimeOffset asOf, CancellationToken ct) =>
        db.LoadAsync(episode, QueriesOf(protocol).Everything, calendar, asOf, ct);

    /// <summary>The facts the gate out of the episode's current phase reads, as of <paramref name="asOf"/>, and
    /// nothing else (EvidenceToRead.ForGate), for a view of the gate (GET /gate, FHIR, the console): from <paramref name="cache"/> when
    /// the episode's row, just read, shows its evidence unchanged since. An advance reads its gate's facts fresh
    /// (<see cref="LoadTransitionFactsAsync"/>). A closed episode has no gate, so nothing is read.</summary>
    public static async Task<EpisodeFacts> LoadGateFactsAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol,
        ClinicCalendar calendar, DateTimeOffset asOf, GateEvidenceCache cache, CancellationToken ct)
    {
        var query = episode.Status == EpisodeStatuses.Closed ? EvidenceQuery.Nothing : QueriesOf(protocol).ForGate(episode.Phase);
        if (query.IsNothing) return FactsOf(episode, new EpisodeEvidence(), calendar);
        if (cache.TryGet(episode, query, asOf, out var cached)) return FactsOf(episode, cached, calendar);
        var evidence = await db.ReadEvidenceAsync(episode, query, asOf, ct);
        // Inside a transaction the read could include its own writes, which may yet be rolled back.
        if (db.Database.CurrentTransaction is null) cache.Add(episode, query, asOf, evidence);
        return FactsOf(episode, evidence, calendar);
    }

    /// <summary>The gate facts of several episodes as of <paramref name="asOf"/>, in one round trip (the console's caseload:
    /// a page of episodes, each with its verdict, without a query per episode). In the order given.</summary>
    public static async Task<IReadOnlyList<EpisodeFacts>> LoadGateFactsAsync(this RehabDbContext db,
        IReadOnlyList<(Episode Episode, ProtocolDefinition Protocol)> episodes, ClinicCalendar calendar, DateTimeOffset asOf, CancellationToken ct)
    {
        var queries = episodes.Select(e => e.Episode.Status == EpisodeStatuses.Closed ? EvidenceQuery.Nothing : QueriesOf(e.Protocol).ForGate(e.Episode.Phase))
            .ToList();
        if (queries.All(q => q.IsNothing)) return episodes.Select(e => FactsOf(e.Episode, new EpisodeEvidence(), calendar)).ToList();
        return await db.OnConnectionAsync((episodes, queries, calendar, asOf), static async (connection, _, state, ct) =>
        {
            var (episodes, queries, calendar, asOf) = state;
            await using var batch = new NpgsqlBatch(connection);
            for (var i = 0; i < episodes.Count; i++) queries[i].AddTo(batch, episodes[i].Episode, asOf);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            var facts = new List<EpisodeFacts>(episodes.Count);
            var first = true;
            for (var i = 0; i < episodes.Count; i++)
            {
                var evidence = queries[i].IsNothing ? new EpisodeEvidence() : await queries[i].ReadAsync(reader, ct, atItsFirstResult: first);
                first &= queries[i].IsNothing;
                facts.Add(FactsOf(episodes[i].Episode, evidence, calendar));
            }
            return (IReadOnlyList<EpisodeFacts>)facts;
        }, ct);
    }

    /// <summary>The facts the phase machine reads for <paramref name="action"/> (EvidenceToRead.ForTransition): an advance
    /// its gate, a regression the open pain reports, a resume bone health; hold and withdraw read nothing.</summary>
    public static Task<EpisodeFacts> LoadTransitionFactsAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol,
        string action, ClinicCalendar calendar, DateTimeOffset asOf, CancellationToken ct) =>
        db.LoadAsync(episode, QueriesOf(protocol).ForTransition(episode.Phase, action), calendar, asOf, ct);

    /// <summary>The effective time of the latest evidence of any kind recorded for the episode, or null: a transition may
    /// not be dated before it (PROTOCOL.md, "Effective time").</summary>
    public static Task<DateTimeOffset?> LatestEvidenceAtAsync(this RehabDbContext db, Episode episode, CancellationToken ct) =>
        db.Database.SqlQuery<DateTimeOffset?>($"""
            SELECT GREATEST(
                (SELECT max(effective_at) FROM clearances WHERE episode_id = {episode.Id}),
                (SELECT max(effective_at) FROM observations WHERE episode_id = {episode.Id}),
                (SELECT max(effective_at) FROM imaging_studies WHERE episode_id = {episode.Id}),
                (SELECT max(effective_at) FROM symptom_reports WHERE episode_id = {episode.Id}),
                (SELECT max(effective_at) FROM pain_report_resolutions WHERE episode_id = {episode.Id}),
                (SELECT max(effective_at) FROM walk_run_sessions WHERE episode_id = {episode.Id}),
                (SELECT max(effective_at) FROM bone_health_assessments WHERE episode_id = {episode.Id})) AS "Value"
            """).SingleAsync(ct);

    /// <summary>The phase the episode was in at <paramref name="moment"/>: that of the latest transition effective by then
    /// (the first phase before any). A late symptom report belongs to the phase of its date.</summary>
    public static async Task<string> PhaseAtAsync(this RehabDbContext db, Episode episode, ProtocolDefinition protocol,
        DateTimeOffset moment, CancellationToken ct) =>
        await db.Transitions.AsNoTracking()
            .Where(t => t.EpisodeId == episode.Id && t.EffectiveAt <= moment)
            .OrderByDescending(t => t.EffectiveAt).ThenByDescending(t => t.RecordedAt)
            .Select(t => t.ToPhase)
            .FirstOrDefaultAsync(ct) ?? protocol.FirstPhase;

    /// <summary>Reads the evidence in one round trip (EvidenceQuery). Inside a transaction (an advance) the batch
    /// joins it; outside, it is retried like any read.</summary>
    private static async Task<EpisodeFacts> LoadAsync(this RehabDbContext db, Episode episode, EvidenceQuery query,
        ClinicCalendar calendar, DateTimeOffset asOf, CancellationToken ct) =>
        FactsOf(episode, query.IsNothing ? new EpisodeEvidence() : await db.ReadEvidenceAsync(episode, query, asOf, ct), calendar);

    private static Task<EpisodeEvidence> ReadEvidenceAsync(this RehabDbContext db, Episode episode, EvidenceQuery query,
        DateTimeOffset asOf, CancellationToken ct) =>
        db.OnConnectionAsync((episode, query, asOf), static async (connection, transaction, state, ct) =>
        {
            var (episode, query, asOf) = state;
            await using var batch = query.CreateBatch(connection, transaction, episode, asOf);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await query.ReadAsync(reader, ct);
        }, ct);

    /// <summary>Runs <paramref name="read"/> with Npgsql on the context's own connection, opened for it (or kept open when
    /// the caller opened it) and in the context's transaction when there is one: the reads here that EF Core would send as
    /// several round trips, or that skip it. Retried by the context's execution strategy like any read: the one instance
    /// EF Core's own queries on this context use, not a new one per read (<c>Database.CreateExecutionStrategy()</c> builds
    /// one each time, and each seeds a <see cref="Random"/> from /dev/urandom: a system call on every read, bench/NOTES.md).</summary>
    private static Task<TResult> OnConnectionAsync<TState, TResult>(this RehabDbContext db, TState state,
        Func<NpgsqlConnection, NpgsqlTransaction?, TState, CancellationToken, Task<TResult>> read, CancellationToken ct) =>
        db.GetService<IExecutionStrategy>().ExecuteAsync((db, state, read), static async (_, s, ct) =>
        {
            var (db, state, read) = s;
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                return await read((NpgsqlConnection)db.Database.GetDbConnection(),
                    (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(), state, ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }, null, ct);

    /// <summary>The evidence queries of a protocol version: worked out once, not on every gate.</summary>
    private sealed class ProtocolQueries(ProtocolDefinition protocol)
    {
        public EvidenceQuery Everything { get; } = new(EvidenceToRead.Everything(protocol));

        private EvidenceQuery Resume { get; } = new(EvidenceToRead.ForResume(protocol));

        private readonly Dictionary<string, EvidenceQuery> byPhase =
            protocol.Phases.ToDictionary(p => p.Code, p => new EvidenceQuery(EvidenceToRead.ForGate(protocol, p.Code)));

        public EvidenceQuery ForGate(string phase) => byPhase.TryGetValue(phase, out var query) ? query : EvidenceQuery.Nothing;

        private readonly EvidenceQuery openPainReports = new(EvidenceToRead.ForTransition(protocol, protocol.FirstPhase, TransitionActions.Regress));

        public EvidenceQuery ForTransition(string phase, string action) => action switch
        {
            TransitionActions.Advance => ForGate(phase),
            TransitionActions.Regress => openPainReports,
            TransitionActions.Resume => Resume,
            _ => EvidenceQuery.Nothing,
        };
    }

    private static readonly ConditionalWeakTable<ProtocolDefinition, ProtocolQueries> QueriesByProtocol = new();

    private static ProtocolQueries QueriesOf(ProtocolDefinition protocol) =>
        QueriesByProtocol.GetValue(protocol, static p => new ProtocolQueries(p));

    private static EpisodeFacts FactsOf(Episode episode, EpisodeEvidence evidence, ClinicCalendar calendar) => new()
    {
        Site = episode.Site,
        Side = episode.Side,
        DiagnosedOn = episode.DiagnosedOn,
        NonWeightBearingSince = episode.NonWeightBearingSince,
        PlannedNonWeightBearingWeeks = episode.PlannedNonWeightBearingWeeks,
        InjuryOn = episode.InjuryOn,
        WeeksBeforeImpact = episode.MinWeeksBeforeImpact,
        WeeksBeforeDischarge = episode.MinWeeksBeforeDischarge,
        Phase = episode.Phase,
        Status = episode.Status,
        HoldReason = episode.HoldReason,
        HoldSince = episode.HoldSince,
        PhaseEnteredAt = episode.PhaseEnteredAt,
        RiskFactors = episode.RiskFactors,
        Clearances = evidence.Clearances,
        Observations = evidence.Observations,
        Imaging = evidence.Imaging,
        OpenPainReports = evidence.OpenPainReports,
        SymptomReports = evidence.SymptomReports,
        WalkRunSessions = evidence.WalkRunSessions,
        BoneHealth = evidence.BoneHealth,
        Calendar = calendar,
    };
}
