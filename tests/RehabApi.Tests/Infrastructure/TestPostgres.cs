using Npgsql;
using Testcontainers.PostgreSql;

namespace RehabApi.Tests.Infrastructure;

/// <summary>The one real PostgreSQL server of a test run, found in this order: the server named by
/// REHAB_TEST_CONNECTION; a Testcontainers container when a Docker engine answers; otherwise a
/// throwaway cluster started from the local PostgreSQL binaries (scripts/test.sh installs them).</summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>A connection string to a fresh database called <paramref name="database"/> on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync(string database)
    {
        var server = await Server.Value;
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable("REHAB_TEST_CONNECTION") is { Length: > 0 } given) return given;
        if (DockerLooksAvailable())
        {
            var container = new PostgreSqlBuilder("postgres:17").Build();
            await container.StartAsync();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return container.GetConnectionString();
        }
        // Removed when the test run ends.
        var cluster = LocalPostgresCluster.Start(durable: false);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return cluster.ConnectionString;
    }

    private static bool DockerLooksAvailable() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");
}
