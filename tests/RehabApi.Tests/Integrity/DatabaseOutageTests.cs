using System.Collections.Concurrent;
using System.Net;
using Npgsql;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>PostgreSQL crashes under traffic and comes back. Meanwhile every request gets a prompt 503 with
/// Retry-After, readiness says unhealthy, and clients that retry with their Idempotency-Key lose nothing and
/// duplicate nothing; afterwards the same service process answers again.</summary>
public sealed class DatabaseOutageTests
{
    private const int Writers = 4;

    [Fact]
    public async Task EveryAcknowledgedWriteSurvivesACrashAndTheServiceRecoversWithoutARestart()
    {
        // A server of its own, with PostgreSQL's crash-safety settings on, since this one is killed.
        await using var cluster = LocalPostgresCluster.Start(durable: true);
        await using var factory = RehabApiFactory.Over(cluster.ConnectionString);
        await ((IAsyncLifetime)factory).InitializeAsync();
        var traffic = new WriteTraffic(factory);
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(traffic.WriteUntilStoppedAsync)).ToArray();
        await traffic.WaitForAcknowledgementsAsync(20);

        cluster.Stop(immediate: true);
        var probe = factory.CreateClient();
        probe.Timeout = TimeSpan.FromSeconds(10);   // "no hang": far beyond the 3 s connect timeout
        await AssertUnavailableAsync(probe, "/health/ready");
        await AssertUnavailableAsync(probe, $"/api/v1/patients/{traffic.Acknowledged.First().Value}");
        await traffic.WaitForUnavailableAnswersAsync(Writers);

        cluster.StartServer();
        await WaitUntilReadyAsync(probe);
        var acknowledgedBeforeRecovery = traffic.Acknowledged.Count;
        await traffic.WaitForAcknowledgementsAsync(acknowledgedBeforeRecovery + 20);
        traffic.Stop();
        await Task.WhenAll(writers);

        Assert.Empty(traffic.Unexpected);
        Assert.Equal(traffic.Acknowledged.Count, traffic.Attempted);
        var stored = await StoredPatientsAsync(factory.ConnectionString);
        foreach (var (externalRef, id) in traffic.Acknowledged)
        {
            Assert.True(stored.TryGetValue(externalRef, out var rows), $"acknowledged patient {externalRef} was lost");
            Assert.Equal([id], rows);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync($"/api/v1/patients/{id}")).StatusCode);
        }
    }

    /// <summary>A failover or an administrator drops every connection of the service. The pooled connections
    /// are then dead; a read steps past them by retrying on a fresh connection, so the client never notices.</summary>
    [Fact]
    public async Task AReadIsRetriedPastConnectionsTheServerDropped()
    {
        await using var cluster = LocalPostgresCluster.Start(durable: false);
        await using var factory = RehabApiFactory.Over(cluster.ConnectionString);
        await ((IAsyncLifetime)factory).InitializeAsync();
        var api = new RehabClient(factory.CreateClient());
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        // Several connections in the pool, all idle.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.GetEpisodeAsync(episode.Id)));

        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var terminate = new NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)(await terminate.ExecuteScalarAsync())! > 0, "no connection of the service was dropped");
        }

        Assert.Equal(episode.Id, (await api.GetEpisodeAsync(episode.Id)).Id);
    }

    private static async Task AssertUnavailableAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        if (path.StartsWith("/api/"))
        {
            var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("Retry", (string)problem["detail"]!);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the service did not become ready again after PostgreSQL restarted");
            await Task.Delay(200);
        }
    }

    /// <summary>externalRef → the ids of the patients stored under it, read straight from PostgreSQL.</summary>
    private static async Task<Dictionary<string, List<Guid>>> StoredPatientsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT external_ref, id FROM patients WHERE external_ref LIKE 'OUTAGE-%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var stored = new Dictionary<string, List<Guid>>();
        while (await reader.ReadAsync())
        {
            var externalRef = reader.GetString(0);
            if (!stored.TryGetValue(externalRef, out var ids)) stored[externalRef] = ids = [];
            ids.Add(reader.GetGuid(1));
        }
        return stored;
    }

    /// <summary>Clinic systems registering patients one after another. Each retries a 503 with the same
    /// Idempotency-Key and body until it is acknowledged, as the README tells clients to.</summary>
    private sealed class WriteTraffic(RehabApiFactory factory)
    {
        private volatile bool stopped;
        private int attempted;
        private int unavailableAnswers;

        /// <summary>externalRef → id, for every 201.</summary>
        public ConcurrentDictionary<string, Guid> Acknowledged { get; } = new();

        /// <summary>Any answer other than 201 or a well-formed 503.</summary>
        public ConcurrentBag<string> Unexpected { get; } = [];

        public int Attempted => attempted;

        public void Stop() => stopped = true;

        public async Task WriteUntilStoppedAsync()
        {
            var api = new RehabClient(factory.CreateClient());
            api.Http.Timeout = TimeSpan.FromSeconds(10);
            while (!stopped)
            {
                var externalRef = $"OUTAGE-{Guid.NewGuid():N}";
                var key = Guid.NewGuid().ToString();
                Interlocked.Increment(ref attempted);
                while (true)
                {
                    var response = await api.PostJsonAsync("/patients", $$"""{"externalRef": "{{externalRef}}"}""", key);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        var patient = await RehabClient.ReadAsync<RehabApi.Patients.PatientResponse>(response, HttpStatusCode.Created);
                        Acknowledged[externalRef] = patient.Id;
                        break;
                    }
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable || response.Headers.RetryAfter is null)
                    {
                        Unexpected.Add($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                        return;
                    }
                    Interlocked.Increment(ref unavailableAnswers);
                    await Task.Delay(100);   // a real client waits Retry-After; the test need not
                }
            }
        }

        public Task WaitForAcknowledgementsAsync(int count) => WaitAsync(() => Acknowledged.Count >= count, $"{count} acknowledged writes");

        public Task WaitForUnavailableAnswersAsync(int count) => WaitAsync(() => unavailableAnswers >= count, $"{count} answers of 503");

        private async Task WaitAsync(Func<bool> condition, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!condition())
            {
                Assert.True(Unexpected.IsEmpty, string.Join("\n", Unexpected));
                Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
                await Task.Delay(50);
            }
        }
    }
}
