using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RehabApi.Clinics;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Episodes;

/// <summary>A view of the gate may come from the instance's memory (GateEvidenceCache), but never shows a gate older than the
/// evidence: what another instance records, what a script inserts, and evidence dated a little ahead all show in the next
/// gate, as they do with no cache.</summary>
public sealed class GateEvidenceCacheTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());

    /// <summary>Eight weeks before the tests' now: the time out of non-weight-bearing is served; the clearance and pain decide.</summary>
    private static readonly DateOnly Diagnosed = Dates.Today.AddDays(-56);

    [Fact]
    public async Task PainThePatientReportsThroughAnotherInstanceClosesThisInstancesGateAtOnce()
    {
        var episode = await api.CreateEpisodeAsync(Diagnosed);
        await api.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist, factory.Clock.GetUtcNow().AddHours(-1));
        // Asked twice: the second answer is the cached one.
        Assert.True(await CanAdvanceAsync(api, episode.Id));
        Assert.True(await CanAdvanceAsync(api, episode.Id));

        await using var other = factory.WithWebHostBuilder(_ => { });
        var app = other.CreateCheckedClient(withClientOptions: false);
        app.DefaultRequestHeaders.Remove(ApiKeyAuthenticationHandler.HeaderName);
        app.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName,
            await factory.CreateKeyAsync(Clinic.DefaultSlug, Roles.PatientApp, "Patient app", episode.PatientId));
        var report = await app.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/symptoms",
            new { date = Dates.Today, painAtRest = 4, painWithActivity = 6, usingCrutches = true, exercisesDone = false });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        var gate = await api.GetGateAsync(episode.Id);
        Assert.False((bool)gate["canAdvance"]!);
        Assert.Contains(gate["requirements"]!.AsArray(), r => !(bool)r!["met"]!);
    }

    [Fact]
    public async Task EvidenceDatedAheadCountsFromItsMomentWithNoWriteAfterIt()
    {
        var episode = await api.CreateEpisodeAsync(Diagnosed);
        Assert.False(await CanAdvanceAsync(api, episode.Id));
        // A clinic system's clock a minute ahead of the service's: accepted (EffectiveTime.ClockSkew), effective in a minute.
        await api.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist, factory.Clock.GetUtcNow().AddMinutes(1));
        Assert.False(await CanAdvanceAsync(api, episode.Id));
        Assert.False(await CanAdvanceAsync(api, episode.Id));

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.True(await CanAdvanceAsync(api, episode.Id));
    }

    [Fact]
    public async Task EvidenceInsertedBehindTheServicesBackShowsInTheNextGate()
    {
        var episode = await api.CreateEpisodeAsync(Diagnosed);
        var signed = await api.PostClearanceAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist, factory.Clock.GetUtcNow().AddHours(-2));
        var clearance = (Guid)(await RehabClient.ReadAsync<JsonObject>(signed, HttpStatusCode.Created))["id"]!;
        var other = await api.CreateEpisodeAsync(Diagnosed);
        Assert.False(await CanAdvanceAsync(api, other.Id));
        Assert.False(await CanAdvanceAsync(api, other.Id));

        // The same clearance copied onto the other episode by SQL, as a migration script or a second writer might.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            var columns = await db.Database.SqlQuery<string>($"""
                SELECT column_name AS "Value" FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'clearances' AND column_name NOT IN ('id', 'episode_id')
                """).ToListAsync();
            var list = string.Join(", ", columns);
#pragma warning disable EF1002 // the column names come from the catalogue, not from input
            await db.Database.ExecuteSqlRawAsync(
                $"INSERT INTO clearances (id, episode_id, {list}) SELECT gen_random_uuid(), {{0}}, {list} FROM clearances WHERE id = {{1}}",
                other.Id, clearance);
#pragma warning restore EF1002
        }

        Assert.True(await CanAdvanceAsync(api, other.Id));
    }

    /// <summary>The cache trusts the episode's evidence_version to move with every piece of evidence: every table that holds
    /// an episode's dated records has the trigger that moves it, except transitions, which move the phase instead.</summary>
    [Fact]
    public async Task EveryTableOfAnEpisodesDatedRecordsCountsOnTheEpisode()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var dated = await db.Database.SqlQuery<string>($"""
            SELECT c.table_name AS "Value" FROM information_schema.columns c
            JOIN information_schema.columns e ON e.table_schema = c.table_schema AND e.table_name = c.table_name AND e.column_name = 'effective_at'
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.table_schema = current_schema() AND c.column_name = 'episode_id'
            """).ToListAsync();
        var counted = await db.Database.SqlQuery<string>($"""
            SELECT tgrelid::regclass::text AS "Value" FROM pg_trigger
            WHERE tgfoid = 'note_episode_evidence'::regproc AND tgenabled = 'O' AND NOT tgisinternal
            """).ToListAsync();

        Assert.Equal(dated.Where(t => t != "transitions").Order(), counted.Order());
        Assert.Equal(7, counted.Count);
    }

    private static async Task<bool> CanAdvanceAsync(RehabClient client, Guid episode) => (bool)(await client.GetGateAsync(episode))["canAdvance"]!;
}
