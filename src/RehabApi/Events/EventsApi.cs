using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;
using RehabApi.Infrastructure;
using RehabApi.Retention;
using RehabApi.Security;

namespace RehabApi.Events;

/// <param name="Payload">The history entry the event is about, as GET …/history shows it but with its null fields left out
/// (payloads are kept as they were written).</param>
public sealed record EventResponse(Guid Id, string Type, Guid EpisodeId, DateTimeOffset OccurredAt, JsonElement Payload, string Cursor);

/// <param name="NextCursor">Pass as <c>after</c> to read on; when there was nothing new it is the cursor you sent.</param>
public sealed record EventPage(IReadOnlyList<EventResponse> Items, string NextCursor);

internal static class EventsApi
{
    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", ReadFeed)
            .WithTags("Change feed")
            .WithName("ReadEvents")
            .WithSummary("The clinic's changes, in order, from a cursor")
            .WithDescription("Every transition, piece of evidence, symptom report, pain report, walk–run session, bone-health " +
                             "assessment and plan change, strictly ordered. Read with after=<nextCursor> to go on: the cursor " +
                             "never skips or repeats an event, even while others are writing (an event appears once every " +
                             "transaction that started before it has finished). Events are kept Retention:EventDays (90 by " +
                             "default); a cursor followed by events that have since been deleted answers 410: re-read the " +
                             "state you keep, then read the feed again without after, which starts at the oldest event kept.")
            .AllowOnly(AccessPolicies.ReadsFeed)
            .ProducesProblems(400, 410);
        return api;
    }

    public static async Task<Results<Ok<EventPage>, ValidationProblem, ProblemHttpResult>> ReadFeed(
        RehabDbContext db, CurrentCaller caller, EventCursorKeys cursorKeys, IOptions<RetentionOptions> retention, CancellationToken ct,
        string? after = null, int? limit = null)
    {
        var errors = new ValidationErrors();
        var cursors = await cursorKeys.ForClinicAsync(db, caller.ClinicId, ct);
        var cursor = cursors.Decode(errors, after);
        var take = KeysetCursor.Limit(errors, limit);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // Only transactions older than the oldest one still running: none of those can still add an event
        // below the cursor, which is what makes (tx_id, seq) a safe order to resume from. Retention has deleted
        // events up to the clinic's horizon: nothing at or below it is shown (the few kept there, for a pending
        // webhook delivery, have left the feed too), and a read resumed from below it gets nothing, in the same
        // snapshot as the events, rather than the events after the gap.
        var resuming = cursor != EventCursor.Start;
        var rows = await db.ChangeEvents
            .FromSql($"""
                SELECT * FROM events e
                WHERE e.clinic_id = {caller.ClinicId}
                  AND (e.tx_id, e.seq) > ({cursor.TxId}, {cursor.Seq})
                  AND e.tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                  AND NOT EXISTS (
                      SELECT 1 FROM feed_horizons h
                      WHERE h.clinic_id = {caller.ClinicId}
                        AND ((h.tx_id, h.seq) >= (e.tx_id, e.seq) OR ({resuming} AND (h.tx_id, h.seq) > ({cursor.TxId}, {cursor.Seq}))))
                ORDER BY e.tx_id, e.seq
                LIMIT {take}
                """)
            .AsNoTracking()
            .OrderBy(e => e.TxId).ThenBy(e => e.Seq)
            .ToListAsync(ct);
        // Horizons only move forward: one above the cursor now means events after the cursor are gone.
        if (rows.Count == 0 && resuming && await db.FeedHorizons.AnyAsync(
                h => h.TxId > cursor.TxId || (h.TxId == cursor.TxId && h.Seq > cursor.Seq), ct))
            return Problems.CursorExpired(retention.Value.EventDays);

        var items = rows.Select(e => new EventResponse(e.Id, e.Type, e.EpisodeId, e.OccurredAt,
            JsonDocument.Parse(e.Payload).RootElement.Clone(), cursors.Encode(new EventCursor(e.TxId, e.Seq)))).ToList();
        return TypedResults.Ok(new EventPage(items, items.Count > 0 ? items[^1].Cursor : cursors.Encode(cursor)));
    }
}
