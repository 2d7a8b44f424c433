using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Operations;

/// <summary>With OTEL_EXPORTER_OTLP_ENDPOINT set, spans of the HTTP request and of its SQL commands reach an
/// OTLP receiver; without it, no tracer is set up at all (spans would cost every request for nothing).</summary>
public sealed class TracingTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task WithAnOtlpEndpointTheRequestAndItsSqlAreExportedAsSpans()
    {
        await using var collector = await OtlpCollector.StartAsync();
        await using var traced = factory.WithWebHostBuilder(builder => builder
            .UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Endpoint)
            .UseSetting("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .UseSetting("OTEL_BSP_SCHEDULE_DELAY", "100"));
        var api = new RehabClient(traced.CreateCheckedClient());

        await api.CreatePatientAsync($"MRN-SPAN-{Guid.NewGuid():N}");

        // The protobuf payload carries span names and attribute values as plain UTF-8 strings. The exporter sends
        // from a thread of its own, in batches.
        var exported = await Eventually.ReadAsync(() => Task.FromResult(collector.Received()),
            text => text.Contains("/api/v1/patients") && text.Contains("postgresql"), "the spans to be exported");
        Assert.Contains("POST /api/v1/patients", exported);   // the ASP.NET Core server span
        Assert.Contains("postgresql", exported);               // Npgsql's spans (db.system)
        Assert.DoesNotContain("MRN-SPAN-", exported);          // no patient data: statements, not values
    }

    [Fact]
    public void WithoutAnEndpointNoTracerIsSetUp() =>
        Assert.Null(factory.Services.GetService<TracerProvider>());

    /// <summary>A real HTTP server standing in for an OpenTelemetry collector: keeps every body POSTed to /v1/traces.</summary>
    internal sealed class OtlpCollector : IAsyncDisposable
    {
        private readonly ConcurrentQueue<byte[]> bodies = new();
        private WebApplication app = null!;

        public string Endpoint => app.BaseUrl();

        public string Received() => string.Concat(bodies.Select(b => Encoding.UTF8.GetString(b)));

        public static async Task<OtlpCollector> StartAsync()
        {
            var collector = new OtlpCollector();
            collector.app = await LocalHttpServer.StartAsync(app => app.MapPost("/v1/traces", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                collector.bodies.Enqueue(body.ToArray());
                return Results.Ok();
            }));
            return collector;
        }

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
