using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
        return await LocalCluster.StartAsync();
    }

    private static bool DockerLooksAvailable() =>
        Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } || File.Exists("/var/run/docker.sock");

    /// <summary>A PostgreSQL cluster in a temporary directory, removed when the test run ends.</summary>
    private static class LocalCluster
    {
        public static async Task<string> StartAsync()
        {
            var bin = FindBinDirectory();
            var root = Directory.CreateTempSubdirectory("rehab-test-pg-").FullName;
            var port = FreePort();
            // initdb refuses to run as root; as root, run the server as the postgres user.
            var asPostgres = Environment.UserName == "root";
            if (asPostgres) Run("chown", ["-R", "postgres:postgres", root]);

            Run(bin, "initdb", asPostgres, ["-D", $"{root}/data", "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"]);
            Run(bin, "pg_ctl", asPostgres,
            [
                "-D", $"{root}/data", "-l", $"{root}/log", "-w", "start",
                "-o", $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            ]);
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                Run(bin, "pg_ctl", asPostgres, ["-D", $"{root}/data", "-m", "immediate", "-w", "stop"], throwOnError: false);
                Directory.Delete(root, recursive: true);
            };
            await Task.CompletedTask;
            return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
        }

        private static string FindBinDirectory()
        {
            if (Environment.GetEnvironmentVariable("REHAB_PG_BIN") is { Length: > 0 } configured) return configured;
            var candidates = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "initdb")))
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                : Enumerable.Empty<string>();
            return candidates.FirstOrDefault()
                ?? throw new InvalidOperationException(
                    "No PostgreSQL server binaries found. Run the tests with scripts/test.sh (it installs them), " +
                    "set REHAB_PG_BIN to their directory, or set REHAB_TEST_CONNECTION to a server.");
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static void Run(string bin, string tool, bool asPostgres, string[] args, bool throwOnError = true)
        {
            var path = Path.Combine(bin, tool);
            if (asPostgres) Run("runuser", ["-u", "postgres", "--", path, .. args], throwOnError);
            else Run(path, args, throwOnError);
        }

        private static void Run(string file, string[] args, bool throwOnError = true)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && throwOnError)
                throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
