using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integration;

/// <summary>Webhooks from the transactional outbox: signed, de-duplicable, retried after a failure, and not lost
/// when the instance that made the change stops before delivering it. The delivery worker serves every clinic, so the
/// classes that start one (WithDelivery) share a collection: no other class's worker delivers these tests' events.</summary>
[Collection(WebhookDelivery.Collection)]
public sealed class WebhookTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task AReceiverGetsEachEventOnceSignedAndAgainAfterItFirstAnswered500()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: true);
        await using var delivering = factory.WithDelivery();
        var (system, admin) = await ClinicAsync(delivering);
        var (webhookId, secret) = await SubscribeAsync(admin, receiver.Url, "*");

        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // episode.created, plan.changed
        await system.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);   // clearance.recorded
        // Once the service has recorded them delivered it sends them no more: what the receiver has is final.
        var deliveries = await AllDeliveredAsync(admin, webhookId, 3);

        var feed = await FeedIdsAsync(system);
        Assert.Equal(feed.Order(), receiver.Acknowledged.Order());
        foreach (var eventId in feed)
        {
            var attempts = receiver.Requests.Where(r => r.EventId == eventId).ToList();
            Assert.Equal([500, 200], attempts.Select(a => a.AnsweredWith));
            Assert.All(attempts, a => Assert.Equal(Sign(secret, a.Body), a.Signature));
            var body = JsonNode.Parse(attempts[^1].Body)!;
            Assert.Equal((eventId, episode.Id.ToString()), ((string)body["id"]!, (string)body["episodeId"]!));
        }

        Assert.All(deliveries, d =>
        {
            Assert.Equal(("delivered", 2), ((string)d!["status"]!, (int)d["attempts"]!));
            Assert.Equal([500, 200], d["attemptLog"]!.AsArray().Select(a => (int)a!["statusCode"]!));
        });
    }

    [Fact]
    public async Task AnAttemptIsLoggedAtTheServicesClockSoMovingTheClockMovesTheLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: false);
        await using var delivering = factory.WithDelivery();
        var (system, admin) = await ClinicAsync(delivering);
        var (webhookId, _) = await SubscribeAsync(admin, receiver.Url, "episode.created");
        factory.Clock.Advance(TimeSpan.FromHours(1));
        var movedTo = factory.Clock.GetUtcNow();

        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var delivery = Assert.Single(await AllDeliveredAsync(admin, webhookId, 1));

        var attempt = Assert.Single(delivery!["attemptLog"]!.AsArray());
        Assert.Equal(movedTo, DateTimeOffset.Parse((string)attempt!["attemptedAt"]!));
    }

    [Fact]
    public async Task AChangeMadeByAnInstanceThatStopsBeforeDeliveringIsDeliveredByAnother()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: false);
        Guid episodeId;
        // This instance writes but never delivers, and is gone before anything is sent.
        await using (var writer = factory.WithWebHostBuilder(_ => { }))
        {
            var (system, admin) = await ClinicAsync(writer);
            var (webhookId, _) = await SubscribeAsync(admin, receiver.Url, "episode.created", "clearance.recorded");
            episodeId = (await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1))).Id;
            await system.SignAsync(episodeId, "no-pain-at-rest", RehabClient.Therapist);

            // Nothing has tried to deliver them: no instance that delivers is running.
            var pending = await DeliveriesAsync(admin, webhookId);
            Assert.Equal(2, pending.Count);
            Assert.All(pending, d => Assert.Equal(("pending", 0), ((string)d!["status"]!, (int)d["attempts"]!)));
        }
        Assert.Empty(receiver.Requests);

        await using var deliverer = factory.WithDelivery();
        _ = deliverer.Server;   // start it

        await receiver.WaitForAcknowledgedAsync(2);
        Assert.Equal(["clearance.recorded", "episode.created"], receiver.Requests.Select(r => r.EventType).Order());
    }

    [Fact]
    public async Task TwoDeliveringInstancesSendEachEventOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: false);
        await using var first = factory.WithDelivery();
        await using var second = factory.WithDelivery();
        _ = first.Server;
        _ = second.Server;
        var (system, admin) = await ClinicAsync(first);
        var (webhookId, _) = await SubscribeAsync(admin, receiver.Url, "observation.recorded");

        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        for (var n = 0; n < 20; n++) await system.ObserveAsync(episode.Id, "fracture-site-pain", n % 3);
        await AllDeliveredAsync(admin, webhookId, 20);

        Assert.Equal(20, receiver.Requests.Count);
        Assert.Equal(20, receiver.Requests.Select(r => r.EventId).Distinct().Count());
    }

    [Fact]
    public async Task ASubscriptionGetsDeliveriesOfItsEventTypesOnlyAndAStoppedOneNone()
    {
        var (system, admin) = await ClinicAsync(factory);   // this instance does not deliver: deliveries stay listed
        var (clearances, _) = await SubscribeAsync(admin, "http://127.0.0.1:9/clearances", "clearance.recorded");
        var (stopped, _) = await SubscribeAsync(admin, "http://127.0.0.1:9/stopped", "*");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/v1/webhooks/{stopped}")).StatusCode);

        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // episode.created, plan.changed
        await system.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);   // clearance.recorded

        async Task<string[]> DeliveredTypesAsync(string id) =>
            (await admin.Http.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/{id}/deliveries"))!
                .Select(d => (string)d!["eventType"]!).ToArray();
        Assert.Equal(["clearance.recorded"], await DeliveredTypesAsync(clearances));
        Assert.Empty(await DeliveredTypesAsync(stopped));
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("ftp://example.org/hook")]
    public async Task TargetsOnLoopbackOrPrivateNetworksAreRefusedUnlessConfigurationAllowsThem(string url)
    {
        await using var strict = factory.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateTargets", "false"));
        var (_, admin) = await ClinicAsync(strict);

        var response = await admin.Http.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "*" } });

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("url"), problem.ToJsonString());
        Assert.Empty((await admin.Http.GetFromJsonAsync<JsonArray>("/api/v1/webhooks"))!);
    }

    [Fact]
    public async Task OnlyAClinicAdminManagesWebhooks()
    {
        var (system, _) = await ClinicAsync(factory);
        var response = await system.Http.PostAsJsonAsync("/api/v1/webhooks", new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "*" } });
        await RehabClient.ProblemAsync(response, HttpStatusCode.Forbidden);
    }

    private static string Sign(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private async Task<(RehabClient System, RehabClient Admin)> ClinicAsync(WebApplicationFactory<Program> instance)
    {
        var clinic = await factory.CreateClinicAsync("webhooks");
        return (Client(instance, await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")),
                Client(instance, await factory.CreateKeyAsync(clinic, "clinic-admin", "Admin")));
    }

    private static RehabClient Client(WebApplicationFactory<Program> instance, string key)
    {
        var http = instance.CreateCheckedClient(withClientOptions: false);
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new RehabClient(http);
    }

    private static async Task<(string Id, string Secret)> SubscribeAsync(RehabClient admin, string url, params string[] eventTypes)
    {
        var created = await RehabClient.ReadAsync<JsonObject>(
            await admin.Http.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes }), HttpStatusCode.Created);
        return ((string)created["id"]!, (string)created["secret"]!);
    }

    private static async Task<JsonArray> DeliveriesAsync(RehabClient admin, string webhookId) =>
        (await admin.Http.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/{webhookId}/deliveries"))!;

    /// <summary>Waits until the subscription has <paramref name="count"/> deliveries, all delivered: the service records a
    /// delivery as delivered after the receiver's 2xx, and never sends it again.</summary>
    private static Task<JsonArray> AllDeliveredAsync(RehabClient admin, string webhookId, int count) =>
        Eventually.ReadAsync(() => DeliveriesAsync(admin, webhookId),
            deliveries => deliveries.Count == count && deliveries.All(d => (string)d!["status"]! == "delivered"),
            $"{count} deliveries of webhook {webhookId} to be delivered");

    private static async Task<List<string>> FeedIdsAsync(RehabClient system)
    {
        var page = await Eventually.ReadAsync(async () => (await system.Http.GetFromJsonAsync<JsonObject>("/api/v1/events?limit=200"))!,
            page => (bool)page["caughtUp"]!, "the feed to catch up");
        return page["items"]!.AsArray().Select(e => (string)e!["id"]!).ToList();
    }
}
