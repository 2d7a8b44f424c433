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
                .DropPerRequestDetail()
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

    /// <summary>Instruments recorded on every request that say nothing the kept ones do not, and cost it CPU: about
    /// twenty measurements a read took 2 to 3% of its service CPU (bench/NOTES.md, seventh and ninth sessions). Kept:
    /// each request's duration and status by route (http.server.request.duration, which counts the 401s, 403s and 429s
    /// too), requests in flight, each statement's duration (db.client.operation.duration), the connection pool, the
    /// runtime and the business metrics. Dropped: the memory pool's block counts, route matching (a 404 is in the request
    /// duration), authentication's own duration, the authorization and rate-limit counters (a count of every request
    /// again, refusals being a status of the request duration), rate-limit lease bookkeeping, and Npgsql's bytes and
    /// statements in flight.</summary>
    private static MeterProviderBuilder DropPerRequestDetail(this MeterProviderBuilder metrics)
    {
        string[] dropped =
        [
            "aspnetcore.memory_pool.*", "aspnetcore.routing.match_attempts", "aspnetcore.authentication.authenticate.duration",
            "aspnetcore.authorization.attempts", "aspnetcore.rate_limiting.requests",
            "aspnetcore.rate_limiting.request_lease.duration", "aspnetcore.rate_limiting.active_request_leases",
            "db.client.operation.npgsql.bytes_read", "db.client.operation.npgsql.bytes_written", "db.client.operation.npgsql.executing",
        ];
        foreach (var instrument in dropped) metrics.AddView(instrument, MetricStreamConfiguration.Drop);
        return metrics;
    }

    /// <summary>GET /metrics in the Prometheus text format, open like the health checks (no patient data in it).</summary>
    public static void MapMetrics(this WebApplication app) => app.MapPrometheusScrapingEndpoint("/metrics");
}
