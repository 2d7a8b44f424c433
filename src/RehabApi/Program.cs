using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RehabApi.BoneHealth;
using RehabApi.ClinicianConsole;
using RehabApi.Episodes;
using RehabApi.Events;
using RehabApi.Evidence;
using RehabApi.Fhir;
using RehabApi.History;
using RehabApi.Idempotency;
using RehabApi.Infrastructure;
using RehabApi.Observability;
using RehabApi.Operations;
using RehabApi.Patients;
using RehabApi.Plans;
using RehabApi.Protocols;
using RehabApi.Retention;
using RehabApi.ReturnToRun;
using RehabApi.Security;
using RehabApi.Symptoms;
using RehabApi.Transitions;
using RehabApi.Webhooks;

// `RehabApi migrate | clinics ... | keys ...` run one operator command and exit; anything else serves the API.
var operatorCommand = OperatorCommands.IsCommand(args);
// The content root is where the binary is, not the working directory, so appsettings.json (log levels,
// defaults) is read however the service is started (`dotnet /app/RehabApi.dll` from anywhere).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = operatorCommand ? [] : args,
    ContentRootPath = AppContext.BaseDirectory,
});

// Configure data: PostgreSQL through EF Core, the protocol store, the clock
builder.AddRehabData();

// Configure HTTP: strict JSON, problem+json errors, OpenAPI
builder.AddRehabHttp();

// Configure security: API keys, roles per endpoint, clinic scoping, rate and body size limits
builder.AddRehabSecurity();

// Configure the clinicians' console at /console: sign-in with the clinician's key, caseload, episode pages
builder.AddConsole();

// Configure retries: Idempotency-Key on every creating POST
builder.AddRehabIdempotency();

// Configure integration: signed webhooks delivered from the outbox
builder.AddRehabWebhooks();

// Configure retention: old feed events and finished webhook deliveries are deleted in small batches
builder.AddRehabRetention();

// Configure observability: OpenTelemetry traces and metrics, /metrics, JSON logs with trace ids
// (Logging:Json=false gives the plain console format, e.g. for local development)
if (!operatorCommand) builder.AddRehabObservability(jsonLogs: builder.Configuration.GetValue("Logging:Json", true));

if (operatorCommand)
{
    // EF logs its probe for a missing history table as an error on a fresh database; the commands report themselves.
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
    // Logs go to stderr, so that stdout carries only the command's output (a new key on its last line).
    builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
}

// Build-time document generation (Microsoft.Extensions.ApiDescription.Server; the generated-client test asks for it)
// runs this entry point only to read the OpenAPI document: no background work, and so no database connection.
if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
    builder.Services.RemoveAll<IHostedService>();

var app = builder.Build();

if (operatorCommand)
    return await OperatorCommands.RunAsync(app.Services, args, Console.Out, Console.Error);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestGuard();
app.UseRehabSecurity();
app.UseRehabIdempotency();

app.MapOperations();
app.MapMetrics();

var api = app.MapGroup("/api/v1").RequireApiKey().AcceptIdempotencyKeysOnPosts();
api.MapPatients();
api.MapEpisodes();
api.MapEvidence();
api.MapTransitions();
api.MapHistory();
api.MapSymptoms();
api.MapWalkRun();
api.MapBoneHealth();
api.MapPlans();
api.MapTimeline();
api.MapEvents();
api.MapWebhooks();
api.MapProtocols();
api.MapFhir();

app.MapConsole();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
