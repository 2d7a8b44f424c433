using System.Diagnostics;

namespace RehabApi.Tests.Infrastructure;

/// <summary>A PostgreSQL cluster in a temporary directory, run from the local server binaries (scripts/test.sh
/// installs them; REHAB_PG_BIN overrides where they are). Tests can stop and start it again.</summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private readonly string bin;
    private readonly string root;
    private readonly string serverOptions;
    // initdb refuses to run as root; as root, the server runs as the postgres user.
    private readonly bool asPostgres = Environment.UserName == "root";

    private LocalPostgresCluster(string bin, string root, string serverOptions)
    {
        this.bin = bin;
        this.root = root;
        this.serverOptions = serverOptions;
    }

    public required int Port { get; init; }

    /// <summary>A superuser connection to the cluster's <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Include Error Detail=true";

    /// <summary>Starts a new cluster. <paramref name="durable"/> keeps PostgreSQL's crash-safety settings (fsync,
    /// synchronous commit), for tests about what survives a crash; otherwise they are off, for speed.</summary>
    public static LocalPostgresCluster Start(bool durable)
    {
        var bin = FindBinDirectory();
        var root = Directory.CreateTempSubdirectory("rehab-test-pg-").FullName;
        var fast = durable ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        var port = LoopbackPorts.FreeRange(1);
        var cluster = new LocalPostgresCluster(bin, root, $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300{fast}")
        {
            Port = port,
        };
        if (cluster.asPostgres) Run("chown", ["-R", "postgres:postgres", root]);
        cluster.RunTool("initdb", ["-D", $"{root}/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", .. durable ? Array.Empty<string>() : ["--no-sync"]]);
        cluster.StartServer();
        return cluster;
    }

    /// <summary>Starts the server again after <see cref="Stop"/> (after an immediate stop, with crash recovery).</summary>
    public void StartServer() =>
        RunTool("pg_ctl", ["-D", $"{root}/data", "-l", $"{root}/log", "-w", "start", "-o", serverOptions]);

    /// <summary>Stops the server. <paramref name="immediate"/> is a crash: every backend is killed at once, with
    /// no checkpoint, and the next start replays the write-ahead log.</summary>
    public void Stop(bool immediate, bool throwOnError = true) =>
        RunTool("pg_ctl", ["-D", $"{root}/data", "-m", immediate ? "immediate" : "fast", "-w", "stop"], throwOnError);

    public ValueTask DisposeAsync()
    {
        Stop(immediate: true, throwOnError: false);
        Directory.Delete(root, recursive: true);
        return ValueTask.CompletedTask;
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

    private void RunTool(string tool, string[] args, bool throwOnError = true)
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
