using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using RehabApi.BoneHealth;
using RehabApi.Data;
using RehabApi.Evidence;
using RehabApi.History;
using RehabApi.ReturnToRun;
using RehabApi.Symptoms;
using RehabApi.Transitions;

namespace RehabApi.Events;

/// <summary>Turns the history records a SaveChanges is about to insert into events, in the same transaction as
/// the records; the database adds a pending delivery for every matching webhook subscription (fan_out_event).</summary>
internal static class ChangeEventRecorder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Adds the events of the records about to be inserted, and returns them.</summary>
    public static IReadOnlyList<ChangeEvent> Record(RehabDbContext db)
    {
        var records = db.ChangeTracker.Entries<EpisodeRecord>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity)
            .ToList();
        if (records.Count == 0) return [];

        var events = records.SelectMany(EventsFor).ToList();
        // EF inserts new rows of one table in key order, and seq follows insertion: ascending ids keep the
        // events of one SaveChanges in the order they were made (an advance before its plan change).
        var ids = events.Select(_ => Guid.CreateVersion7()).Order().ToList();
        for (var i = 0; i < events.Count; i++) events[i].Id = ids[i];
        db.ChangeEvents.AddRange(events);

        // Each event's webhook deliveries are created by the database, in this transaction: the trigger
        // fan_out_event (migration OutboxFanOutInDatabase).
        return events;
    }

    private static IEnumerable<ChangeEvent> EventsFor(EpisodeRecord record)
    {
        switch (record)
        {
            case Transition t:
                yield return New(t, EventTypes.ForTransition(t.Action), EpisodeRecordResponse.From(t));
                yield return New(t, EventTypes.PlanChanged, EpisodeRecordResponse.From(t));
                break;
            case Clearance c:
                yield return New(c, EventTypes.ClearanceRecorded, EpisodeRecordResponse.From(c));
                break;
            case Observation o:
                yield return New(o, EventTypes.ObservationRecorded, EpisodeRecordResponse.From(o));
                break;
            case ImagingStudy i:
                yield return New(i, EventTypes.ImagingRecorded, EpisodeRecordResponse.From(i));
                break;
            case SymptomReport s:
                yield return New(s, EventTypes.SymptomsReported, EpisodeRecordResponse.From(s));
                if (s.OpensPainReport) yield return New(s, EventTypes.PainReportOpened, EpisodeRecordResponse.From(s));
                break;
            case PainReportResolution r:
                yield return New(r, EventTypes.PainReportResolved, EpisodeRecordResponse.From(r));
                break;
            case WalkRunSession w:
                yield return New(w, EventTypes.WalkRunSessionRecorded, EpisodeRecordResponse.From(w));
                yield return New(w, EventTypes.PlanChanged, EpisodeRecordResponse.From(w));
                break;
            case BoneHealthAssessment b:
                yield return New(b, EventTypes.BoneHealthAssessed, EpisodeRecordResponse.From(b));
                break;
            default:
                throw new InvalidOperationException($"No event type for {record.GetType().Name}: every history record must have one.");
        }
    }

    private static ChangeEvent New(EpisodeRecord record, string type, EpisodeRecordResponse payload) => new()
    {
        Id = Guid.CreateVersion7(),
        ClinicId = record.ClinicId,
        EpisodeId = record.EpisodeId,
        Type = type,
        OccurredAt = record.RecordedAt,
        Payload = JsonSerializer.Serialize(payload, Json),
    };
}
