using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;
using RehabApi.Infrastructure;

namespace RehabApi.Retention;

public sealed record RetentionPass(int Events, int WebhookDeliveries);

/// <summary>Deletes old change-feed events and finished webhook deliveries now and then, in batches that each
/// commit on their own, so no statement holds many locks for long. Safe on several instances at once: each batch
/// claims its rows with <c>FOR UPDATE SKIP LOCKED</c>. The clinical history is never touched.</summary>
internal sealed partial class RetentionService(
    IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : PeriodicHousekeeping(TimeSpan.FromMinutes(options.Value.IntervalMinutes), time, logger)
{
    protected override string Name => "Retention";

    protected override async Task<bool> RunPassAsync(CancellationToken ct)
    {
        var pass = await PruneOnceAsync(ct);
        if (pass.Events > 0 || pass.WebhookDeliveries > 0) Pruned(Logger, pass.Events, pass.WebhookDeliveries);
        return false;
    }

    /// <summary>Deletes everything past its retention, batch after batch until none is left.</summary>
    public Task<RetentionPass> PruneOnceAsync(CancellationToken ct) => PruneOnceAsync(Time.GetUtcNow(), ct);

    /// <summary>As if it were <paramref name="now"/> (tests look ahead without moving the service's clock).</summary>
    public async Task<RetentionPass> PruneOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        // Deliveries first: an event is kept while a delivery still refers to it.
        var deliveries = await RepeatAsync(() => DeleteDeliveriesAsync(db, now.AddDays(-settings.WebhookDeliveryDays), settings.BatchSize, ct), settings.BatchSize);
        var events = await RepeatAsync(() => DeleteEventsAsync(db, now.AddDays(-settings.EventDays), settings.BatchSize, ct), settings.BatchSize);
        return new RetentionPass(events, deliveries);
    }

    private static async Task<int> RepeatAsync(Func<Task<int>> batch, int batchSize)
    {
        int total = 0, deleted;
        do total += deleted = await batch();
        while (deleted == batchSize);
        return total;
    }

    /// <summary>Finished deliveries (never pending ones) and their attempts, in one statement.</summary>
    private static async Task<int> DeleteDeliveriesAsync(RehabDbContext db, DateTimeOffset before, int batchSize, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            WITH doomed AS (
                SELECT id FROM webhook_deliveries
                WHERE status IN ('delivered', 'failed') AND created_at < {before}
                ORDER BY created_at
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED),
            attempts AS (
                DELETE FROM webhook_attempts a USING doomed WHERE a.delivery_id = doomed.id)
            DELETE FROM webhook_deliveries d USING doomed WHERE d.id = doomed.id
            """, ct);

    /// <summary>Old events, and in the same statement each clinic's feed horizon moved to the latest one deleted,
    /// so that a reader sees both or neither. Horizons are upserted in clinic order: concurrent passes lock
    /// them in the same order and cannot deadlock.</summary>
    private static async Task<int> DeleteEventsAsync(RehabDbContext db, DateTimeOffset before, int batchSize, CancellationToken ct)
    {
        var counts = await db.Database.SqlQuery<int>($"""
            WITH doomed AS (
                SELECT id FROM events e
                WHERE occurred_at < {before}
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id)
                ORDER BY occurred_at
                LIMIT {batchSize}
                FOR UPDATE SKIP LOCKED),
            deleted AS (
                DELETE FROM events e USING doomed WHERE e.id = doomed.id
                RETURNING e.clinic_id, e.tx_id, e.seq),
            horizons AS (
                INSERT INTO feed_horizons AS h (clinic_id, tx_id, seq)
                SELECT DISTINCT ON (clinic_id) clinic_id, tx_id, seq FROM deleted ORDER BY clinic_id, tx_id DESC, seq DESC
                ON CONFLICT (clinic_id) DO UPDATE SET tx_id = excluded.tx_id, seq = excluded.seq, updated_at = now()
                    WHERE (excluded.tx_id, excluded.seq) > (h.tx_id, h.seq))
            SELECT count(*)::int AS "Value" FROM deleted
            """).ToListAsync(ct);
        return counts[0];
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention deleted {Events} events and {Deliveries} finished webhook deliveries")]
    private static partial void Pruned(ILogger logger, int events, int deliveries);
}
