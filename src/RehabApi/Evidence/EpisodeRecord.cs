using RehabApi.Episodes;
using RehabApi.Security;

namespace RehabApi.Evidence;

/// <summary>What every append-only row about an episode carries: when it took effect, when it was
/// recorded, by whom, and under which protocol version.</summary>
public abstract class EpisodeRecord
{
    public Guid Id { get; set; }
    public Guid ClinicId { get; set; }
    public Guid EpisodeId { get; set; }

    /// <summary>The episode's phase when this was recorded.</summary>
    public string Phase { get; set; } = "";
    public DateTimeOffset EffectiveAt { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public string ProtocolKey { get; set; } = "";
    public int ProtocolVersion { get; set; }
    public Actor RecordedBy { get; set; } = null!;
    public string? Note { get; set; }
}

public static class EpisodeRecordStamping
{
    /// <summary>Fills in what every record of <paramref name="episode"/> carries, as it stands now.</summary>
    public static T Stamp<T>(this T record, Episode episode, Actor actor, DateTimeOffset effectiveAt, DateTimeOffset recordedAt, string? note)
        where T : EpisodeRecord
    {
        record.Id = Guid.CreateVersion7();
        record.ClinicId = episode.ClinicId;
        record.EpisodeId = episode.Id;
        record.Phase = episode.Phase;
        record.EffectiveAt = effectiveAt;
        record.RecordedAt = recordedAt;
        record.ProtocolKey = episode.ProtocolKey;
        record.ProtocolVersion = episode.ProtocolVersion;
        record.RecordedBy = actor;
        record.Note = note;
        return record;
    }
}
