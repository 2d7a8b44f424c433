using RehabApi.BoneHealth;
using RehabApi.Data;
using RehabApi.ClinicianConsole;
using RehabApi.Episodes;
using RehabApi.Events;
using RehabApi.Evidence;
using RehabApi.Fhir;
using RehabApi.History;
using RehabApi.Idempotency;
using RehabApi.Infrastructure;
using RehabApi.Observability;
using RehabApi.OpenApi;
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
var builder = OperatorMode.CreateBuilder(args);

// Configure data: PostgreSQL through EF Core, the clock
builder.AddRehabData();

// Configure HTTP: strict JSON, problem+json errors
builder.AddRehabHttp();

// Configure the API description: the OpenAPI document (the contract clients are generated from) and Swagger UI
builder.AddRehabOpenApi();

// Configure security: API keys, roles per endpoint, clinic scoping, rate and body size limits
builder.AddRehabSecurity();

// Configure the clinicians' console at /console: sign-in with the clinician's key, caseload, episode pages
builder.AddConsole();

// Configure retries: Idempotency-Key on every creating POST
builder.AddRehabIdempotency();

// Configure the domain's services: protocols, the episode write path, the change feed
builder.AddRehabProtocols();
builder.AddRehabEpisodes();
builder.AddRehabEvents();

// Configure integration: signed webhooks delivered from the outbox
builder.AddRehabWebhooks();

// Configure retention: old feed events and finished webhook deliveries are deleted in small batches
builder.AddRehabRetention();

// Configure observability: OpenTelemetry traces and metrics, /metrics, JSON logs with trace ids
builder.AddRehabObservability();

var app = builder.BuildFor(args);

if (OperatorCommands.IsCommand(args))
    return await OperatorCommands.RunAsync(app.Services, args, Console.Out, Console.Error);

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestGuard();
app.UseRehabSecurity();
app.UseRehabIdempotency();

app.MapRehabHealthChecks();
app.MapRehabOpenApi();
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
