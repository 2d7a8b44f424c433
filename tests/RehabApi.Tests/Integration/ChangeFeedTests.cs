using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Data;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integration;

/// <summary>The change feed under concurrent writers: read while they write and read to the end twice after,
/// it is the same gap-free sequence, every event once. A page says when a write of the clinic still in progress
/// holds events back, so a reader reads on until the feed says it has caught up; nothing else running in the
/// cluster holds a clinic's feed back.</summary>
public sealed class ChangeFeedTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const int Writers = 8, ObservationsEach = 12;

    [Fact]
    public async Task TheFeedReadDuringAndAfterConcurrentWritesIsTheSameSequenceWithNoGapOrRepeat()
    {
        var clinic = await factory.CreateClinicAsync("feed");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episodes = new List<Guid>();
        for (var i = 0; i < Writers; i++) episodes.Add((await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1))).Id);

        var writing = true;
        // Every write is acknowledged before writing turns false, so a page read after that which has caught up is
        // the end; an empty page alone is not (a write may still hold events back). The reader has a key of its own:
        // the rate limit counts per key.
        var feedReader = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "Feed reader")));
        var reader = Task.Run(() => ReadUntilCaughtUpAsync(feedReader, limit: 5, stillWriting: () => Volatile.Read(ref writing)));
        await Task.WhenAll(episodes.Select(episode => Task.Run(async () =>
        {
            for (var n = 0; n < ObservationsEach; n++) await system.ObserveAsync(episode, "fracture-site-pain", n % 3);
        })));
        Volatile.Write(ref writing, false);
        var seenWhileWriting = (await reader).Ids;

        var first = await ReadToTheEndAsync(system);
        var second = await ReadToTheEndAsync(system);
        // Each episode: episode.created and plan.changed; each observation: observation.recorded.
        Assert.Equal(Writers * 2 + Writers * ObservationsEach, first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Equal(first, second);
        Assert.Equal(first, seenWhileWriting);
    }

    [Fact]
    public async Task AWriteOfTheClinicStillInProgressHoldsLaterEventsBackAndThePageSaysSoUntilItEnds()
    {
        var clinic = await factory.CreateClinicAsync("feed-held");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var cursor = (await ReadUntilCaughtUpAsync(system)).Cursor;

        await using (await WriteInProgress.BeginAsync(factory, clinic))
        {
            // Committed after the write in progress began: that one may yet add events before it.
            await system.ObserveAsync(episode.Id, "fracture-site-pain", 1);

            var held = await PageAsync(system, cursor, 10);

            Assert.Empty(held.Ids);
            Assert.Equal((cursor, false, true), (held.Next, held.CaughtUp, held.HeldBack));
        }

        var after = await PageAsync(system, cursor, 10);
        Assert.Equal((1, true, false), (after.Ids.Count, after.CaughtUp, after.HeldBack));
    }

    [Fact]
    public async Task NeitherAnotherClinicsWriteNorAnOpenTransactionElsewhereInTheClusterHoldsTheFeedBack()
    {
        var clinic = await factory.CreateClinicAsync("feed-free");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        await using var otherClinicsWrite = await WriteInProgress.BeginAsync(factory, await factory.CreateClinicAsync("feed-busy"));
        // A report, a dump or a forgotten session, with a transaction id: older than every event below.
        await using var elsewhere = new NpgsqlConnection(factory.ConnectionString);
        await elsewhere.OpenAsync();
        await using var open = await elsewhere.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT pg_current_xact_id()", elsewhere, open).ExecuteScalarAsync();

        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // episode.created, plan.changed
        var page = await PageAsync(system, null, 10);

        Assert.Equal((2, true, false), (page.Ids.Count, page.CaughtUp, page.HeldBack));
    }

    [Fact]
    public async Task APageCutShortByTheLimitIsNotCaughtUpAndTheLastPageIs()
    {
        var clinic = await factory.CreateClinicAsync("feed-pages");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // episode.created, plan.changed
        await system.ObserveAsync(episode.Id, "fracture-site-pain", 1);                // observation.recorded

        var first = await PageAsync(system, null, 2);
        var last = await PageAsync(system, first.Next, 2);

        Assert.Equal((2, false, false), (first.Ids.Count, first.CaughtUp, first.HeldBack));
        Assert.Equal((1, true, false), (last.Ids.Count, last.CaughtUp, last.HeldBack));
    }

    [Fact]
    public async Task EachClinicReadsOnlyItsOwnEventsWithTheirTypesAndPayloads()
    {
        var mine = await factory.CreateClinicAsync("feed-mine");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(mine, "clinic-system", "EHR")));
        var other = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(await factory.CreateClinicAsync("feed-other"), "clinic-admin", "Admin")));
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await system.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        await system.AdvanceAsync(episode.Id);

        var events = (await system.Http.GetFromJsonAsync<JsonObject>("/api/v1/events"))!["items"]!.AsArray();

        Assert.Equal(["episode.created", "plan.changed", "clearance.recorded", "episode.advanced", "plan.changed"],
            events.Select(e => (string)e!["type"]!));
        Assert.All(events, e => Assert.Equal(episode.Id.ToString(), (string)e!["episodeId"]!));
        Assert.Equal("imaging-confirmation", (string)events[3]!["payload"]!["toPhase"]!);
        Assert.Empty((await other.Http.GetFromJsonAsync<JsonObject>("/api/v1/events"))!["items"]!.AsArray());
        await RehabClient.ProblemAsync(await system.Http.GetAsync("/api/v1/events?after=garbage"), HttpStatusCode.BadRequest);
    }

    private static async Task<List<string>> ReadToTheEndAsync(RehabClient client) => (await ReadUntilCaughtUpAsync(client)).Ids;

    /// <summary>Reads the feed from its start until a page read after <paramref name="stillWriting"/> turned false says
    /// it has caught up: on at once after a full page, after a short pause otherwise (as the README tells clients).</summary>
    private static async Task<(List<string> Ids, string Cursor)> ReadUntilCaughtUpAsync(RehabClient client, int limit = 7, Func<bool>? stillWriting = null)
    {
        var ids = new List<string>();
        string? cursor = null;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var writing = stillWriting?.Invoke() ?? false;
            var page = await PageAsync(client, cursor, limit);
            ids.AddRange(page.Ids);
            cursor = page.Next;
            if (!writing && page.CaughtUp) return (ids, cursor);
            Assert.True(clock.Elapsed < Eventually.Patience, $"the feed did not catch up within {Eventually.Patience}");
            // A pause before asking again for what is not there yet, well within the rate limit (1200 a minute).
            if (page.Ids.Count < limit) await Task.Delay(100);
        }
    }

    private static async Task<Page> PageAsync(RehabClient client, string? after, int limit)
    {
        var page = await RehabClient.ReadAsync<JsonObject>(
            await client.Http.GetAsync($"/api/v1/events?limit={limit}" + (after is null ? "" : $"&after={after}")), HttpStatusCode.OK);
        return new Page(page["items"]!.AsArray().Select(e => (string)e!["id"]!).ToList(), (string)page["nextCursor"]!,
            (bool)page["caughtUp"]!, (bool)page["heldBack"]!);
    }

    private sealed record Page(List<string> Ids, string Next, bool CaughtUp, bool HeldBack);

    /// <summary>A write of a clinic that has begun, has its transaction id and has not committed: the service's own
    /// context, bound to the clinic as a request's is, in a transaction. Rolled back when disposed.</summary>
    private sealed class WriteInProgress(AsyncServiceScope scope, IDbContextTransaction transaction) : IAsyncDisposable
    {
        public static async Task<WriteInProgress> BeginAsync(RehabApiFactory factory, string clinicSlug)
        {
            var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            var clinicId = await db.Clinics.Where(c => c.Slug == clinicSlug).Select(c => c.Id).SingleAsync();
            scope.ServiceProvider.GetRequiredService<CurrentCaller>().ActForClinic(clinicId);
            var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlAsync($"SELECT pg_current_xact_id()");
            return new WriteInProgress(scope, transaction);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await scope.DisposeAsync();
        }
    }
}
