using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.Events;

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
                             "transaction that started before it has finished).")
            .AllowOnly(AccessPolicies.ReadsFeed)
            .ProducesProblems(400);
        return api;
    }

    public static async Task<Results<Ok<EventPage>, ValidationProblem>> ReadFeed(
        RehabDbContext db, CurrentCaller caller, CancellationToken ct, string? after = null, int? limit = null)
    {
        var errors = new ValidationErrors();
        var cursor = EventCursor.Decode(errors, after);
        var take = KeysetCursor.Limit(errors, limit);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // Only transactions older than the oldest one still running: none of those can still add an event
        // below the cursor, which is what makes (tx_id, seq) a safe order to resume from.
        var rows = await db.ChangeEvents
            .FromSql($"""
                SELECT * FROM events
                WHERE clinic_id = {caller.ClinicId}
                  AND (tx_id, seq) > ({cursor.TxId}, {cursor.Seq})
                  AND tx_id < pg_snapshot_xmin(pg_current_snapshot())::text::bigint
                ORDER BY tx_id, seq
                LIMIT {take}
                """)
            .AsNoTracking()
            .OrderBy(e => e.TxId).ThenBy(e => e.Seq)
            .ToListAsync(ct);

        var items = rows.Select(e => new EventResponse(e.Id, e.Type, e.EpisodeId, e.OccurredAt,
            JsonDocument.Parse(e.Payload).RootElement.Clone(), new EventCursor(e.TxId, e.Seq).Encode())).ToList();
        return TypedResults.Ok(new EventPage(items, items.Count > 0 ? items[^1].Cursor : cursor.Encode()));
    }
}
