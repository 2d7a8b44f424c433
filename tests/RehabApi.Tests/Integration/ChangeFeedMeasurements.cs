using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Data;
using RehabApi.Events;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RehabApi.Tests.Integration;

/// <summary>A measurement, not a test: runs only with REHAB_MEASURE=1 and prints figures.</summary>
public sealed class MeasurementAttribute : FactAttribute
{
    public MeasurementAttribute()
    {
        if (Environment.GetEnvironmentVariable("REHAB_MEASURE") != "1") Skip = "A measurement: set REHAB_MEASURE=1 to run it.";
    }
}

/// <summary>What waiting for this clinic's writes only (FeedQuery) buys over waiting for every transaction in the
/// cluster (the rule before it: events below the snapshot's xmin), and what it costs. Writers in other clinics and a
/// slow writer in the measured clinic write through the API while one reader reads the measured clinic's feed with
/// both rules in turn, each with its own cursor. Run:
/// <c>REHAB_MEASURE=1 scripts/test.sh --filter ChangeFeedMeasurements --logger "console;verbosity=detailed"</c></summary>
public sealed class ChangeFeedMeasurements(RehabApiFactory factory, ITestOutputHelper output) : IClassFixture<RehabApiFactory>
{
    private const int OtherClinicWriters = 6;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(20);

    [Measurement]
    public async Task ClusterWideAgainstPerClinicWaiting()
    {
        await MeasureAsync("busy cluster", openTransactionElsewhere: false);
        await MeasureAsync("busy cluster and one open transaction elsewhere", openTransactionElsewhere: true);
        await MeasureLockRoundTripAsync();
    }

