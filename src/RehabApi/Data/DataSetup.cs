using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RehabApi.Events;
using RehabApi.Infrastructure;
using RehabApi.Observability;

namespace RehabApi.Data;

internal static class DataSetup
{
    /// <summary>PostgreSQL through EF Core (a pooled context per request, bound to its caller), the service's clock,
    /// and the readiness check.</summary>
    public static void AddRehabData(this WebApplicationBuilder builder)
    {
        // One pool of connections for EF Core and for the read that needs no context (EpisodeLoading.FindEpisodeAsync).
        builder.Services.AddSingleton(services => NpgsqlDataSource.Create(RehabConnectionString(services.GetRequiredService<IConfiguration>())));
        // Pooled: a request rents a ready context instead of building one (bench/NOTES.md has the figures).
        // The interceptors do the side work of a save: the feed writer lock, change events, transition metrics;
        // RowLocks makes the write path's row lock a compiled query.
        builder.Services.AddPooledDbContextFactory<RehabDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(),
                npgsql => npgsql.ExecutionStrategy(dependencies => new ReadRetryingExecutionStrategy(dependencies)))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new FeedWriters(), new RowLocks(), new ChangeEventWriter(), new TransitionMetrics(services.GetRequiredService<RehabMetrics>())));
        builder.Services.AddScoped(RehabDbContextLease.Rent);
        builder.Services.AddSingleton<TimeProvider>(new ServiceTime(TimeProvider.System));
        builder.Services.AddSingleton<RehabMetrics>();
        builder.Services.AddHealthChecks().AddDbContextCheck<RehabDbContext>("database", tags: ["ready"]);
    }

    /// <summary>Liveness (the process answers) and readiness (the database answers too), open to anyone.</summary>
    public static void MapRehabHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
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
        // Several hosts (a primary and its standbys): after a failover, look at a host again after a second rather
        // than trusting for 10 s that it was down or a standby, so the promoted standby is found at once.
        if (safe.Host?.Contains(',') == true && safe.HostRecheckSeconds == npgsqlDefaults.HostRecheckSeconds) safe.HostRecheckSeconds = 1;
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
}
