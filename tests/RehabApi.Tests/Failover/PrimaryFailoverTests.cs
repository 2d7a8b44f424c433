using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Clinics;
using RehabApi.Domain;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;
using RehabApi.Tests.Integration;
using Xunit.Abstractions;

namespace RehabApi.Tests.Failover;

/// <summary>The primary PostgreSQL server's machine is lost under write traffic, and pg_auto_failover promotes the
/// synchronous standby. The service, one process throughout, finds the new primary by itself: nothing acknowledged
/// is lost or doubled, clients see only 503 with Retry-After in the gap, the change feed goes on without a gap or a
/// repeat, a pending webhook is delivered once, and the key cache listens again. Slow (about a minute): run it alone
/// with <c>scripts/test.sh --filter FullyQualifiedName~Failover</c>.</summary>
[Trait("Category", "Failover")]
public sealed class PrimaryFailoverTests(ITestOutputHelper output)
{
    private const int Writers = 4;
    private static readonly TimeSpan FailoverPatience = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task LosingThePrimaryUnderWriteTrafficLosesNoAcknowledgedWriteAndTheSameServiceCarriesOn()
    {
        await using var cluster = await PgAutoFailoverCluster.StartAsync();
        var primary = await cluster.PrimaryAsync();
        await AssertStandbyIsSynchronousAsync(cluster.NodeConnectionString(primary));

        await using var factory = RehabApiFactory.Over(cluster.ConnectionString);
        await ((IAsyncLifetime)factory).InitializeAsync();
        // One instance serves every request and delivers webhooks. Retries come quickly and never run out, and no
        // rate limit interferes with four writers and a reader.
        await using var service = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Webhooks:DeliveryEnabled", "true")
            .UseSetting("Webhooks:MaxDelaySeconds", "1")
            .UseSetting("Webhooks:MaxAttempts", "1000")
            .UseSetting("Webhooks:TimeoutSeconds", "2")
            .UseSetting("RateLimiting:PermitLimit", "100000"));
        RehabClient ClientWith(string key) => Client(service, key);
        async Task<RehabClient> NewClientAsync(string role, string name) =>
            ClientWith(await factory.CreateKeyAsync(Clinic.DefaultSlug, role, name));

