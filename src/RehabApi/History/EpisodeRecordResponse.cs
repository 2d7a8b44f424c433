using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.Security;
using RehabApi.Transitions;

namespace RehabApi.History;

/// <summary>One entry of an episode's history: a transition or a piece of evidence. The fields of
/// the other kinds are absent. The evidence endpoints answer with the entry they created.</summary>
public sealed record EpisodeRecordResponse
{
    /// <summary>transition, clearance, observation or imaging.</summary>
    public required string Kind { get; init; }
    public required Guid Id { get; init; }
    public required Guid EpisodeId { get; init; }
    /// <summary>The episode's phase when this was recorded.</summary>
    public required string Phase { get; init; }
    public required DateTimeOffset EffectiveAt { get; init; }
    public required DateTimeOffset RecordedAt { get; init; }
    public required ProtocolRef Protocol { get; init; }
    public required ActorResponse RecordedBy { get; init; }
    public string? Note { get; init; }

    public string? Action { get; init; }
    public string? FromPhase { get; init; }
    public string? ToPhase { get; init; }
    public string? FromStatus { get; init; }
    public string? ToStatus { get; init; }
    public string? Reason { get; init; }

    public string? Type { get; init; }

    public string? Code { get; init; }
    public decimal? Value { get; init; }
    public string? Unit { get; init; }

    public string? Modality { get; init; }
    public DateOnly? PerformedOn { get; init; }
    public string? Finding { get; init; }
    public int? Grade { get; init; }

    public static EpisodeRecordResponse From(Transition t) => Common("transition", t) with
    {
        Action = t.Action, FromPhase = t.FromPhase, ToPhase = t.ToPhase,
        FromStatus = t.FromStatus, ToStatus = t.ToStatus, Reason = t.Reason,
    };

    public static EpisodeRecordResponse From(Clearance c) => Common("clearance", c) with { Type = c.Type };

    public static EpisodeRecordResponse From(Observation o) =>
        Common("observation", o) with { Code = o.Code, Value = o.Value, Unit = o.Unit };

    public static EpisodeRecordResponse From(ImagingStudy i) => Common("imaging", i) with
    {
        Modality = i.Modality, PerformedOn = i.PerformedOn, Finding = i.Finding, Grade = i.Grade,
    };

    private static EpisodeRecordResponse Common(string kind, EpisodeRecord r) => new()
    {
        Kind = kind,
        Id = r.Id,
        EpisodeId = r.EpisodeId,
        Phase = r.Phase,
        EffectiveAt = r.EffectiveAt,
        RecordedAt = r.RecordedAt,
        Protocol = new ProtocolRef(r.ProtocolKey, r.ProtocolVersion),
        RecordedBy = ActorResponse.From(r.RecordedBy),
        Note = r.Note,
    };
}

public sealed record EpisodeHistory(Guid EpisodeId, IReadOnlyList<EpisodeRecordResponse> Items);
