using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Patients;
using RehabApi.Protocols;
using RehabApi.Transitions;

var builder = WebApplication.CreateBuilder(args);

// Configure data: PostgreSQL through EF Core, the protocol store, the clock
builder.AddRehabData();

// Configure HTTP: strict JSON, problem+json errors, OpenAPI
builder.AddRehabHttp();

var isMigrate = args is ["migrate", ..];
if (isMigrate)
{
    // EF logs its probe for a missing history table as an error on a fresh database; the command reports itself.
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
}

var app = builder.Build();

if (isMigrate)
    return await MigrateCommand.RunAsync(app.Services);

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapOperations();

var api = app.MapGroup("/api/v1");
api.MapPatients();
api.MapEpisodes();
api.MapEvidence();
api.MapTransitions();
api.MapHistory();
api.MapProtocols();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
