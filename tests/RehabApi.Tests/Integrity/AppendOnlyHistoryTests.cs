using Npgsql;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>History cannot be rewritten even by someone with a database connection and the owner's rights:
/// PostgreSQL itself refuses to update, delete or truncate transitions and evidence.</summary>
public sealed class AppendOnlyHistoryTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    public static TheoryData<string, string> Statements() => new()
    {
        { "transitions", "UPDATE transitions SET to_phase = 'discharged' WHERE episode_id = @episode" },
        { "transitions", "DELETE FROM transitions WHERE episode_id = @episode" },
        { "clearances", "UPDATE clearances SET type = 'impact-approved' WHERE episode_id = @episode" },
        { "clearances", "DELETE FROM clearances WHERE episode_id = @episode" },
        { "observations", "UPDATE observations SET value = 0 WHERE episode_id = @episode" },
        { "observations", "DELETE FROM observations WHERE episode_id = @episode" },
        { "imaging_studies", "UPDATE imaging_studies SET finding = 'healed' WHERE episode_id = @episode" },
        { "imaging_studies", "DELETE FROM imaging_studies WHERE episode_id = @episode" },
        { "symptom_reports", "UPDATE symptom_reports SET pain_at_rest = 0 WHERE episode_id = @episode" },
        { "symptom_reports", "DELETE FROM symptom_reports WHERE episode_id = @episode" },
        { "transitions", "TRUNCATE transitions CASCADE" },
        { "clearances", "TRUNCATE clearances" },
        { "observations", "TRUNCATE observations" },
        { "imaging_studies", "TRUNCATE imaging_studies" },
    };

    [Theory]
    [MemberData(nameof(Statements))]
    public async Task PostgresRefusesToChangeHistory(string table, string statement)
    {
        var api = new RehabClient(factory.CreateClient());
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await api.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        await api.ObserveAsync(episode.Id, "fracture-site-pain", 2);
        await api.ImageAsync(episode.Id, new DateOnly(2026, 5, 20), "healing");
        await api.AdvanceAsync(episode.Id);
        await api.PostJsonAsync($"/episodes/{episode.Id}/symptoms", $$"""{"date": "{{Dates.Today:yyyy-MM-dd}}", "painAtRest": 1, "painWithActivity": 2}""");
        var before = await RowsAsync(table, episode.Id);

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        // Rolled back whatever happens, so that a broken rule could not wipe other tests' rows.
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(statement, connection, transaction);
        command.Parameters.AddWithValue("episode", episode.Id);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
        await transaction.RollbackAsync();

        Assert.Equal(PostgresErrorCodes.RestrictViolation, refused.SqlState);
        Assert.Contains("append-only", refused.MessageText);
        Assert.Equal(before, await RowsAsync(table, episode.Id));
    }

    /// <summary>Every row of the episode in <paramref name="table"/>, as text, to show that nothing changed.</summary>
    private async Task<List<string>> RowsAsync(string table, Guid episodeId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT t::text FROM {table} t WHERE episode_id = @episode ORDER BY id", connection);
        command.Parameters.AddWithValue("episode", episodeId);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        Assert.NotEmpty(rows);
        return rows;
    }
}
