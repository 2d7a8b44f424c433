namespace RehabApi.Events;

/// <summary>Something that happened to an episode, written in the same transaction as the change itself, so
/// that there is never an event without its change nor a change without its event. It is both the change
/// feed and the outbox that webhook deliveries are made from.</summary>
public sealed class ChangeEvent
{
    public Guid Id { get; set; }

    /// <summary>Order within one transaction (a bigint identity: unique, but not commit order).</summary>
    public long Seq { get; set; }

    /// <summary>The writing transaction's id (pg_current_xact_id). The feed orders by (TxId, Seq) and only shows
    /// transactions older than every one still running, so a reader never skips an event that commits late.</summary>
    public long TxId { get; set; }

    public Guid ClinicId { get; set; }
    public Guid EpisodeId { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The record as the history shows it, as JSON: ids, codes, values and clinicians, never a patient's reference.</summary>
    public required string Payload { get; set; }
}
