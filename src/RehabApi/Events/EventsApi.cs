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
/// <param name="CaughtUp">True when the page ends at the latest event committed so far: poll again later. False: read on
/// with nextCursor, at once when the page is full, after a pause of about a second when it is held back.</param>
/// <param name="HeldBack">True when a write of this clinic's that was still in progress keeps later events back: they are
/// shown once it finishes (it may add events before them). An empty page that is held back is not the end of the feed.</param>
public sealed record EventPage(IReadOnlyList<EventResponse> Items, string NextCursor, bool CaughtUp, bool HeldBack);

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
                             "never skips or repeats an event, even while others are writing: an event appears once every " +
                             "write of the clinic that started before it has finished, and until then the page says heldBack. " +
                             "Read on until caughtUp is true. Events are kept Retention:EventDays (90 by " +
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

        // One more than asked: whether the page ends at the last event committed so far.
        var read = await FeedQuery.ReadAsync(db, caller.ClinicId, cursor, take + 1, ct);
        var rows = read.Events.Take(take).ToList();
        var resuming = cursor != EventCursor.Start;
        // Horizons only move forward: one above the cursor now means events after the cursor are gone.
        if (rows.Count == 0 && resuming && await db.FeedHorizons.AnyAsync(
                h => h.TxId > cursor.TxId || (h.TxId == cursor.TxId && h.Seq > cursor.Seq), ct))
            return Problems.CursorExpired(retention.Value.EventDays);

        var items = rows.Select(e => new EventResponse(e.Id, e.Type, e.EpisodeId, e.OccurredAt,
            JsonDocument.Parse(e.Payload).RootElement.Clone(), cursors.Encode(new EventCursor(e.TxId, e.Seq)))).ToList();
        var caughtUp = !read.HeldBack && read.Events.Count <= take;
        return TypedResults.Ok(new EventPage(items, items.Count > 0 ? items[^1].Cursor : cursors.Encode(cursor), caughtUp, read.HeldBack));
    }
}
