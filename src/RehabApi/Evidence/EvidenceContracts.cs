using RehabApi.Security;

namespace RehabApi.Evidence;

public sealed record RecordClearanceRequest(string? Type, DateTimeOffset? EffectiveAt, string? Note, OnBehalfOf? OnBehalfOf);

public sealed record RecordObservationRequest(
    string? Code, decimal? Value, string? Unit, DateTimeOffset? EffectiveAt, string? Note, OnBehalfOf? OnBehalfOf);

/// <param name="EffectiveAt">When the result became known to the clinic (default: now); the study itself is dated by performedOn.</param>
public sealed record RecordImagingRequest(
    string? Modality, DateOnly? PerformedOn, string? Finding, int? Grade, string? Note,
    DateTimeOffset? EffectiveAt, OnBehalfOf? OnBehalfOf);
