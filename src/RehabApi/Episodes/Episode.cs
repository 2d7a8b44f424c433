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
    /// <summary>The current non-weight-bearing start: as created, then (protocol version 2) the date of the latest
    /// regression to non-weight-bearing or of a surgical referral's resume.</summary>
    public DateOnly NonWeightBearingSince { get; set; }
    public int PlannedNonWeightBearingWeeks { get; set; }

    /// <summary>The date the minimum times before impact and discharge count from (version 2): the diagnosis, then a
    /// re-injury's or a surgical fixation's date.</summary>
    public DateOnly InjuryOn { get; set; }

    /// <summary>Version 2: the minimum weeks from the injury before impact and before discharge, set at creation by the
    /// MRI grade and the site. Null on version 1, whose time rules carry their own weeks (12 and 16).</summary>
    public int? MinWeeksBeforeImpact { get; set; }
    public int? MinWeeksBeforeDischarge { get; set; }
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

    /// <summary>How many pieces of evidence have been recorded on the episode (clearances, observations, imaging, symptom
    /// reports, pain-report resolutions, walk–run sessions, bone-health assessments): counted by PostgreSQL itself, a
    /// trigger on each of those tables (migration EvidenceVersion), so that nothing that writes evidence can leave it
    /// unchanged. While it stands, the evidence does too (it is append-only): GateEvidenceCache relies on it.</summary>
    public long EvidenceVersion { get; set; }

    /// <summary>No evidence recorded on the episode takes effect after this moment: the latest effective time recorded,
    /// kept by the same triggers (null: no evidence). Evidence may be dated up to EffectiveTime.ClockSkew ahead, so a
    /// read at an earlier moment may have left some out. For episodes opened before the triggers existed, the moment
    /// they were added plus that skew.</summary>
    public DateTimeOffset? EvidenceEffectiveBy { get; set; }
}
