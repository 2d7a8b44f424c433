namespace RehabApi.Episodes;

/// <summary>One injury's course of rehabilitation: its current phase and status. Everything that
/// happened to it is kept append-only in transitions and evidence; this row is the current state.</summary>
public sealed class Episode
{
    public Guid Id { get; set; }
    public Guid ClinicId { get; set; }
    public Guid PatientId { get; set; }

    public required string Site { get; set; }
    public required string Side { get; set; }
    public DateOnly DiagnosedOn { get; set; }
    public DateOnly NonWeightBearingSince { get; set; }
    public int PlannedNonWeightBearingWeeks { get; set; }
    public bool Displaced { get; set; }
    public decimal? NeckWidthPercent { get; set; }
    public int? MriGrade { get; set; }
    public List<string> RiskFactors { get; set; } = [];

    public required string Phase { get; set; }
    public required string Status { get; set; }
    public string? HoldReason { get; set; }
    public DateTimeOffset? HoldSince { get; set; }

    /// <summary>Effective time of the latest entry into <see cref="Phase"/>: the freshness boundary.</summary>
    public DateTimeOffset PhaseEnteredAt { get; set; }

    /// <summary>Effective time of the latest transition; nothing may be recorded as effective before it.</summary>
    public DateTimeOffset LastTransitionAt { get; set; }

    public required string ProtocolKey { get; set; }
    public int ProtocolVersion { get; set; }

    /// <summary>Incremented by every transition; the ETag clients send back in If-Match.</summary>
    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