    private async Task MeasureAsync(string scenario, bool openTransactionElsewhere)
    {
        var measured = await factory.CreateClinicAsync("measured");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(measured, "clinic-system", "EHR")));
        var episode = (await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1))).Id;
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var clinicId = await db.Clinics.Where(c => c.Slug == measured).Select(c => c.Id).SingleAsync();
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().ActForClinic(clinicId);

        await using var elsewhere = new NpgsqlConnection(factory.ConnectionString);
        await elsewhere.OpenAsync();
        await using var open = await elsewhere.BeginTransactionAsync();
        if (openTransactionElsewhere) await new NpgsqlCommand("SELECT pg_current_xact_id()", elsewhere, open).ExecuteScalarAsync();

        using var stop = new CancellationTokenSource(Duration);
        var writeLatencies = new List<double>();
        var others = Enumerable.Range(0, OtherClinicWriters).Select(_ => Task.Run(async () =>
        {
            var clinic = await factory.CreateClinicAsync("busy");
            var api = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
            var id = (await api.CreateEpisodeAsync(new DateOnly(2026, 4, 1))).Id;
            while (!stop.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                await api.ObserveAsync(id, "fracture-site-pain", 1);
                lock (writeLatencies) writeLatencies.Add(clock.Elapsed.TotalMilliseconds);
            }
        })).ToList();
        // The measured clinic's own writer, one observation every 50 ms: when each was acknowledged.
        var acknowledged = new List<long>();
        var clinicWriter = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await system.ObserveAsync(episode, "fracture-site-pain", 0);
                lock (acknowledged) acknowledged.Add(Stopwatch.GetTimestamp());
                await Task.Delay(50);
            }
        });

        var rules = new[] { new Rule("cluster-wide", ReadClusterWideAsync), new Rule("per clinic", FeedQuery.ReadAsync) };
        // Both start after the episode's two events.
        foreach (var rule in rules) rule.Seen = -2;
        while (!stop.IsCancellationRequested)
        {
            foreach (var rule in rules)
            {
                var clock = Stopwatch.StartNew();
                var read = await rule.Read(db, clinicId, rule.Cursor, 50, CancellationToken.None);
                rule.Latencies.Add(clock.Elapsed.TotalMilliseconds);
                rule.Reads++;
                if (read.HeldBack) rule.HeldBack++;
                if (read.HeldBack && read.Events.Count == 0) rule.EmptyHeldBack++;
                if (read.Events.Count > 0) rule.Cursor = new EventCursor(read.Events[^1].TxId, read.Events[^1].Seq);
                var now = Stopwatch.GetTimestamp();
                for (var i = 0; i < read.Events.Count; i++, rule.Seen++)
                {
                    if (rule.Seen < 0) continue;
                    long at;
                    lock (acknowledged) at = rule.Seen < acknowledged.Count ? acknowledged[(int)rule.Seen] : now;
                    rule.Lags.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
            }
        }
        await Task.WhenAll([.. others, clinicWriter]);
        await open.RollbackAsync();

        output.WriteLine($"{scenario}: {OtherClinicWriters} writers in other clinics (write p50 {P(writeLatencies, 50):0.0} ms), " +
                         $"one every 50 ms in the measured clinic, {Duration.TotalSeconds:0} s");
        output.WriteLine("| rule | reads | held back | empty and held back | read p50 / p95 (ms) | events seen | visible after ack p50 / p95 / max (ms) |");
        foreach (var r in rules)
            output.WriteLine($"| {r.Name} | {r.Reads} | {100.0 * r.HeldBack / r.Reads:0.0} % | {100.0 * r.EmptyHeldBack / r.Reads:0.0} % | " +
                             $"{P(r.Latencies, 50):0.00} / {P(r.Latencies, 95):0.00} | {r.Lags.Count} | " +
                             $"{P(r.Lags, 50):0.0} / {P(r.Lags, 95):0.0} / {(r.Lags.Count > 0 ? r.Lags.Max() : double.NaN):0.0} |");
    }

    /// <summary>What the writer lock adds to every write: one statement, sent with the BEGIN.</summary>
    private async Task MeasureLockRoundTripAsync()
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var with = new List<double>();
        var without = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            foreach (var (locks, into) in new[] { (true, with), (false, without) })
            {
                var clock = Stopwatch.StartNew();
                await using var transaction = await connection.BeginTransactionAsync();
                if (locks) await new NpgsqlCommand($"SELECT pg_advisory_xact_lock_shared({FeedWriters.LockClass}, {i})", connection, transaction).ExecuteNonQueryAsync();
                await new NpgsqlCommand("SELECT pg_current_xact_id()", connection, transaction).ExecuteScalarAsync();
                await transaction.CommitAsync();
                into.Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        output.WriteLine($"a transaction (BEGIN, take an id, COMMIT) p50 {P(without, 50):0.000} ms without the writer lock, " +
                         $"{P(with, 50):0.000} ms with it (p95 {P(without, 95):0.000} / {P(with, 95):0.000})");
    }

    /// <summary>The rule before FeedQuery: events below the snapshot's xmin, held back while any transaction runs.</summary>
    private static async Task<FeedRead> ReadClusterWideAsync(RehabDbContext db, Guid clinicId, EventCursor after, int take, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<ClusterRow>($"""
            SELECT EXISTS (SELECT 1 FROM pg_snapshot_xip(pg_current_snapshot())) AS held_back, e.id, e.seq, e.tx_id
            FROM (SELECT 1) one LEFT JOIN LATERAL (
                SELECT * FROM events e
                WHERE e.clinic_id = {clinicId} AND (e.tx_id, e.seq) > ({after.TxId}, {after.Seq})
                  AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                ORDER BY e.tx_id, e.seq LIMIT {take}) e ON true
            ORDER BY e.tx_id, e.seq
            """).ToListAsync(ct);
        var events = rows.Where(r => r.Id is not null)
            .Select(r => new ChangeEvent { Id = r.Id!.Value, Seq = r.Seq!.Value, TxId = r.TxId!.Value, Type = "", Payload = "" }).ToList();
        return new FeedRead(events, rows[0].HeldBack);
    }

    private sealed record ClusterRow(bool HeldBack, Guid? Id, long? Seq, long? TxId);

    private sealed class Rule(string name, Func<RehabDbContext, Guid, EventCursor, int, CancellationToken, Task<FeedRead>> read)
    {
        public string Name => name;
        public Func<RehabDbContext, Guid, EventCursor, int, CancellationToken, Task<FeedRead>> Read => read;
        public EventCursor Cursor { get; set; } = EventCursor.Start;
        public long Seen { get; set; }
        public int Reads { get; set; }
        public int HeldBack { get; set; }
        public int EmptyHeldBack { get; set; }
        public List<double> Latencies { get; } = [];
        public List<double> Lags { get; } = [];
    }

    private static double P(List<double> values, int percentile)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
