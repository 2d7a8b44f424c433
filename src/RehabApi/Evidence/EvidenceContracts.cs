using System.ComponentModel.DataAnnotations;
using RehabApi.Security;

namespace RehabApi.Evidence;

public sealed record RecordClearanceRequest([Required] string? Type, DateTimeOffset? EffectiveAt, string? Note, OnBehalfOf? OnBehalfOf);

public sealed record RecordObservationRequest(
    [Required] string? Code, [Required] decimal? Value, string? Unit, DateTimeOffset? EffectiveAt, string? Note, OnBehalfOf? OnBehalfOf);

/// <param name="EffectiveAt">When the result became known to the clinic (default: now); the study itself is dated by performedOn.</param>
public sealed record RecordImagingRequest(
    [Required] string? Modality, [Required] DateOnly? PerformedOn, [Required] string? Finding, int? Grade, string? Note,
    DateTimeOffset? EffectiveAt, OnBehalfOf? OnBehalfOf);
