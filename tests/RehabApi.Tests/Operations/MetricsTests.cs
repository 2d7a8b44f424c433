using System.Net;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Operations;

/// <summary>/metrics exposes the framework's metrics and the business ones, in the Prometheus text format,
/// with codes as labels and nothing about a patient.</summary>
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

        var metrics = await ScrapeUntilAsync(text =>
            text.Contains("rehab_transitions_total{") && text.Contains("rehab_advances_blocked_total{"));

        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("rehab_transitions_total{")
            && line.Contains("action=\"advance\"") && line.Contains("from_phase=\"non-weight-bearing\"") && line.Contains("to_phase=\"imaging-confirmation\""));
        Assert.Contains(metrics.Split('\n'), line => line.StartsWith("rehab_advances_blocked_total{")
            && line.Contains("requirement=\"no-pain-at-rest\""));
        Assert.Contains("http_server_request_duration_seconds", metrics);
        Assert.DoesNotContain(patient.ExternalRef, metrics);
        Assert.DoesNotContain(episode.Id.ToString(), metrics);
    }

    private async Task<string> ScrapeUntilAsync(Func<string, bool> ready)
    {
        var client = factory.CreateClient(apiKey: null);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            if (ready(text) || DateTime.UtcNow > deadline) return text;
            await Task.Delay(200);   // the exporter caches a scrape briefly
        }
    }
}
