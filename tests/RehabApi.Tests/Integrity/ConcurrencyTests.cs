using System.Net;
using System.Net.Http.Json;
using Npgsql;
using RehabApi.History;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>Two therapists clicking at once, or an imaging result arriving while someone advances: the
/// episode's row lock puts every change to one episode in a line, so each is judged on what came before it.</summary>
public sealed class ConcurrencyTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());

    [Fact]
    public async Task ThirtyTwoConcurrentAdvancesOfOneReadyEpisodeApplyExactlyOnce()
    {
        var episode = await ReadyToAdvanceAsync();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
            (await api.TransitionAsync(episode.Id, "advance", RehabClient.Physician)).StatusCode));

        Assert.Single(statuses, HttpStatusCode.OK);
        // The other 31 were judged after the first, against the next gate, which is not met.
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Single((await api.GetHistoryAsync(episode.Id)).Items, i => i.Action == "advance");
        var after = await api.GetEpisodeAsync(episode.Id);
        Assert.Equal(("imaging-confirmation", 2), (after.Phase, after.Version));
    }

    [Fact]
    public async Task ThirtyTwoConcurrentAdvancesWithOneETagGiveOneSuccessAnd31PreconditionFailures()
    {
        var episode = await ReadyToAdvanceAsync();
        var etag = (await api.Http.GetAsync($"/api/v1/episodes/{episode.Id}")).Headers.ETag!.ToString();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 32).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{episode.Id}/transitions")
            {
                Content = JsonContent.Create(new { action = "advance", onBehalfOf = RehabClient.Physician }),
            };
            request.Headers.TryAddWithoutValidation("If-Match", etag);
            return (await api.Http.SendAsync(request)).StatusCode;
        }));

        Assert.Single(statuses, HttpStatusCode.OK);
        Assert.Equal(31, statuses.Count(s => s == HttpStatusCode.PreconditionFailed));
        Assert.Single((await api.GetHistoryAsync(episode.Id)).Items, i => i.Action == "advance");
    }

    /// <summary>A displacement on imaging puts the episode on hold. Racing an advance, either the advance
    /// came first (and the hold applies to the new phase) or the hold did (and the advance is refused);
    /// never an advance applied over a hold it did not see, nor a hold lost under an advance.</summary>
    [Fact]
    public async Task AnAdvanceRacingADisplacementFindingNeverOverridesTheHold()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            var episode = await ReadyToAdvanceAsync();
            var imaging = api.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/imaging",
                new { modality = "mri", performedOn = Dates.Today, finding = "displacement", onBehalfOf = RehabClient.Physician });
            var advance = api.TransitionAsync(episode.Id, "advance", RehabClient.Physician);
            return (episode.Id, Imaging: (await imaging).StatusCode, Advance: (await advance).StatusCode);
        }));

        foreach (var (id, imaging, advance) in outcomes)
        {
            Assert.Equal(HttpStatusCode.Created, imaging);
            Assert.Contains(advance, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            var episode = await api.GetEpisodeAsync(id);
            // Version 2: a displacement refers the patient to a surgeon.
            Assert.Equal(("on-hold", "surgical-referral"), (episode.Status, episode.Hold?.Reason));
            var transitions = Transitions(await api.GetHistoryAsync(id));
            var hold = Assert.Single(transitions, t => t.Action == "hold");
            if (advance == HttpStatusCode.OK)
                Assert.Equal(("imaging-confirmation", "active"), (hold.FromPhase, hold.FromStatus));
            else
                Assert.Equal(("non-weight-bearing", "active"), (hold.FromPhase, hold.FromStatus));
            Assert.Equal(advance == HttpStatusCode.OK ? 3 : 2, transitions.Count);
            Assert.Equal(transitions.Count, episode.Version);
        }
    }

    /// <summary>The gate out of partial weight-bearing needs the latest pain score to be 0. A pain score of 3
    /// racing the advance is either judged by it (advance refused) or recorded after it, in the new phase;
    /// never an advance that passed while a pain score of the old phase said otherwise.</summary>
    [Fact]
    public async Task AnAdvanceRacingAPainReportIsJudgedOnIt()
    {
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            var episode = await new JourneySteps(api).NewEpisodeAsync();
            await new JourneySteps(api).ReachAsync(episode.Id, "partial-weight-bearing");
            await api.ObserveAsync(episode.Id, "fracture-site-pain", 0, JourneySteps.Day(2, 4));
            await api.SignAsync(episode.Id, "full-weight-bearing-approved", RehabClient.Physician, JourneySteps.Day(2, 4));
            var pain = api.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/observations",
                new { code = "fracture-site-pain", value = 3, onBehalfOf = RehabClient.Therapist });
            var advance = api.TransitionAsync(episode.Id, "advance", RehabClient.Physician);
            return (episode.Id, Pain: (await pain).StatusCode, Advance: (await advance).StatusCode);
        }));

        foreach (var (id, pain, advance) in outcomes)
        {
            Assert.Equal(HttpStatusCode.Created, pain);
            Assert.Contains(advance, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            var history = await api.GetHistoryAsync(id);
            var painReport = Assert.Single(history.Items, i => i is { Kind: "observation", Value: 3m });
            Assert.Equal(advance == HttpStatusCode.OK ? "full-weight-bearing" : "partial-weight-bearing", painReport.Phase);
            Assert.Equal(advance == HttpStatusCode.OK ? "full-weight-bearing" : "partial-weight-bearing", (await api.GetEpisodeAsync(id)).Phase);
        }
    }

    /// <summary>The write path locks the episode's row itself (FOR UPDATE), before it reads the gate's evidence. Another
    /// transaction holding a FOR NO KEY UPDATE lock on the row (which conflicts only with FOR UPDATE, not with the
    /// key-share lock a foreign key check takes) makes a write wait until it commits.</summary>
    [Fact]
    public async Task AWriteWaitsForTheEpisodesRowLockBeforeReadingAnything()
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await using var holder = new NpgsqlConnection(factory.ConnectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT id FROM episodes WHERE id = $1 FOR NO KEY UPDATE", holder, transaction))
        {
            lockRow.Parameters.AddWithValue(episode.Id);
            await lockRow.ExecuteScalarAsync();
        }

        var observation = api.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/observations",
            new { code = "fracture-site-pain", value = 0, onBehalfOf = RehabClient.Therapist });
        Assert.True(await SomeoneWaitsForAsync(holder), "the write did not wait for the episode's row lock");
        Assert.False(observation.IsCompleted);

        await transaction.CommitAsync();
        Assert.Equal(HttpStatusCode.Created, (await observation).StatusCode);
    }

    /// <summary>Whether a backend comes to wait for a lock <paramref name="holder"/>'s session holds, within 10 s.</summary>
    private async Task<bool> SomeoneWaitsForAsync(NpgsqlConnection holder)
    {
        await using var watcher = new NpgsqlConnection(factory.ConnectionString);
        await watcher.OpenAsync();
        await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))", watcher);
        waiting.Parameters.AddWithValue(holder.ProcessID);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if ((long)(await waiting.ExecuteScalarAsync())! > 0) return true;
            await Task.Delay(100);
        }
        return false;
    }

    /// <summary>A low-risk fracture 61 days off the leg, with no pain at rest confirmed: the gate is met.</summary>
    private async Task<RehabApi.Episodes.EpisodeResponse> ReadyToAdvanceAsync()
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await api.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        return episode;
    }

    private static List<EpisodeRecordResponse> Transitions(EpisodeHistory history) =>
        history.Items.Where(i => i.Kind == "transition").ToList();
}
