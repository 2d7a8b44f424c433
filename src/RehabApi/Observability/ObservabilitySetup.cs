using System.Diagnostics;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RehabApi.Observability;

internal static class ObservabilitySetup
{
    /// <summary>OpenTelemetry traces and metrics for ASP.NET Core, HttpClient (webhooks) and Npgsql, the business
    /// metrics, a Prometheus scrape endpoint, and JSON logs that carry the trace id. Traces are recorded and
    /// exported over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.</summary>
    public static void AddRehabObservability(this WebApplicationBuilder builder)
    {
        // Logging:Json=false gives the plain console format, e.g. for local development.
        var jsonLogs = builder.Configuration.GetValue("Logging:Json", true);
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("RehabApi"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql")
                .AddMeter(RehabMetrics.MeterName)
                .AddPrometheusExporter());
        // Spans are recorded only when they go somewhere: without an exporter they would cost every request
        // work for nothing (bench/NOTES.md). Trace ids exist either way: ASP.NET Core starts an activity for
        // each request while logging is on, and the logs and problem+json bodies carry its id.
        if (!string.IsNullOrEmpty(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            otel.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !http.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddProcessor(new Webhooks.WebhookUrls.RedactingProcessor())
                .AddOtlpExporter());
        }

        // Every log line in a request carries its trace and span ids (as a scope), to find it next to its trace.
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (jsonLogs)
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
    }

    /// <summary>GET /metrics in the Prometheus text format, open like the health checks (no patient data in it).</summary>
    public static void MapMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
