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

    // One round trip: the fuzz test (HostileInputTests) reads the counts around every request.
    private static readonly string Query =
        $"SELECT {string.Join(", ", Tables.Select(t => $"(SELECT count(*) FROM {t} t WHERE t.clinic_id = c.id)"))} " +
        "FROM clinics c WHERE c.slug = @slug";

    public static async Task<Dictionary<string, long>> ReadAsync(string connectionString, string clinicSlug)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Query, connection);
        command.Parameters.AddWithValue("slug", clinicSlug);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"No clinic {clinicSlug}");
        return Tables.Select((table, i) => (table, reader.GetInt64(i))).ToDictionary(c => c.table, c => c.Item2);
    }
}
