using Npgsql;

// The bare baseline: GET /episodes/{id} reads the same episode row as RehabApi's
// GET /api/v1/episodes/{id} and writes it as JSON, with no auth, no EF Core and no middleware.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("Rehab")
    ?? throw new InvalidOperationException("ConnectionStrings:Rehab is not set");
await using var dataSource = NpgsqlDataSource.Create(connectionString);

var app = builder.Build();

app.MapGet("/episodes/{id:guid}", async (Guid id, HttpContext http) =>
{
    await using var cmd = dataSource.CreateCommand(
        "SELECT id, patient_id, site, side, diagnosed_on, phase, status, hold_reason, hold_since, " +
        "phase_entered_at, protocol_key, protocol_version, version FROM episodes WHERE id = $1");
    cmd.Parameters.AddWithValue(id);
    await using var reader = await cmd.ExecuteReaderAsync();
    if (!await reader.ReadAsync())
        return Results.NotFound();
    var version = reader.GetInt32(12);
    http.Response.Headers.ETag = $"\"{version}\"";
    return Results.Json(new EpisodeResponse(
        reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetString(3),
        reader.GetFieldValue<DateOnly>(4), reader.GetString(5), reader.GetString(6),
        reader.IsDBNull(7) ? null : new Hold(reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8)),
        reader.GetFieldValue<DateTimeOffset>(9), new ProtocolRef(reader.GetString(10), reader.GetInt32(11)), version));
});

await app.RunAsync();

sealed record Hold(string Reason, DateTimeOffset Since);
sealed record ProtocolRef(string Key, int Version);
sealed record EpisodeResponse(Guid Id, Guid PatientId, string Site, string Side, DateOnly DiagnosedOn, string Phase,
    string Status, Hold? Hold, DateTimeOffset PhaseEnteredAt, ProtocolRef Protocol, int Version);
