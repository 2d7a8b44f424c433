using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RehabApi.Data;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Infrastructure;

internal static class ServiceSetup
{
    public static void AddRehabData(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Rehab")
            ?? throw new InvalidOperationException("Set the connection string ConnectionStrings__Rehab.");
        // PostgreSQL's error details quote row values (a patient's reference in a unique violation), and
        // exceptions get logged: never ask for them, whatever the configured connection string says.
        var connectionString = new NpgsqlConnectionStringBuilder(configured) { IncludeErrorDetail = false }.ConnectionString;
        builder.Services.AddDbContext<RehabDbContext>(options => options
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention());
        builder.Services.AddSingleton<ProtocolStore>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddDbContextCheck<RehabDbContext>("database", tags: ["ready"]);
    }

    public static void AddRehabHttp(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            // The contract rejects unknown fields rather than silently dropping them.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        // Malformed bodies and query values raise BadHttpRequestException, which becomes a problem+json 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier);
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddOpenApi(options => options.AddApiKeyDescription());
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
