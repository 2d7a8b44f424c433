using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integration;

/// <summary>The change feed under concurrent writers: read while they write and read to the end twice after,
/// it is the same gap-free sequence, every event once.</summary>
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
        var seenWhileWriting = new List<string>();
        var reader = Task.Run(async () =>
        {
            string? cursor = null;
            while (true)
            {
                var stillWriting = Volatile.Read(ref writing);
                var page = await PageAsync(system, cursor, 5);
                seenWhileWriting.AddRange(page.Ids);
                cursor = page.Next;
                if (!stillWriting && page.Ids.Count == 0) return;
            }
        });
        await Task.WhenAll(episodes.Select(episode => Task.Run(async () =>
        {
            for (var n = 0; n < ObservationsEach; n++) await system.ObserveAsync(episode, "fracture-site-pain", n % 3);
        })));
        Volatile.Write(ref writing, false);
        await reader;

        var first = await ReadToTheEndAsync(system);
        var second = await ReadToTheEndAsync(system);
        // Each episode: episode.created and plan.changed; each observation: observation.recorded.
        Assert.Equal(Writers * 2 + Writers * ObservationsEach, first.Count);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Equal(first, second);
        Assert.Equal(first, seenWhileWriting);
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

    private static async Task<List<string>> ReadToTheEndAsync(RehabClient client)
    {
        var ids = new List<string>();
        string? cursor = null;
        while (true)
        {
            var page = await PageAsync(client, cursor, 7);
            if (page.Ids.Count == 0) return ids;
            ids.AddRange(page.Ids);
            cursor = page.Next;
        }
    }

    private static async Task<(List<string> Ids, string Next)> PageAsync(RehabClient client, string? after, int limit)
    {
        var page = await RehabClient.ReadAsync<JsonObject>(
            await client.Http.GetAsync($"/api/v1/events?limit={limit}" + (after is null ? "" : $"&after={after}")), HttpStatusCode.OK);
        return (page["items"]!.AsArray().Select(e => (string)e!["id"]!).ToList(), (string)page["nextCursor"]!);
    }
}
