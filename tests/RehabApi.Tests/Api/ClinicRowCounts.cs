using Npgsql;

namespace RehabApi.Tests.Api;

/// <summary>How many rows a clinic has in every table that holds its data, read straight from PostgreSQL,
/// to prove that a refused request wrote nothing.</summary>
public static class ClinicRowCounts
{
    private static readonly string[] Tables =
    [
        "patients", "episodes", "transitions", "clearances", "observations", "imaging_studies", "symptom_reports",
        "pain_report_resolutions", "walk_run_sessions", "bone_health_assessments", "idempotency_records",
        "clinic_protocol_versions", "webhook_subscriptions", "events",
    ];

    public static async Task<Dictionary<string, long>> ReadAsync(string connectionString, string clinicSlug)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in Tables)
        {
            await using var command = new NpgsqlCommand(
                $"SELECT count(*) FROM {table} t JOIN clinics c ON c.id = t.clinic_id WHERE c.slug = @slug", connection);
            command.Parameters.AddWithValue("slug", clinicSlug);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }
        return counts;
    }
}
