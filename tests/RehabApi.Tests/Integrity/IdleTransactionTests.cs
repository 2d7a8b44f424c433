using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Data;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>A transaction of the service's left idle (a request stuck between two statements) is ended by PostgreSQL
/// after idle_in_transaction_session_timeout, which every connection of the service carries, so it cannot hold its
/// clinic's change feed back for longer than that.</summary>
public sealed class IdleTransactionTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task TheServicesConnectionsEndATransactionLeftIdleFor15Seconds()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();

        var bound = await db.Database.SqlQuery<string>($"SELECT current_setting('idle_in_transaction_session_timeout') AS \"Value\"").SingleAsync();

        Assert.Equal("15s", bound);
    }

    [Fact]
    public async Task AWriteLeftIdleInItsTransactionIsEndedAndHoldsItsClinicsFeedBackNoLonger()
    {
        // The same service with a bound of one second: a value the connection string sets is kept.
        await using var bounded = factory.WithWebHostBuilder(builder => builder.UseSetting("ConnectionStrings:Rehab",
            factory.ConnectionString + ";Options=-c idle_in_transaction_session_timeout=1s"));
        var clinic = await factory.CreateClinicAsync("idle");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        await using var scope = bounded.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        scope.ServiceProvider.GetRequiredService<CurrentCaller>().ActForClinic(
            await db.Clinics.Where(c => c.Slug == clinic).Select(c => c.Id).SingleAsync());
        await using var idle = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"SELECT pg_current_xact_id()");

        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // episode.created, plan.changed, behind the idle write

        // The test never ends the idle transaction: only PostgreSQL can let the feed catch up.
        var page = await Eventually.ReadAsync(async () => await RehabClient.ReadAsync<JsonObject>(
                await system.Http.GetAsync("/api/v1/events"), HttpStatusCode.OK),
            page => (bool)page["caughtUp"]!, "the idle transaction to be ended");
        Assert.Equal(2, page["items"]!.AsArray().Count);
        var ended = await Assert.ThrowsAnyAsync<NpgsqlException>(() => db.Database.ExecuteSqlAsync($"SELECT 1"));
        // 25P03: idle_in_transaction_session_timeout.
        Assert.Equal("25P03", (ended as PostgresException ?? ended.InnerException as PostgresException)?.SqlState);
    }
}
