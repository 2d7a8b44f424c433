using RehabApi.BoneHealth;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.ReturnToRun;
using RehabApi.Security;
using RehabApi.Symptoms;
using RehabApi.Transitions;

namespace RehabApi.History;

/// <summary>One entry of an episode's history: a transition or a piece of evidence. The evidence endpoints answer with
/// the entry they created. One flat shape for every kind, on purpose: every field is written, those of the other kinds
/// as null, so that a client generated from this document has one type whose fields are always present (a oneOf per
/// kind would leave fields out and change every generated client). kind says which fields apply: transition: action,
/// fromPhase, toPhase, fromStatus, toStatus, reason; clearance: type; observation: code, value, unit; imaging: modality,
/// performedOn, finding, grade; symptom-report: date, painAtRest, painWithActivity, painNextMorning, usingCrutches,
/// exercisesDone, opensPainReport; pain-report-resolution: painReportId, resolution; walk-run-session: date, step,
/// completed, pain, counted, notCountedReason; bone-health-assessment: score, clearanceLevel.</summary>
public sealed record EpisodeRecordResponse
{
    /// <summary>transition, clearance, observation, imaging, symptom-report, pain-report-resolution, walk-run-session or bone-health-assessment.</summary>
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

    /// <summary>The day a symptom report or a walk–run session is about.</summary>
    public DateOnly? Date { get; init; }
    public int? PainAtRest { get; init; }
    public int? PainWithActivity { get; init; }
    public int? PainNextMorning { get; init; }
    public bool? UsingCrutches { get; init; }
    public bool? ExercisesDone { get; init; }
    public bool? OpensPainReport { get; init; }

    public Guid? PainReportId { get; init; }
    public string? Resolution { get; init; }

    public int? Score { get; init; }
    public string? ClearanceLevel { get; init; }

    public int? Step { get; init; }
    public bool? Completed { get; init; }
    public bool? Pain { get; init; }
    /// <summary>Whether a walk–run session counted toward the ladder, as the sessions recorded so far decide it.</summary>
    public bool? Counted { get; init; }
    /// <summary>Why a walk–run session did not count: a stable code (too-soon, same-day, after-pain, pain,
    /// not-completed, other-step, ladder-complete) and the reason in words.</summary>
    public WalkRunReason? NotCountedReason { get; init; }

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

    public static EpisodeRecordResponse From(SymptomReport s) => Common("symptom-report", s) with
    {
        Date = s.Date, PainAtRest = s.PainAtRest, PainWithActivity = s.PainWithActivity, PainNextMorning = s.PainNextMorning,
        UsingCrutches = s.UsingCrutches, ExercisesDone = s.ExercisesDone, OpensPainReport = s.OpensPainReport,
    };

    public static EpisodeRecordResponse From(PainReportResolution r) =>
        Common("pain-report-resolution", r) with { PainReportId = r.PainReportId, Resolution = r.Resolution };

    /// <param name="outcome">How the ladder took the session (WalkRunOutcomes); without it, counted is null.</param>
    public static EpisodeRecordResponse From(WalkRunSession w, WalkRunSessionOutcome? outcome = null) =>
        Common("walk-run-session", w) with
        {
            Date = w.Date, Step = w.Step, Completed = w.Completed, Pain = w.Pain,
            Counted = outcome?.Counted, NotCountedReason = outcome?.NotCounted,
        };

    public static EpisodeRecordResponse From(BoneHealthAssessment b) =>
        Common("bone-health-assessment", b) with { Score = b.Score, ClearanceLevel = b.ClearanceLevel };

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
