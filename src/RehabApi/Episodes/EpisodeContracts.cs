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
        // Version 2: the compression-side femoral neck is routed by the width of its fracture line, so it must be given
        // there, and it means nothing anywhere else.
        if (Site is not null && protocol.Sites.Contains(Site))
        {
            if (protocol.NeckWidthPercentRequiredAt(Site) == true && NeckWidthPercent is null)
                errors.Add("neckWidthPercent", $"neckWidthPercent is required for {Site}: a fracture line of 50% or more of the neck width is referred to a surgeon.");
            else if (protocol.NeckWidthPercentRequiredAt(Site) == false && NeckWidthPercent is not null)
                errors.Add("neckWidthPercent", $"neckWidthPercent is given only for {string.Join(", ", protocol.SurgicalReferral.NeckWidthPercentSites!)}, not for {Site}.");
        }
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

/// <param name="NonWeightBearingSince">The current non-weight-bearing start: as created, then (protocol version 2) the date
/// of the latest regression to non-weight-bearing or of a surgical referral's resume. The planned weeks and the imaging
/// rule count from it.</param>
/// <param name="PlannedNonWeightBearingWeeks">Weeks off the leg (4–8): as given, else from the MRI grade and site (version 2)
/// or the site (version 1).</param>
/// <param name="InjuryOn">The date min-time-before-impact and min-time-before-discharge count from (version 2): the
/// diagnosis, or a later re-injury (regression with reason re-injury) or surgical fixation.</param>
/// <param name="MinWeeksBeforeImpact">Version 2: weeks from the injury before impact, 12 (14 at MRI grade 4). Null on
/// version 1 (12 weeks from the diagnosis).</param>
/// <param name="MinWeeksBeforeDischarge">Version 2: weeks from the injury before discharge, 16 (20 at MRI grade 4). Null on
/// version 1 (16 weeks from the diagnosis).</param>
/// <param name="MriGrade">As given (1–4); version 2 treats a missing grade as 3 at a high-risk site and 2 elsewhere.</param>
public sealed record EpisodeResponse(
    Guid Id,
    Guid PatientId,
    string Site,
    string Side,
    DateOnly DiagnosedOn,
    DateOnly NonWeightBearingSince,
    int PlannedNonWeightBearingWeeks,
    DateOnly InjuryOn,
    int? MinWeeksBeforeImpact,
    int? MinWeeksBeforeDischarge,
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
        e.InjuryOn, e.MinWeeksBeforeImpact, e.MinWeeksBeforeDischarge, e.Displaced, e.NeckWidthPercent, e.MriGrade, e.RiskFactors, e.Phase, e.Status,
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
