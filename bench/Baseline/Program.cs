using System.Buffers.Binary;
using System.Text.Json;
using Npgsql;

// The bare baselines: raw Npgsql, no auth, no EF Core, no middleware, each doing what one RehabApi endpoint does.
// - GET /episodes/{id}: the episode row RehabApi's GET /api/v1/episodes/{id} reads (every column, the caller's clinic
//   in the WHERE as RehabApi's clinic filter puts it), written as JSON in the service's shape;
// - GET /episodes?phase=&limit=: the keyset query of GET /api/v1/episodes?phase=&limit= (the default clinic's
//   episodes in a phase by id, one more than the page to know if another follows), the page written as JSON;
// - POST /episodes/{id}/advance: the statements RehabApi sends for an advance out of non-weight-bearing (captured
//   with log_statement = all): the clinic's feed writer lock, the row lock, the gate's evidence, the transition,
//   its two events and the episode update, then COMMIT. Four round trips, the fewest a raw Npgsql version needs
//   (the evidence to read depends on the locked row's phase).
// The connection gets the settings RehabApi gives its own (prepared statements, no reset on close), so the
// comparison is of the code, not of the connection string.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = new NpgsqlConnectionStringBuilder(builder.Configuration.GetConnectionString("Rehab")
    ?? throw new InvalidOperationException("ConnectionStrings:Rehab is not set"))
{
    MaxAutoPrepare = 64,
    NoResetOnClose = true,
}.ConnectionString;
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await using (var clinicQuery = dataSource.CreateCommand("SELECT id FROM clinics WHERE slug = 'default'"))
    Bare.Clinic = (Guid)(await clinicQuery.ExecuteScalarAsync() ?? throw new InvalidOperationException("no default clinic"));

var app = builder.Build();

app.MapGet("/episodes/{id:guid}", async (Guid id, HttpContext http) =>
{
    await using var cmd = dataSource.CreateCommand($"SELECT {Bare.EpisodeColumns} FROM episodes WHERE id = $1 AND clinic_id = $2");
    cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
    cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Bare.Clinic });
    await using var reader = await cmd.ExecuteReaderAsync();
    if (!await reader.ReadAsync())
        return Results.NotFound();
    var episode = Bare.ReadEpisode(reader);
    http.Response.Headers.ETag = $"\"{episode.Version}\"";
    return Results.Json(episode);
});

app.MapGet("/episodes", async (string phase, int limit) =>
{
    await using var cmd = dataSource.CreateCommand(
        $"SELECT {Bare.EpisodeColumns} FROM episodes WHERE clinic_id = $1 AND phase = $2 ORDER BY id LIMIT $3");
    cmd.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Bare.Clinic });
    cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = phase });
    cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit + 1 });
    await using var reader = await cmd.ExecuteReaderAsync();
    var items = new List<FullEpisode>(limit + 1);
    while (await reader.ReadAsync()) items.Add(Bare.ReadEpisode(reader));
    string? next = null;
    if (items.Count > limit)
    {
        items.RemoveAt(limit);
        next = Convert.ToBase64String(items[^1].Id.ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
    return Results.Json(new EpisodePage(items, next));
});

