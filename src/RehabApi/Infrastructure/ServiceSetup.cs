using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RehabApi.Data;
using RehabApi.Episodes;
using RehabApi.Events;
using RehabApi.Idempotency;
using RehabApi.OpenApi;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Infrastructure;

internal static class ServiceSetup
{
    public static void AddRehabData(this WebApplicationBuilder builder)
    {
        var connectionString = RehabConnectionString(builder.Configuration);
        // Pooled: a request rents a ready context instead of building one (bench/NOTES.md has the figures).
        builder.Services.AddPooledDbContextFactory<RehabDbContext>(options => options
            .UseNpgsql(connectionString, npgsql => npgsql.ExecutionStrategy(dependencies => new ReadRetryingExecutionStrategy(dependencies)))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new FeedWriters()));
        builder.Services.AddScoped(RehabDbContextLease.Rent);
        builder.Services.AddScoped<ProtocolStore>();
        builder.Services.AddScoped<EpisodeWrites>();
        builder.Services.AddSingleton<PublishedProtocolCache>();
        builder.Services.AddSingleton<Events.EventCursorKeys>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<Observability.RehabMetrics>();
        builder.Services.AddHealthChecks().AddDbContextCheck<RehabDbContext>("database", tags: ["ready"]);
    }

    /// <summary>The configured database, with the safe defaults below: what EF's pool and any dedicated
    /// connection (ApiKeyRevocationListener) use.</summary>
    internal static string RehabConnectionString(IConfiguration configuration) =>
        WithSafeDefaults(configuration.GetConnectionString("Rehab")
            ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Rehab."));

    /// <summary>PostgreSQL's error details quote row values (a patient's reference in a unique violation), and
    /// exceptions get logged: never ask for them, whatever the configured connection string says. An
    /// unreachable database should answer 503 within seconds, not hold requests for Npgsql's default
    /// 15 s connect and 30 s command timeouts: where the connection string leaves those at Npgsql's defaults,
    /// they become 3 s and 10 s. Automatic preparation is on unless the connection string says otherwise. A
    /// transaction left idle (a request stuck between two statements) is ended by PostgreSQL after
    /// <see cref="IdleInTransactionTimeout"/>, unless Options sets idle_in_transaction_session_timeout: it holds
    /// its clinic's change feed back for no longer (FeedQuery).</summary>
    internal static string WithSafeDefaults(string configured)
    {
        var npgsqlDefaults = new NpgsqlConnectionStringBuilder();
        var safe = new NpgsqlConnectionStringBuilder(configured) { IncludeErrorDetail = false };
        if (safe.Timeout == npgsqlDefaults.Timeout) safe.Timeout = 3;
        if (safe.CommandTimeout == npgsqlDefaults.CommandTimeout) safe.CommandTimeout = 10;
        // Statements used a few times are prepared on each connection, which spares PostgreSQL parsing and
        // planning the same few dozen queries over and over (bench/NOTES.md).
        if (safe.MaxAutoPrepare == npgsqlDefaults.MaxAutoPrepare) safe.MaxAutoPrepare = 64;
        // A connection back in the pool keeps its session as it is: the service leaves no session state behind
        // (transaction-scoped locks, no SET, no temporary tables; the LISTEN connection is not pooled), so the reset
        // Npgsql would otherwise send with the next statement on every rented connection is PostgreSQL work for
        // nothing (bench/NOTES.md). The connection string may still ask for it.
        if (!Sets(configured, "NoResetOnClose")) safe.NoResetOnClose = true;
        // Sent when the session starts, so it costs no round trip (behind PgBouncer, set it on the role instead).
        if (safe.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
            safe.Options = $"{safe.Options} -c idle_in_transaction_session_timeout={IdleInTransactionTimeout}".TrimStart();
        return safe.ConnectionString;
    }

    /// <summary>Whether the connection string itself gives <paramref name="keyword"/> (in any spelling Npgsql accepts:
    /// "No Reset On Close" or "NoResetOnClose"). Npgsql's own builder reports every keyword it knows as present.</summary>
    private static bool Sets(string connectionString, string keyword) =>
        new DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>Longer than any pause of the service inside a transaction (statements are limited to the 10 s command
    /// timeout), short enough that a forgotten transaction does not hold a clinic's feed back for long.</summary>
    internal const string IdleInTransactionTimeout = "15s";

    public static void AddRehabHttp(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            // The contract rejects unknown fields rather than silently dropping them.
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // A body says one thing: a field twice is refused rather than the last one winning (also in another letter
            // case: the web defaults match names case-insensitively, so ExternalRef is externalRef), and a number is a number.
            json.AllowDuplicateProperties = false;
            json.NumberHandling = JsonNumberHandling.Strict;
            // Every property is written, null included: a field is always present, as the OpenAPI document says
            // (clients generated from it tell null from absent).
            json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.Converters.Add(new StrictDateTimeOffsetConverter());
            // No nulls where the contract has none, no control characters in any text.
            json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(JsonBodyGuard.Modify);
        });
        // Malformed bodies and query values raise BadHttpRequestException, which becomes a problem+json 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            // Every problem has a type and says what went wrong in words (API.md), also those the framework writes itself.
            context.ProblemDetails.Type ??= Problems.DefaultType(context.ProblemDetails.Status);
            context.ProblemDetails.Detail ??= Problems.DefaultDetail(context.ProblemDetails.Status, context.HttpContext.Request.Method);
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddRehabOpenApi();
    }

    public static void MapOperations(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "RehabApi v1");
            options.RoutePrefix = "swagger";
            options.EnablePersistAuthorization();   // a pasted API key survives a page reload
        });
    }
}
