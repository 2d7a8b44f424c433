using System.Diagnostics;
using System.Reflection;
using Npgsql;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Failover;

/// <summary>A pg_auto_failover formation in a temporary directory, started and driven by scripts/ha.sh (so the
/// script a reader runs for a local trial is the one tested): a monitor and two nodes, a primary and a synchronous
/// standby, on three free ports. Disposing stops every process and deletes the directory.</summary>
public sealed class PgAutoFailoverCluster : IAsyncDisposable
{
    private readonly string script;
    private readonly string root;
    private readonly int basePort;

    private PgAutoFailoverCluster(string script, string root, int basePort)
    {
        this.script = script;
        this.root = root;
        this.basePort = basePort;
    }

    /// <summary>The service's multi-host connection string, as scripts/ha.sh prints it.</summary>
    public string ConnectionString { get; private set; } = "";

    public static async Task<PgAutoFailoverCluster> StartAsync()
    {
        var repository = typeof(PgAutoFailoverCluster).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RehabRepositoryRoot").Value!;
        var cluster = new PgAutoFailoverCluster(Path.Combine(repository, "scripts", "ha.sh"),
            Directory.CreateTempSubdirectory("rehab-ha-").FullName, LoopbackPorts.FreeRange(3));
        try
        {
            cluster.ConnectionString = (await cluster.RunAsync("start")).Trim().Split('\n')[^1];
        }
        catch (InvalidOperationException failure)
        {
            // The directory, with the logs that say why, goes with the cluster: keep their ends in the failure.
            var logs = cluster.LogEnds();
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"{failure.Message}\n{logs}", failure);
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
        return cluster;
    }

    /// <summary>The last lines of each log scripts/ha.sh keeps (the monitor's and each node's pg_autoctl).</summary>
    private string LogEnds() => string.Join('\n', Directory.Exists(root)
        ? Directory.GetFiles(root, "*.log").Order().Select(log => $"--- {Path.GetFileName(log)}\n{string.Join('\n', File.ReadLines(log).TakeLast(15))}")
        : []);

    /// <summary>node1 or node2, whichever the monitor has as primary now.</summary>
    public async Task<string> PrimaryAsync() => (await RunAsync("primary")).Trim();

    /// <summary>The node's machine is lost: its pg_autoctl keeper and its postmaster with every backend are SIGKILLed,
    /// so nothing restarts it and the monitor must promote the other node.</summary>
    public Task KillAsync(string node) => RunAsync("kill", node);

    public static string Other(string node) => node == "node1" ? "node2" : "node1";

    /// <summary>Stops (SIGSTOP) the primary's WAL sender: the standby receives nothing more. Only killing the node ends it.</summary>
    public async Task FreezeWalSenderAsync(string primary) =>
        Signal("STOP", await ScalarAsync<int>(primary, "SELECT pid FROM pg_stat_replication"));

    /// <summary>Sessions of the primary whose commit waits for the synchronous standby.</summary>
    public Task<long> CommitsWaitingForTheStandbyAsync(string primary) =>
        ScalarAsync<long>(primary, "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep'");

    private async Task<T> ScalarAsync<T>(string node, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(NodeConnectionString(node)) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{signal} {pid} failed");
    }

    /// <summary>A connection to one node only, as the service connects (its database and user).</summary>
    public string NodeConnectionString(string node) => new NpgsqlConnectionStringBuilder(ConnectionString)
    {
        Host = "127.0.0.1", Port = basePort + (node == "node1" ? 1 : 2), TargetSessionAttributes = null, Pooling = false,
    }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        try { await RunAsync("destroy"); }
        catch (InvalidOperationException) { /* already gone, or the script failed: the directory goes anyway */ }
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
    }

    private async Task<string> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["REHAB_HA_DIR"] = root;
        start.Environment["REHAB_HA_PORT"] = basePort.ToString();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/ha.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
