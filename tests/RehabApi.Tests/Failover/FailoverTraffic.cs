using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using RehabApi.History;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Failover;

/// <summary>Clinic systems recording observations one after another, each on its own episode with its own key, and
/// every answer they get with the time it came. Each write carries an Idempotency-Key and is repeated with the same
/// key and body after a 503 (or a 409) until it is acknowledged, as the README tells clients to.</summary>
public sealed class FailoverTraffic
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<(TimeSpan Sent, TimeSpan At, int Status, bool Write)> answers = new();
    private readonly ConcurrentDictionary<Guid, Guid> acknowledged = new();   // observation → episode
    private readonly ConcurrentBag<Guid> episodes = [];
    private volatile bool stopped;
    private int unavailableAnswers;

    public TimeSpan Elapsed => clock.Elapsed;

    public IReadOnlyCollection<Guid> Acknowledged => (IReadOnlyCollection<Guid>)acknowledged.Keys;

    public IReadOnlyCollection<Guid> Episodes => episodes;

    public int UnavailableAnswers => unavailableAnswers;

    /// <summary>Any answer outside the contract for a request in a database outage: not 2xx, not a 503 with
    /// Retry-After, not 409 or 422.</summary>
    public ConcurrentBag<string> Unexpected { get; } = [];

    public List<Guid> AcknowledgedFor(Guid episode) => acknowledged.Where(a => a.Value == episode).Select(a => a.Key).ToList();

    public void Stop() => stopped = true;

    public async Task ObserveUntilStoppedAsync(RehabClient client, Guid episode)
    {
        episodes.Add(episode);
        for (var n = 0; !stopped; n++)
        {
            var key = Guid.NewGuid().ToString();
            var body = $$$"""{"code": "fracture-site-pain", "value": {{{n % 3}}}, "onBehalfOf": {"clinicianId": "pt-1", "name": "Sam Stride", "role": "therapist"}}""";
            while (true)
            {
                var response = await SendAsync(() => client.PostJsonAsync($"/episodes/{episode}/observations", body, key));
                if (response is null) return;
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged[(await RehabClient.ReadAsync<EpisodeRecordResponse>(response, HttpStatusCode.Created)).Id] = episode;
                    break;
                }
                if (response.StatusCode == HttpStatusCode.UnprocessableEntity) break;   // refused: nothing written, a new key
                await Task.Delay(100);   // a real client waits Retry-After; the test need not
            }
        }
    }

    /// <summary>Sends until an answer in the contract comes; null after an unexpected one (noted in <see cref="Unexpected"/>).</summary>
    public async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        HttpResponseMessage response;
        var sent = clock.Elapsed;
        try
        {
            response = await send();
        }
        catch (Exception e)
        {
            // No answer in time, or one outside the OpenAPI document (a 500: the checked client throws).
            Unexpected.Add($"{e.GetType().Name}: {e.Message}");
            return null;
        }
        var status = (int)response.StatusCode;
        answers.Enqueue((sent, clock.Elapsed, status, response.RequestMessage?.Method == HttpMethod.Post));
        if (status == 503 && response.Headers.RetryAfter?.Delta > TimeSpan.Zero)
        {
            Interlocked.Increment(ref unavailableAnswers);
            return response;
        }
        if (status is >= 200 and < 300 or 409 or 422) return response;
        Unexpected.Add($"{status}: {await response.Content.ReadAsStringAsync()}");
        return null;
    }

    /// <summary>How many answers of each status, such as "201×140 503×320".</summary>
    public string Statuses() => string.Join(' ', answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}"));

    /// <summary>From the first 503 to the first 2xx to a request sent after it (not one that was already on its way), on
    /// the clock of <see cref="Elapsed"/>: of any request, or of writes only (<paramref name="writes"/>).</summary>
    public (TimeSpan From, TimeSpan To) UnavailabilityWindow(bool writes = false)
    {
        var all = answers.Where(a => a.Write || !writes).ToArray();
        var from = all.Where(a => a.Status == 503).Select(a => a.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        var to = all.Where(a => a.Status is >= 200 and < 300 && a.Sent > from).Select(a => a.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
        Assert.True(to != TimeSpan.MaxValue, $"no 503 followed by a 2xx{(writes ? " to a write" : "")}");
        return (from, to);
    }

    public Task WaitForAcknowledgementsAsync(int count, TimeSpan? within = null) =>
        Eventually.UntilAsync(() =>
        {
            Assert.True(Unexpected.IsEmpty, string.Join("\n", Unexpected));
            return acknowledged.Count >= count;
        }, $"{count} acknowledged writes", within);
}

/// <summary>A client reading the change feed page by page, resuming from its cursor after a 503.</summary>
public sealed class FeedReader(RehabClient client, FailoverTraffic traffic)
{
    public sealed record Item(string Id, string Type, Guid EpisodeId);

    /// <summary>Reads from the start until a page read after <paramref name="stillWriting"/> turned false says the feed has
    /// caught up. Only then is it the end: until every write has been answered, one may still commit.</summary>
    public async Task<List<Item>> ReadUntilCaughtUpAsync(Func<bool> stillWriting)
    {
        const int limit = 20;
        var items = new List<Item>();
        string? cursor = null;
        while (true)
        {
            var writing = stillWriting();
            var response = await traffic.SendAsync(() => client.Http.GetAsync($"/api/v1/events?limit={limit}" + (cursor is null ? "" : $"&after={cursor}")));
            Assert.True(response is not null, string.Join("\n", traffic.Unexpected));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(100);
                continue;
            }
            var page = (await RehabClient.ReadAsync<JsonObject>(response, HttpStatusCode.OK));
            var read = page["items"]!.AsArray()
                .Select(e => new Item((string)e!["id"]!, (string)e["type"]!, Guid.Parse((string)e["episodeId"]!))).ToList();
            items.AddRange(read);
            cursor = (string)page["nextCursor"]!;
            if (!writing && (bool)page["caughtUp"]!) return items;
            if (read.Count < limit) await Task.Delay(100);
        }
    }

    public Task<List<Item>> ReadToTheEndAsync() => ReadUntilCaughtUpAsync(stillWriting: () => false);
}
