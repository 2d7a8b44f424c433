using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RehabApi.Tests.Infrastructure;
using RehabApi.Tests.Integration;
using RehabApi.Tests.Operations;
using RehabApi.Tests.Security;

namespace RehabApi.Tests.Webhooks;

/// <summary>The service over a database of its own, so that its delivering instances send only these tests'
/// deliveries (and no other test's delivery is tried by a strict instance).</summary>
public sealed class WebhookDeliveryFactory() : RehabApiFactory("rehab_webhook_delivery");

/// <summary>What the delivery worker does with a target: it checks the addresses it is about to dial, whatever
/// was accepted when subscribing, and it names a target in logs and traces by scheme and host only (receivers
/// often authenticate with a token in the path).</summary>
public sealed class WebhookDeliveryGuardTests(WebhookDeliveryFactory factory) : IClassFixture<WebhookDeliveryFactory>
{
    private const string TokenPath = "/hooks/tok_5ecr3t-in-the-path";

    [Fact]
    public async Task TheDeliveryWorkerRefusesToConnectToTheServerItselfWhateverWasAcceptedWhenSubscribing()
    {
        // Subscribed while private targets were allowed (as if DNS had changed since); delivered by a strict instance.
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: false);
        var (system, admin) = await ClinicAsync(factory);
        var own = WebhookGuardTests.OwnAddresses().FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? IPAddress.Loopback;
        var id = await SubscribeAsync(admin, new UriBuilder(receiver.Url) { Host = own.ToString() }.Uri.ToString());

        await using (var strict = factory.WithWebHostBuilder(b => b
                         .UseSetting("Webhooks:AllowPrivateTargets", "false")
                         .UseSetting("Webhooks:DeliveryEnabled", "true")))
        {
            _ = strict.Server;
            await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
            var attempt = await FirstAttemptAsync(admin, id);

            var error = (string?)attempt["error"];
            Assert.True(error?.Contains("non-public") == true, $"{own}: {error}");
            Assert.Empty(receiver.Requests);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/webhooks/{id}")).StatusCode);
    }

    [Fact]
    public async Task LogsNameAWebhookTargetBySchemeAndHostButNotItsPath()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: true, TokenPath);
        var sink = new LogPrivacyTests.CapturingLoggerProvider();
        await using var delivering = factory.WithWebHostBuilder(b => b
            .UseSetting("Webhooks:DeliveryEnabled", "true")
            .ConfigureServices(s => s.AddSingleton<ILoggerProvider>(sink)));
        var (system, admin) = await ClinicAsync(delivering);
        await SubscribeAsync(admin, receiver.Url);

        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await receiver.WaitForAcknowledgedAsync(2);

        var lines = sink.Lines.ToList();
        Assert.False(lines.Any(line => line.Contains("tok_5ecr3t")), lines.FirstOrDefault(line => line.Contains("tok_5ecr3t")));
        Assert.Contains(lines, line => line.Contains("Webhook delivery") && line.Contains($"http://{new Uri(receiver.Url).Authority}"));
    }

    [Fact]
    public async Task TracesNameAWebhookTargetBySchemeAndHostButNotItsPath()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: false, TokenPath);
        await using var collector = await TracingTests.OtlpCollector.StartAsync();
        await using var traced = factory.WithWebHostBuilder(b => b
            .UseSetting("Webhooks:DeliveryEnabled", "true")
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100"));
        var (system, admin) = await ClinicAsync(traced);
        await SubscribeAsync(admin, receiver.Url);

        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await receiver.WaitForAcknowledgedAsync(2);

        // The protobuf payload carries attribute keys and values as plain UTF-8: wait for the client span of a
        // delivery, and read what follows its url.full. (The receiver runs in this process too, so the server
        // span it makes, with the path, is exported as well: that one is the receiver's, not the service's.)
        var origin = $"http://{new Uri(receiver.Url).Authority}";
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<string> urls;
        do
        {
            await Task.Delay(100);
            urls = UrlFullValues(collector.Received());
        } while (!urls.Any(url => url.Contains(origin)) && DateTime.UtcNow < deadline);
        Assert.Contains(urls, url => url.Contains(origin));
        Assert.DoesNotContain(urls, url => url.Contains("tok_5ecr3t"));
    }

    /// <summary>The value of each url.full attribute. In OTLP protobuf a short string attribute follows its key as
    /// 0x12 (value), a length, 0x0A (string_value), the string's length, and the string.</summary>
    private static List<string> UrlFullValues(string exported) =>
        [.. exported.Split("url.full").Skip(1)
            .Where(rest => rest.Length > 4 && rest[0] == '\x12' && rest[2] == '\x0A' && rest.Length >= 4 + rest[3])
            .Select(rest => rest.Substring(4, rest[3]))];

    private static async Task<JsonObject> FirstAttemptAsync(HttpClient admin, string subscriptionId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var deliveries = (await admin.GetFromJsonAsync<JsonArray>($"/api/v1/webhooks/{subscriptionId}/deliveries"))!;
            if (deliveries.SelectMany(d => d!["attemptLog"]!.AsArray()).FirstOrDefault() is JsonObject attempt) return attempt;
            Assert.True(DateTime.UtcNow < deadline, "no delivery was attempted");
            await Task.Delay(100);
        }
    }

    private async Task<(RehabClient System, HttpClient Admin)> ClinicAsync(WebApplicationFactory<Program> instance)
    {
        var clinic = await factory.CreateClinicAsync("webhook-delivery");
        return (new RehabClient(Client(instance, await factory.CreateKeyAsync(clinic, "clinic-system", "EHR"))),
                Client(instance, await factory.CreateKeyAsync(clinic, "clinic-admin", "Admin")));
    }

    private static HttpClient Client(WebApplicationFactory<Program> instance, string key)
    {
        var http = instance.CreateDefaultClient();
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static async Task<string> SubscribeAsync(HttpClient admin, string url) =>
        (string)(await RehabClient.ReadAsync<JsonObject>(
            await admin.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "*" } }), HttpStatusCode.Created))["id"]!;
}
