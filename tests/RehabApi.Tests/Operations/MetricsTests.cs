using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using RehabApi.Tests.Infrastructure;
using RehabApi.Tests.Integration;

namespace RehabApi.Tests.Operations;

/// <summary>/metrics exposes the framework's metrics and the business ones, in the Prometheus text format,
/// with codes as labels and nothing about a patient.</summary>
[Collection(WebhookDelivery.Collection)]   // it runs a delivery worker
public sealed class MetricsTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task TransitionsAndBlockedAdvancesAreCountedByPhaseActionAndRequirement()
    {
        var api = new RehabClient(factory.CreateClient());
        var patient = await api.CreatePatientAsync($"MRN-METRICS-{Guid.NewGuid():N}");
        var episode = await api.CreateEpisodeForAsync(patient.Id, new DateOnly(2026, 4, 1));
        Assert.Equal(["no-pain-at-rest"], await api.BlockedAdvanceAsync(episode.Id));
        await api.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        await api.AdvanceAsync(episode.Id);
        // A clinic system may not list webhooks: the refusal is counted as a status of the request duration.
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.CreateClient().GetAsync("/api/v1/webhooks")).StatusCode);

        static bool Refused(string metrics) => metrics.Split('\n').Any(line => line.StartsWith("http_server_request_duration_seconds_count{")
            && line.Contains("http_route=\"/api/v1/webhooks/\"") && line.Contains("http_response_status_code=\"403\""));
        var metrics = await ScrapeUntilAsync(factory, text =>
            text.Contains("rehab_transitions_total{") && text.Contains("rehab_advances_blocked_total{") && Refused(text));

        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("rehab_transitions_total{")
            && line.Contains("action=\"advance\"") && line.Contains("from_phase=\"non-weight-bearing\"") && line.Contains("to_phase=\"imaging-confirmation\""));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("rehab_advances_blocked_total{")
            && line.Contains("requirement=\"no-pain-at-rest\""));
        // What operators run the service by stays when per-request detail is dropped (ObservabilitySetup): each
        // request's duration and status by route (refusals included), each statement's, the connection pool.
        Assert.True(Refused(metrics), metrics);
        Assert.Contains("db_client_operation_duration_seconds", metrics);
        Assert.Contains("db_client_connection_count", metrics);
        Assert.DoesNotContain("aspnetcore_routing_match_attempts", metrics);
        Assert.DoesNotContain("aspnetcore_authorization_attempts", metrics);
        Assert.DoesNotContain("aspnetcore_rate_limiting_requests", metrics);
        Assert.DoesNotContain("db_client_operation_npgsql_bytes_read", metrics);
        Assert.DoesNotContain(patient.ExternalRef, metrics);
        Assert.DoesNotContain(episode.Id.ToString(), metrics);
    }

    [Fact]
    public async Task WebhookAttemptsAreCountedByOutcome()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirstAttempt: true);
        await using var delivering = factory.WithDelivery();
        var clinic = await factory.CreateClinicAsync("metrics-webhooks");
        var admin = Client(delivering, await factory.CreateKeyAsync(clinic, "clinic-admin", "Admin"));
        var system = new RehabClient(Client(delivering, await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var subscribed = await admin.PostAsJsonAsync("/api/v1/webhooks", new { url = receiver.Url, eventTypes = new[] { "episode.created" } });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // answered 500, then 200
        await receiver.WaitForAcknowledgedAsync(1);

        static bool Counted(string metrics, string outcome) => metrics.Split('\n').Any(line =>
            line.StartsWith("rehab_webhook_deliveries_total{") && line.Contains($"outcome=\"{outcome}\""));
        var metrics = await ScrapeUntilAsync(delivering, text => Counted(text, "retrying") && Counted(text, "delivered"));
        Assert.True(Counted(metrics, "retrying"), metrics);
        Assert.True(Counted(metrics, "delivered"), metrics);
    }

    private static HttpClient Client(WebApplicationFactory<Program> instance, string key)
    {
        var http = instance.CreateCheckedClient(withClientOptions: false);
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    /// <summary>Scrapes until <paramref name="ready"/>: the exporter caches a scrape briefly, and webhook attempts are
    /// counted by a background worker.</summary>
    private static Task<string> ScrapeUntilAsync(WebApplicationFactory<Program> instance, Func<string, bool> ready)
    {
        var client = instance.CreateDefaultClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        return Eventually.ReadAsync(async () =>
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }, ready, "the metrics to be counted");
    }
}
