using System.Net;
using System.Net.Http.Json;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>ETag and If-Match: a client that read an episode can make a transition only if nobody moved
/// the episode since; otherwise 412 and nothing changes.</summary>
public sealed class ConditionalRequestTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());

    [Fact]
    public async Task AStaleIfMatchIs412AndChangesNothing()
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var read = await api.Http.GetAsync($"/api/v1/episodes/{episode.Id}");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        var first = await HoldAsync(episode.Id, etag, "clinical-review");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);

        // A second client still holding version 1 tries to resume: refused.
        var stale = await TransitionAsync(episode.Id, etag, new { action = "resume", onBehalfOf = RehabClient.Physician });
        var problem = await RehabClient.ProblemAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Contains("\"2\"", (string)problem["detail"]!);

        var now = await api.GetEpisodeAsync(episode.Id);
        Assert.Equal(("on-hold", 2), (now.Status, now.Version));
        Assert.Equal(2, (await api.GetHistoryAsync(episode.Id)).Items.Count);
    }

    [Fact]
    public async Task TheCurrentETagOrAStarOrNoIfMatchAtAllLetsTheTransitionThrough()
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        Assert.Equal(HttpStatusCode.OK, (await HoldAsync(episode.Id, "*", "other")).StatusCode);
        Assert.Equal(HttpStatusCode.OK,
            (await TransitionAsync(episode.Id, "\"2\"", new { action = "resume", onBehalfOf = RehabClient.Physician })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await HoldAsync(episode.Id, null, "other")).StatusCode);
        Assert.Equal(4, (await api.GetEpisodeAsync(episode.Id)).Version);
    }

    [Theory]
    [InlineData("\"3\", \"1\"")]
    [InlineData("\"1\",\"99\"")]
    [InlineData("W/\"7\", \"1\"")]
    public async Task AnIfMatchListPassesWhenAnyOfItsTagsIsCurrent(string ifMatch)
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));

        Assert.Equal(HttpStatusCode.OK, (await HoldAsync(episode.Id, ifMatch, "other")).StatusCode);
        await RehabClient.ProblemAsync(await HoldAsync(episode.Id, "\"3\", \"99\"", "other"), HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task AReplayedRequestAnswersAsItFirstDidEvenWhenItsIfMatchHasSinceGoneStale()
    {
        // The replay wins: a retry with the same Idempotency-Key is the request that was already applied, not a
        // new one, so it gets the first answer again (and writes nothing) rather than a 412 about its own effect.
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var key = Guid.NewGuid().ToString();

        var first = await TransitionAsync(episode.Id, "\"1\"", new { action = "hold", reason = "other", onBehalfOf = RehabClient.Physician }, key);
        var replay = await TransitionAsync(episode.Id, "\"1\"", new { action = "hold", reason = "other", onBehalfOf = RehabClient.Physician }, key);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, replay.StatusCode));
        Assert.True(replay.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(2, (await api.GetEpisodeAsync(episode.Id)).Version);
        // A new request with the stale tag is refused.
        await RehabClient.ProblemAsync(await TransitionAsync(episode.Id, "\"1\"",
            new { action = "resume", onBehalfOf = RehabClient.Physician }, Guid.NewGuid().ToString()), HttpStatusCode.PreconditionFailed);
    }

    private Task<HttpResponseMessage> HoldAsync(Guid id, string? ifMatch, string reason) =>
        TransitionAsync(id, ifMatch, new { action = "hold", reason, onBehalfOf = RehabClient.Physician });

    private Task<HttpResponseMessage> TransitionAsync(Guid id, string? ifMatch, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/episodes/{id}/transitions") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return api.Http.SendAsync(request);
    }
}
