namespace RehabApi.Events;

/// <summary>How far retention has deleted a clinic's change feed: the position of the latest event deleted.
/// A cursor below it has missed events that are gone, so the feed answers 410 instead of silently skipping them.</summary>
public sealed class FeedHorizon
{
    public Guid ClinicId { get; set; }
    public long TxId { get; set; }
    public long Seq { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