app.MapPost("/episodes/{id:guid}/advance", async (Guid id, HttpContext http) =>
{
    var now = DateTimeOffset.UtcNow;
    await using var connection = await dataSource.OpenConnectionAsync();
    await using var transaction = await connection.BeginTransactionAsync();

    // 1. The clinic's feed writer lock (first, as RehabApi's FeedWriters takes it), and the episode's row lock.
    FullEpisode episode;
    await using (var batch = new NpgsqlBatch(connection, transaction))
    {
        batch.BatchCommands.Add(Bare.Command("SELECT pg_advisory_xact_lock_shared($1, $2)", 0x46454544, Bare.LockKey(Bare.Clinic)));
        batch.BatchCommands.Add(Bare.Command(
            $"SELECT {Bare.EpisodeColumns} FROM (SELECT * FROM episodes WHERE id = $1 FOR UPDATE) AS r WHERE r.clinic_id = $2", id, Bare.Clinic));
        await using var reader = await batch.ExecuteReaderAsync();
        await reader.NextResultAsync();
        if (!await reader.ReadAsync()) return Results.NotFound();
        episode = Bare.ReadEpisode(reader);
    }
    if (episode.Phase != "non-weight-bearing" || episode.Status != "active") return Results.Conflict();

    // 2. The gate's evidence: the latest no-pain-at-rest clearance of the phase, the open pain reports, and the
    //    patient's latest symptom reports (RehabApi's EvidenceQuery for this gate).
    var cleared = false;
    var painReports = 0;
    await using (var batch = new NpgsqlBatch(connection, transaction))
    {
        object[] evidence = [id, episode.PhaseEnteredAt, Bare.Clinic, now];
        batch.BatchCommands.Add(Bare.Command(
            "(SELECT 'clearance', type, NULL::numeric, effective_at, NULL::timestamptz FROM clearances WHERE episode_id = $1 " +
            "AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3 AND type = $5 ORDER BY effective_at DESC LIMIT 1)",
            [.. evidence, "no-pain-at-rest"]));
        batch.BatchCommands.Add(Bare.Command("""
            SELECT s.id, s.date, s.pain_at_rest, s.pain_with_activity, s.pain_next_morning
            FROM symptom_reports s
            WHERE s.episode_id = $1 AND s.opens_pain_report AND s.clinic_id = $3 AND s.effective_at <= $4
              AND NOT EXISTS (SELECT 1 FROM pain_report_resolutions r WHERE r.pain_report_id = s.id AND r.effective_at <= $4)
            """, evidence));
        batch.BatchCommands.Add(Bare.Command("""
            (SELECT effective_at, recorded_at, pain_at_rest, pain_with_activity, pain_next_morning FROM symptom_reports
             WHERE episode_id = $1 AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3
             ORDER BY effective_at DESC, recorded_at DESC LIMIT 1)
            UNION ALL
            (SELECT effective_at, recorded_at, pain_at_rest, pain_with_activity, pain_next_morning FROM symptom_reports
             WHERE episode_id = $1 AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3 AND pain_at_rest > 0
             ORDER BY effective_at DESC, recorded_at DESC LIMIT 1)
            """, evidence));
        await using var reader = await batch.ExecuteReaderAsync();
        cleared = await reader.ReadAsync();
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) painReports++;
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) { }
    }
    if (!cleared || painReports > 0) return Results.Conflict();

    // 3. The transition, its two events (advanced, plan changed) and the episode update in one batch; 4. COMMIT.
    var transitionId = Guid.CreateVersion7();
    var after = episode with
    {
        Phase = "imaging-confirmation", PhaseEnteredAt = now, Version = episode.Version + 1, UpdatedAt = now,
    };
    var payload = JsonSerializer.Serialize(new TransitionPayload(transitionId, "transition", episode.Phase, "advance", after.Phase,
        new ProtocolRef(episode.Protocol.Key, episode.Protocol.Version), "active", id, episode.Phase, "active", now,
        new RecordedBy(null, "bench", "clinic-system", "dr-1", "Dr Ada Bone", "physician"), now), JsonSerializerOptions.Web);
    await using (var batch = new NpgsqlBatch(connection, transaction))
    {
        batch.BatchCommands.Add(Bare.Command(
            "UPDATE episodes SET last_transition_at = $1, phase = $2, phase_entered_at = $3, updated_at = $4, version = $5 WHERE id = $6 AND version = $7",
            now, after.Phase, now, now, after.Version, id, episode.Version));
        foreach (var type in (string[])["episode.advanced", "plan.changed"])
            batch.BatchCommands.Add(Bare.Command(
                "INSERT INTO events (id, clinic_id, episode_id, occurred_at, payload, type) VALUES ($1, $2, $3, $4, $5, $6) RETURNING seq, tx_id",
                Guid.CreateVersion7(), Bare.Clinic, id, now, new NpgsqlParameter { Value = payload, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Jsonb }, type));
        batch.BatchCommands.Add(Bare.Command(
            "INSERT INTO transitions (id, action, clinic_id, effective_at, episode_id, from_phase, from_status, note, phase, protocol_key, " +
            "protocol_version, reason, recorded_at, to_phase, to_status, recorded_by_caller_name, recorded_by_caller_role, " +
            "recorded_by_clinician_id, recorded_by_clinician_name, recorded_by_clinician_role, recorded_by_key_id) " +
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
            transitionId, "advance", Bare.Clinic, now, id, episode.Phase, "active", DBNull.Value, episode.Phase,
            episode.Protocol.Key, episode.Protocol.Version, DBNull.Value, now, after.Phase, "active", "bench", "clinic-system",
            "dr-1", "Dr Ada Bone", "physician", DBNull.Value));
        // The update's version check and the three inserts: four rows, or someone else moved the episode.
        if (await batch.ExecuteNonQueryAsync() < 4) return Results.Conflict();
    }
    await transaction.CommitAsync();
    http.Response.Headers.ETag = $"\"{after.Version}\"";
    return Results.Json(after);
});

