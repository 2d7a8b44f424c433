using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RehabApi.Security;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>With the service's own logging settings, what reaches the logs names no key, no patient
/// reference or id, and no request body — even for failing requests.</summary>
public sealed class LogPrivacyTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task LogsCarryNoKeysPatientReferencesOrBodies()
    {
        var sink = new CapturingLoggerProvider();
        using var logged = factory.WithWebHostBuilder(builder => builder.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(sink)));
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, "clinic-system", "Logging EHR");
        var http = logged.CreateCheckedClient();
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        var api = new RehabClient(http);
        var externalRef = $"MRN-PRIVATE-{Guid.NewGuid():N}";
        const string bodyMarker = "BODY-MARKER-7f3a";

        var patient = await api.CreatePatientAsync(externalRef);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("/api/v1/patients", new { externalRef })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/api/v1/patients", new { externalRef = bodyMarker, birthYear = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/api/v1/patients",
            new StringContent($"{{\"{bodyMarker}\": 1", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        var episode = await api.CreateEpisodeForAsync(patient.Id, new DateOnly(2026, 5, 1));
        await api.TransitionAsync(episode.Id, "hold", RehabClient.Physician, reason: "clinical-review");
        var stranger = logged.CreateCheckedClient();
        stranger.DefaultRequestHeaders.Remove("X-Api-Key");
        stranger.DefaultRequestHeaders.Add("X-Api-Key", key[..^3] + "zzz");
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync($"/api/v1/patients/{patient.Id}")).StatusCode);

        var lines = sink.Lines.ToList();
        // The capture works: the transition is logged, by episode id and codes.
        Assert.Contains(lines, line => line.Contains(episode.Id.ToString()) && line.Contains("hold"));
        var secret = ApiKeySecrets.Parse(key)!.Value.Secret;   // the secret itself may contain '_'
        foreach (var forbidden in new[] { secret, secret[..^3] + "zzz", externalRef, patient.Id.ToString(), bodyMarker })
            Assert.False(lines.Any(line => line.Contains(forbidden, StringComparison.OrdinalIgnoreCase)),
                $"A log line contains {forbidden}: {lines.FirstOrDefault(line => line.Contains(forbidden, StringComparison.OrdinalIgnoreCase))}");
    }

    /// <summary>Every log line of every category, whatever the level.</summary>
    internal sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(categoryName, Lines);

        public void Dispose() { }

        private sealed class Capturing(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