        // A webhook delivery left pending: the receiver is down until the failover is over.
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: false);
        receiver.Refusing = true;
        var admin = await NewClientAsync(Roles.ClinicAdmin, "Admin");
        var webhookId = await SubscribeAsync(admin, receiver.Url, "clearance.recorded");
        var system = await NewClientAsync(Roles.ClinicSystem, "EHR");
        var signed = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await system.SignAsync(signed.Id, "no-pain-at-rest", RehabClient.Therapist);
        await Eventually.UntilAsync(() => !receiver.Requests.IsEmpty, "a first, refused, webhook delivery");

        var traffic = new FailoverTraffic();
        var writers = new List<Task>();
        for (var i = 0; i < Writers; i++)
        {
            var writer = await NewClientAsync(Roles.ClinicSystem, $"Writer {i}");
            var episode = await writer.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
            writers.Add(Task.Run(() => traffic.ObserveUntilStoppedAsync(writer, episode.Id)));
        }
        var feedReader = new FeedReader(await NewClientAsync(Roles.ClinicSystem, "Feed reader"), traffic);
        var writersDone = new TaskCompletionSource();
        var reading = Task.Run(() => feedReader.ReadUntilCaughtUpAsync(stillWriting: () => !writersDone.Task.IsCompleted));
        await traffic.WaitForAcknowledgementsAsync(20);

        // The standby falls behind just before the primary is lost: the primary stops sending it WAL until a commit waits
        // for it (synchronous replication) or, were replication asynchronous, writes it never got were acknowledged.
        var standby = PgAutoFailoverCluster.Other(primary);
        await cluster.FreezeWalSenderAsync(primary);
        var acknowledgedBeforeFreeze = traffic.Acknowledged.Count;
        await Eventually.UntilAsync(async () => traffic.Acknowledged.Count >= acknowledgedBeforeFreeze + 8
            || await cluster.CommitsWaitingForTheStandbyAsync(primary) > 0, "a write to wait for the standby");
        var killedAt = traffic.Elapsed;
        await cluster.KillAsync(primary);
        await Eventually.UntilAsync(async () => await cluster.PrimaryAsync() == standby, $"the monitor to promote {standby}", FailoverPatience);
        var promotedAt = traffic.Elapsed;
        await traffic.WaitForAcknowledgementsAsync(traffic.Acknowledged.Count + 20, FailoverPatience);
        receiver.Refusing = false;
        traffic.Stop();
        await Task.WhenAll(writers);
        writersDone.SetResult();
        var feedReadThroughTheFailover = await reading;

        var (unavailableFrom, availableAgainAt) = traffic.UnavailabilityWindow();
        var (writesUnavailableFrom, writesAgainAt) = traffic.UnavailabilityWindow(writes: true);
        output.WriteLine($"Primary {primary} killed at {killedAt.TotalSeconds:0.0} s; {standby} promoted at {promotedAt.TotalSeconds:0.0} s " +
                         $"(monitor's view, {(promotedAt - killedAt).TotalSeconds:0.0} s later).");
        output.WriteLine($"Unavailability window (first 503 to first 2xx after it): {(availableAgainAt - unavailableFrom).TotalSeconds:0.0} s " +
                         $"(from {unavailableFrom.TotalSeconds:0.0} s to {availableAgainAt.TotalSeconds:0.0} s); " +
                         $"for writes: {(writesAgainAt - writesUnavailableFrom).TotalSeconds:0.0} s (from {writesUnavailableFrom.TotalSeconds:0.0} s " +
                         $"to {writesAgainAt.TotalSeconds:0.0} s); {traffic.Acknowledged.Count} writes acknowledged; answers: {traffic.Statuses()}.");

        // The service answered only as its contract says, and the failover was seen (or the test proves nothing).
        Assert.Empty(traffic.Unexpected);
        Assert.True(traffic.UnavailableAnswers > 0, "no request saw the failover");

        // Every acknowledged observation is on the new primary exactly once, and nothing else was stored.
        var stored = await StoredObservationsAsync(cluster.NodeConnectionString(standby), traffic.Episodes);
        var lost = traffic.Acknowledged.Except(stored.SelectMany(e => e.Value)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged writes are not on the new primary: {string.Join(", ", lost)}");
        foreach (var episode in traffic.Episodes)
            Assert.Equal(traffic.AcknowledgedFor(episode).Order(), stored.GetValueOrDefault(episode, []).Order());

        // The feed read through the failover, resuming from its cursor, is the feed read afresh: no gap, no repeat,
        // and one observation.recorded for each acknowledged observation.
        var feed = await new FeedReader(system, traffic).ReadToTheEndAsync();
        Assert.Equal(feed.Count, feed.Select(e => e.Id).Distinct().Count());
        Assert.Equal(feed.Select(e => e.Id), feedReadThroughTheFailover.Select(e => e.Id));
        foreach (var episode in traffic.Episodes)
            Assert.Equal(traffic.AcknowledgedFor(episode).Count, feed.Count(e => e.EpisodeId == episode && e.Type == "observation.recorded"));

        // The webhook pending before the failover is delivered, once.
        var clearanceEvent = Assert.Single(feed, e => e.Type == "clearance.recorded").Id;
        await Eventually.UntilAsync(async () => await DeliveryStatusAsync(admin, webhookId) == "delivered", "the pending webhook to be delivered");
        Assert.Single(receiver.Requests, r => r.EventId == clearanceEvent && r.AnsweredWith == 200);

        // The key cache listens again, now on the new primary: a key revoked there stops working in this instance.
        await AssertARevokedKeyIsRefusedAsync(factory, service, cluster.NodeConnectionString(standby));
    }

    /// <summary>A commit is acknowledged only once the standby has it: the primary waits for one standby
    /// (pg_auto_failover's replication quorum) and that standby streams as a synchronous one.</summary>
    private static async Task AssertStandbyIsSynchronousAsync(string primary)
    {
        await using var connection = new NpgsqlConnection(primary);
        await connection.OpenAsync();
        Assert.StartsWith("ANY 1 (", (string)(await new NpgsqlCommand("SHOW synchronous_standby_names", connection).ExecuteScalarAsync())!);
        Assert.Equal("on", (string)(await new NpgsqlCommand("SHOW synchronous_commit", connection).ExecuteScalarAsync())!);
        Assert.Equal("quorum", (string)(await new NpgsqlCommand("SELECT sync_state FROM pg_stat_replication", connection).ExecuteScalarAsync())!);
    }

    private async Task AssertARevokedKeyIsRefusedAsync(RehabApiFactory factory, WebApplicationFactory<Program> service, string newPrimary)
    {
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, Roles.ClinicSystem, "After the failover");
        var client = Client(service, key).Http;
        var keyId = ApiKeySecrets.Parse(key)!.Value.KeyId;
        var cache = service.Services.GetRequiredService<ApiKeyCache>();
        // The cache keeps a key only while its listener is subscribed.
        await Eventually.UntilAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/protocols")).StatusCode);
            return cache.TryGet(keyId, out _);
        }, "a key to be cached again after the failover");
        await using (var connection = new NpgsqlConnection(newPrimary))
        {
            await connection.OpenAsync();
            await using var revoke = new NpgsqlCommand("UPDATE api_keys SET revoked_at = now() WHERE id = @id", connection);
            revoke.Parameters.AddWithValue("id", keyId);
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
        }
        await Eventually.UntilAsync(async () => (await client.GetAsync("/api/v1/protocols")).StatusCode == HttpStatusCode.Unauthorized,
            "the revoked key to be refused");
    }

    private static RehabClient Client(WebApplicationFactory<Program> instance, string key)
    {
        var http = instance.CreateCheckedClient(withClientOptions: false);
        http.DefaultRequestHeaders.Remove(ApiKeyAuthenticationHandler.HeaderName);
        http.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        http.Timeout = TimeSpan.FromSeconds(30);
        return new RehabClient(http);
    }

    private static async Task<string> SubscribeAsync(RehabClient admin, string url, params string[] eventTypes) =>
        (string)(await RehabClient.ReadAsync<JsonObject>(
            await admin.Http.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes }), HttpStatusCode.Created))["id"]!;

    private static async Task<string?> DeliveryStatusAsync(RehabClient admin, string webhookId)
    {
        var response = await admin.Http.GetAsync($"/api/v1/webhooks/{webhookId}/deliveries");
        if (response.StatusCode != HttpStatusCode.OK) return null;
        var deliveries = (await response.Content.ReadFromJsonAsync<JsonArray>())!;
        return (string?)Assert.Single(deliveries)!["status"];
    }

    /// <summary>episode → the ids of its observations, read straight from one node.</summary>
    private static async Task<Dictionary<Guid, List<Guid>>> StoredObservationsAsync(string node, IReadOnlyCollection<Guid> episodes)
    {
        await using var connection = new NpgsqlConnection(node);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT episode_id, id FROM observations WHERE episode_id = ANY(@episodes)", connection);
        command.Parameters.AddWithValue("episodes", episodes.ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(Guid Episode, Guid Id)>();
        while (await reader.ReadAsync()) rows.Add((reader.GetGuid(0), reader.GetGuid(1)));
        return rows.GroupBy(r => r.Episode).ToDictionary(g => g.Key, g => g.Select(r => r.Id).ToList());
    }
}
