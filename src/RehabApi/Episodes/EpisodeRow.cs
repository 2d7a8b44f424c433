using Npgsql;

namespace RehabApi.Episodes;

/// <summary>One episode's row read with Npgsql, the read nearly every episode request starts with (GET /episodes/{id},
/// the gate, the plan, the timeline, the history). The same <c>SELECT</c> through Npgsql instead of EF Core's compiled
/// query and materialisation does about 15% more reads per second (bench/ab.sh side by side; bench/NOTES.md, fifth session).
/// The row is filtered as RehabDbContext's query filter filters episodes (<see cref="Data.RehabDbContext.EpisodeScope"/>):
/// the caller's clinic, and a patient-app key's one patient. EpisodeRowTests holds the filter, the columns and every
/// property to what EF Core reads.</summary>
internal static class EpisodeRow
{
    /// <summary>Every column of the episodes table, in the order <see cref="Read"/> reads them.</summary>
    internal static readonly string[] Columns =
    [
        "id", "clinic_id", "patient_id", "site", "side", "diagnosed_on", "non_weight_bearing_since",
        "planned_non_weight_bearing_weeks", "injury_on", "min_weeks_before_impact", "min_weeks_before_discharge", "displaced",
        "neck_width_percent", "mri_grade", "risk_factors", "phase", "status", "hold_reason", "hold_since", "phase_entered_at",
        "last_transition_at", "protocol_key", "protocol_version", "version", "created_at", "updated_at", "evidence_version",
        "evidence_effective_by",
    ];

    // $1 the episode, $2 the caller's clinic, $3 a patient-app key's patient. Two statements rather than
    // "$3 IS NULL OR patient_id = $3", so that each prepared statement's plan is the plain one.
    private static readonly string OfClinic = $"SELECT {string.Join(", ", Columns)} FROM episodes WHERE id = $1 AND clinic_id = $2";
    private static readonly string OfPatient = OfClinic + " AND patient_id = $3";

    /// <summary>Episode <paramref name="id"/> as <paramref name="scope"/> may see it, read on <paramref name="connection"/>
    /// (in <paramref name="transaction"/> when there is one); null when it may not see it or there is none.</summary>
    public static async Task<Episode?> FindAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id,
        (Guid ClinicId, Guid? PatientId) scope, CancellationToken ct)
    {
        await using var command = Command(connection, transaction, id, scope);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>The read of episode <paramref name="id"/> as <paramref name="scope"/> may see it: no row when it may not.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, (Guid ClinicId, Guid? PatientId) scope)
    {
        var command = new NpgsqlCommand(scope.PatientId is null ? OfClinic : OfPatient, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = scope.ClinicId });
        if (scope.PatientId is { } patientId) command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = patientId });
        return command;
    }

    /// <summary>The episode on the reader's current row (a <see cref="Command"/>'s).</summary>
    private static Episode Read(NpgsqlDataReader row) => new()
    {
        Id = row.GetGuid(0),
        ClinicId = row.GetGuid(1),
        PatientId = row.GetGuid(2),
        Site = row.GetString(3),
        Side = row.GetString(4),
        DiagnosedOn = row.GetFieldValue<DateOnly>(5),
        NonWeightBearingSince = row.GetFieldValue<DateOnly>(6),
        PlannedNonWeightBearingWeeks = row.GetInt32(7),
        InjuryOn = row.GetFieldValue<DateOnly>(8),
        MinWeeksBeforeImpact = row.IsDBNull(9) ? null : row.GetInt32(9),
        MinWeeksBeforeDischarge = row.IsDBNull(10) ? null : row.GetInt32(10),
        Displaced = row.GetBoolean(11),
        NeckWidthPercent = row.IsDBNull(12) ? null : row.GetDecimal(12),
        MriGrade = row.IsDBNull(13) ? null : row.GetInt32(13),
        RiskFactors = row.GetFieldValue<List<string>>(14),
        Phase = row.GetString(15),
        Status = row.GetString(16),
        HoldReason = row.IsDBNull(17) ? null : row.GetString(17),
        HoldSince = row.IsDBNull(18) ? null : row.GetFieldValue<DateTimeOffset>(18),
        PhaseEnteredAt = row.GetFieldValue<DateTimeOffset>(19),
        LastTransitionAt = row.GetFieldValue<DateTimeOffset>(20),
        ProtocolKey = row.GetString(21),
        ProtocolVersion = row.GetInt32(22),
        Version = row.GetInt32(23),
        CreatedAt = row.GetFieldValue<DateTimeOffset>(24),
        UpdatedAt = row.GetFieldValue<DateTimeOffset>(25),
        EvidenceVersion = row.GetInt64(26),
        EvidenceEffectiveBy = row.IsDBNull(27) ? null : row.GetFieldValue<DateTimeOffset>(27),
    };
}
