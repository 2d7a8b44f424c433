using System.ComponentModel.DataAnnotations;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.Symptoms;

/// <param name="Date">The day the report is about; not in the future, not before the diagnosis.</param>
public sealed record RecordSymptomsRequest(
    [Required] DateOnly? Date, [Required] int? PainAtRest, [Required] int? PainWithActivity, int? PainNextMorning,
    bool? UsingCrutches, bool? ExercisesDone, string? Note)
{
    public const int NoteMaxLength = 2000;

    public void Validate(ValidationErrors errors, DateOnly today, DateOnly diagnosedOn)
    {
        errors.Required("date", Date);
        if (Date > today) errors.Add("date", "date may not be in the future.");
        if (Date < diagnosedOn) errors.Add("date", $"date may not be before the diagnosis ({diagnosedOn:yyyy-MM-dd}).");
        errors.Required("painAtRest", PainAtRest);
        errors.InRange("painAtRest", PainAtRest, 0, 10);
        errors.Required("painWithActivity", PainWithActivity);
        errors.InRange("painWithActivity", PainWithActivity, 0, 10);
        errors.InRange("painNextMorning", PainNextMorning, 0, 10);
    }
}

public sealed record ResolvePainReportRequest([Required] string? Note, OnBehalfOf? OnBehalfOf);

/// <summary>A pain report: the symptom report that opened it, and how it was resolved, if it was.</summary>
public sealed record PainReportResponse(
    Guid Id, DateOnly Date, int WorstPain, string Phase, DateTimeOffset RecordedAt, bool Open,
    string? Resolution, DateTimeOffset? ResolvedAt, ActorResponse? ResolvedBy, string? ResolutionNote);

public sealed record PainReportList(Guid EpisodeId, IReadOnlyList<PainReportResponse> Items);
