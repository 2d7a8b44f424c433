using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Operations;

/// <summary>The service's own log output, JSON on standard output: a line written during a request carries that
/// request's trace id, the one a client sent in traceparent and finds in a problem's traceId, and nothing about
/// the patient.</summary>
public sealed class JsonLogTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task ALogLineWrittenDuringARequestCarriesItsTraceIdAndNoPatientData()
    {
        var output = new CapturedOutput();
        await using var logged = output.Start(() => factory.WithWebHostBuilder(_ => { }));
        var api = new RehabClient(logged.CreateCheckedClient());
        var externalRef = $"MRN-TRACE-{Guid.NewGuid():N}";
        var patient = await api.CreatePatientAsync(externalRef);
        var episode = await api.CreateEpisodeForAsync(patient.Id, new DateOnly(2026, 5, 1));
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        using var hold = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode.Id}/transitions")
        {
            Content = JsonContent.Create(new { action = "hold", reason = "clinical-review", onBehalfOf = RehabClient.Physician }),
        };
        hold.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.OK, (await api.Http.SendAsync(hold)).StatusCode);
        using var missing = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/episodes/{Guid.NewGuid()}");
        var otherTraceId = ActivityTraceId.CreateRandom().ToHexString();
        missing.Headers.Add("traceparent", $"00-{otherTraceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        var problem = await RehabClient.ProblemAsync(await api.Http.SendAsync(missing), HttpStatusCode.NotFound);

        var line = await WaitForLineAsync(output, l => (string?)l["Category"] == "RehabApi.Transitions.TransitionsApi"
                                                      && ((string?)l["Message"])?.Contains(episode.Id.ToString()) == true);
        var scopes = line["Scopes"]!.AsArray();
        Assert.Contains(scopes, s => s is JsonObject o && (string?)o["TraceId"] == traceId);
        // The problem's traceId is the W3C id of the same trace, so a client can find the log lines of its request.
        Assert.Contains(otherTraceId, (string)problem["traceId"]!);
        var all = output.ToString();
        foreach (var forbidden in new[] { externalRef, patient.Id.ToString(), "Ada Bone" })
            Assert.False(all.Contains(forbidden, StringComparison.OrdinalIgnoreCase),
                $"The log contains {forbidden}: {all.Split('\n').FirstOrDefault(l => l.Contains(forbidden, StringComparison.OrdinalIgnoreCase))}");
    }

    /// <summary>Standard output as the service writes it. The console logger takes Console.Out once, when it is
    /// built, so swapping Console.Out only while one instance starts captures that instance's log (and at most that of
    /// another host built at the same moment) without diverting anyone else's for longer.</summary>
    private sealed class CapturedOutput
    {
        private readonly StringWriter text = new();
        private readonly TextWriter writer;

        public CapturedOutput() => writer = TextWriter.Synchronized(text);   // locks itself for every write

        public WebApplicationFactory<Program> Start(Func<WebApplicationFactory<Program>> create)
        {
            var original = Console.Out;
            Console.SetOut(writer);
            try
            {
                var instance = create();
                _ = instance.Server;
                return instance;
            }
            finally
            {
                Console.SetOut(original);
            }
        }

        public override string ToString()
        {
            lock (writer) return text.ToString();
        }
    }

    /// <summary>The console logger writes on a thread of its own: wait for the line.</summary>
    private static async Task<JsonObject> WaitForLineAsync(CapturedOutput output, Func<JsonObject, bool> match) =>
        (await Eventually.ReadAsync(
            () => Task.FromResult(output.ToString().Split('\n').Where(l => l.StartsWith('{')).Select(Parse).OfType<JsonObject>().FirstOrDefault(match)),
            line => line is not null, "a matching log line"))!;

    private static JsonNode? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
