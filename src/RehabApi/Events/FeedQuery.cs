using Microsoft.EntityFrameworkCore;
using RehabApi.Data;

namespace RehabApi.Events;

/// <summary>A page of the feed, and whether a write still in progress holds later events back.</summary>
internal sealed record FeedRead(IReadOnlyList<ChangeEvent> Events, bool HeldBack);

/// <summary>One read of a clinic's change feed, in one statement and so against one snapshot.
/// Events are ordered by (tx_id, seq), and a transaction's id is taken before it commits: an event may become
/// visible after later ones. So a page stops before the oldest transaction that was running at the snapshot and
/// may still add this clinic's events; no event can then appear behind a cursor already handed out. Such a
/// transaction holds the clinic's feed writer lock (<see cref="FeedWriters"/>); one that finished between the
/// snapshot and the look at the locks cannot be told apart, so it counts too (the next read is past it). Other
/// clinics' writes and anything else running in the cluster are not waited for.</summary>
internal static class FeedQuery
{
    public static async Task<FeedRead> ReadAsync(RehabDbContext db, Guid clinicId, EventCursor after, int take, CancellationToken ct)
    {
        // Retention has deleted events up to the clinic's horizon: nothing at or below it is shown (the few kept
        // there, for a pending webhook delivery, have left the feed too), and a read resumed from below it gets
        // nothing, in the same snapshot as the events, rather than the events after the gap.
        var resuming = after != EventCursor.Start;
        var rows = await db.Database.SqlQuery<Row>($"""
            WITH held AS (
                SELECT min(x::text::bigint) AS tx_id
                FROM pg_snapshot_xip(pg_current_snapshot()) x
                -- The lock table is read (once, for the hashed subplan) before any pg_xact_status: a writer seen
                -- without its lock there had already finished, and is caught by the second branch.
                WHERE CASE WHEN x::xid IN (
                               SELECT t.transactionid FROM pg_locks w JOIN pg_locks t USING (virtualtransaction)
                               WHERE w.locktype = 'advisory' AND w.objsubid = 2
                                 AND w.classid = {FeedWriters.LockClass}::oid AND w.objid = {FeedWriters.LockKey(clinicId)}::oid
                                 AND w.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                 AND t.locktype = 'transactionid' AND t.mode = 'ExclusiveLock')
                           THEN true
                           ELSE pg_xact_status(x) IS DISTINCT FROM 'in progress' END)
            SELECT h.tx_id IS NOT NULL AS held_back, e.id, e.seq, e.tx_id, e.type, e.episode_id, e.occurred_at, e.payload
            FROM held h LEFT JOIN LATERAL (
                SELECT * FROM events e
                WHERE e.clinic_id = {clinicId}
                  AND (e.tx_id, e.seq) > ({after.TxId}, {after.Seq})
                  AND (h.tx_id IS NULL OR e.tx_id < h.tx_id)
                  AND NOT EXISTS (
                      SELECT 1 FROM feed_horizons r
                      WHERE r.clinic_id = {clinicId}
                        AND ((r.tx_id, r.seq) >= (e.tx_id, e.seq) OR ({resuming} AND (r.tx_id, r.seq) > ({after.TxId}, {after.Seq}))))
                ORDER BY e.tx_id, e.seq
                LIMIT {take}) e ON true
            ORDER BY e.tx_id, e.seq
            """).ToListAsync(ct);
        var events = rows.Where(r => r.Id is not null).Select(r => new ChangeEvent
        {
            Id = r.Id!.Value, Seq = r.Seq!.Value, TxId = r.TxId!.Value, ClinicId = clinicId, EpisodeId = r.EpisodeId!.Value,
            Type = r.Type!, OccurredAt = r.OccurredAt!.Value, Payload = r.Payload!,
        }).ToList();
        return new FeedRead(events, rows[0].HeldBack);
    }

    /// <summary>Whether the page is held back, on every row; the event's columns, null when there is none.</summary>
    private sealed record Row(bool HeldBack, Guid? Id, long? Seq, long? TxId, string? Type, Guid? EpisodeId, DateTimeOffset? OccurredAt, string? Payload);
}
