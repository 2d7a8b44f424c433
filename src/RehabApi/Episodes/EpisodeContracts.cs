using System.ComponentModel.DataAnnotations;
using RehabApi.Domain;
using RehabApi.Domain.Episodes;
using RehabApi.Domain.Protocols;
using RehabApi.Infrastructure;

namespace RehabApi.Episodes;

public sealed record CreateEpisodeRequest(
    [Required] string? Site,
    [Required] string? Side,
    [Required] DateOnly? DiagnosedOn,
    DateOnly? NonWeightBearingSince,
    int? PlannedNonWeightBearingWeeks,
    bool? Displaced,
    decimal? NeckWidthPercent,
    int? MriGrade,
    List<string>? RiskFactors)
{
    public ValidationErrors Validate(ProtocolDefinition protocol, DateOnly today)
    {
        var errors = new ValidationErrors();
        errors.Required("site", Site);
        errors.OneOf("site", Site, protocol.Sites);
        errors.Required("side", Side);
        errors.OneOf("side", Side, Sides.All);
        errors.Required("diagnosedOn", DiagnosedOn);
        if (DiagnosedOn > today) errors.Add("diagnosedOn", "diagnosedOn may not be in the future.");
        if (DiagnosedOn < EpisodeDates.EarliestDiagnosis(today))
            errors.Add("diagnosedOn", $"diagnosedOn may not be more than {EpisodeDates.MaxYearsSinceDiagnosis} years back.");
        if (NonWeightBearingSince > today) errors.Add("nonWeightBearingSince", "nonWeightBearingSince may not be in the future.");
        // Checked against a diagnosis within bounds only (whose date arithmetic cannot overflow).
        else if (DiagnosedOn is { } diagnosed && diagnosed >= EpisodeDates.EarliestDiagnosis(today)
                 && NonWeightBearingSince < EpisodeDates.EarliestNonWeightBearingStart(diagnosed))
            errors.Add("nonWeightBearingSince",
                $"nonWeightBearingSince may not be more than {EpisodeDates.DaysBeforeDiagnosis} days before diagnosedOn.");
        var weeks = protocol.NonWeightBearingWeeks;
        errors.InRange("plannedNonWeightBearingWeeks", PlannedNonWeightBearingWeeks, weeks.Min, weeks.Max);
        errors.InRange("neckWidthPercent", NeckWidthPercent, 0, 100);
        errors.InRange("mriGrade", MriGrade, 1, 4);
        foreach (var factor in RiskFactors ?? [])
            errors.OneOf("riskFactors", factor, Domain.RiskFactors.All);
        if (RiskFactors is { } factors && factors.Distinct().Count() != factors.Count)
            errors.Add("riskFactors", "riskFactors lists a factor twice.");
        return errors;
    }
}

public sealed record ProtocolRef(string Key, int Version);

public sealed record HoldResponse(string Reason, DateTimeOffset? Since);

public sealed record EpisodeResponse(
    Guid Id,
    Guid PatientId,
    string Site,
    string Side,
    DateOnly DiagnosedOn,
    DateOnly NonWeightBearingSince,
    int PlannedNonWeightBearingWeeks,
    bool Displaced,
    decimal? NeckWidthPercent,
    int? MriGrade,
    IReadOnlyList<string> RiskFactors,
    string Phase,
    string Status,
    HoldResponse? Hold,
    DateTimeOffset PhaseEnteredAt,
    ProtocolRef Protocol,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static EpisodeResponse From(Episode e) => new(
        e.Id, e.PatientId, e.Site, e.Side, e.DiagnosedOn, e.NonWeightBearingSince, e.PlannedNonWeightBearingWeeks,
        e.Displaced, e.NeckWidthPercent, e.MriGrade, e.RiskFactors, e.Phase, e.Status,
        e.HoldReason is null ? null : new HoldResponse(e.HoldReason, e.HoldSince),
        e.PhaseEnteredAt, new ProtocolRef(e.ProtocolKey, e.ProtocolVersion), e.Version, e.CreatedAt, e.UpdatedAt);
}

/// <summary>The entity tag of an episode's state: changes with every transition.</summary>
public static class EpisodeETag
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>Whether an If-Match header matches: "*", or any of its comma-separated tags (RFC 9110 13.1.1).</summary>
    public static bool Matches(string ifMatch, int version) =>
        ifMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is var tags
        && (tags.Contains("*") || tags.Contains(For(version)));
}

public sealed record EpisodePage(IReadOnlyList<EpisodeResponse> Items, string? NextCursor);

/// <summary>The gate out of the current phase: the same evaluation an advance uses.</summary>
public sealed record GateResponse(
    string Phase,
    string? NextPhase,
    bool CanAdvance,
    IReadOnlyList<Domain.Gates.RequirementResult> Requirements,
    DateTimeOffset EvaluatedAt);