await app.RunAsync();

static class Bare
{
    public static Guid Clinic;

    public const string EpisodeColumns =
        "id, patient_id, site, side, diagnosed_on, non_weight_bearing_since, planned_non_weight_bearing_weeks, injury_on, " +
        "min_weeks_before_impact, min_weeks_before_discharge, displaced, neck_width_percent, mri_grade, risk_factors, phase, " +
        "status, hold_reason, hold_since, phase_entered_at, protocol_key, protocol_version, version, created_at, updated_at, " +
        "clinic_id, last_transition_at, evidence_version, evidence_effective_by";

    public static FullEpisode ReadEpisode(NpgsqlDataReader r) => new(
        r.GetGuid(0), r.GetGuid(1), r.GetString(2), r.GetString(3), r.GetFieldValue<DateOnly>(4), r.GetFieldValue<DateOnly>(5),
        r.GetInt32(6), r.GetFieldValue<DateOnly>(7), r.IsDBNull(8) ? null : r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt32(9),
        r.GetBoolean(10), r.IsDBNull(11) ? null : r.GetDecimal(11), r.IsDBNull(12) ? null : r.GetInt32(12),
        r.GetFieldValue<string[]>(13), r.GetString(14), r.GetString(15),
        r.IsDBNull(16) ? null : new Hold(r.GetString(16), r.GetFieldValue<DateTimeOffset>(17)), r.GetFieldValue<DateTimeOffset>(18),
        new ProtocolRef(r.GetString(19), r.GetInt32(20)), r.GetInt32(21), r.GetFieldValue<DateTimeOffset>(22),
        r.GetFieldValue<DateTimeOffset>(23));

    public static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value as NpgsqlParameter ?? new NpgsqlParameter { Value = value });
        return command;
    }

    /// <summary>RehabApi's FeedWriters.LockKey: the clinic's 32 bits of the feed writer lock.</summary>
    public static int LockKey(Guid clinicId)
    {
        Span<byte> bytes = stackalloc byte[16];
        clinicId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])
             ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }
}

sealed record Hold(string Reason, DateTimeOffset? Since);
sealed record ProtocolRef(string Key, int Version);
sealed record FullEpisode(Guid Id, Guid PatientId, string Site, string Side, DateOnly DiagnosedOn, DateOnly NonWeightBearingSince,
    int PlannedNonWeightBearingWeeks, DateOnly InjuryOn, int? MinWeeksBeforeImpact, int? MinWeeksBeforeDischarge, bool Displaced,
    decimal? NeckWidthPercent, int? MriGrade, string[] RiskFactors, string Phase, string Status, Hold? Hold,
    DateTimeOffset PhaseEnteredAt, ProtocolRef Protocol, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
sealed record EpisodePage(List<FullEpisode> Items, string? NextCursor);
sealed record RecordedBy(Guid? KeyId, string CallerName, string CallerRole, string ClinicianId, string ClinicianName, string ClinicianRole);
sealed record TransitionPayload(Guid Id, string Kind, string Phase, string Action, string ToPhase, ProtocolRef Protocol, string ToStatus,
    Guid EpisodeId, string FromPhase, string FromStatus, DateTimeOffset RecordedAt, RecordedBy RecordedBy, DateTimeOffset EffectiveAt);
