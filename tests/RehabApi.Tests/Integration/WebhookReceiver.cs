using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integration;

/// <summary>A real HTTP server on 127.0.0.1 that records every webhook delivery. It answers 500 the first time
/// it sees an event id (when told to) and 200 afterwards, like a receiver that was briefly down.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication app = null!;

    public sealed record Received(string EventId, string EventType, string? Signature, byte[] Body, int AnsweredWith);

    public ConcurrentQueue<Received> Requests { get; } = new();

    public bool FailFirstAttempt { get; init; }

    /// <summary>While set, every delivery is answered 503, like a receiver that is down: deliveries stay pending.</summary>
    public bool Refusing { get; set; }

    public string Path { get; init; } = "/hooks/rehab";

    public string Url => app.BaseUrl() + Path;

    /// <param name="path">Where it listens, such as a path carrying a token the way some receivers authenticate.</param>
    public static async Task<WebhookReceiver> StartAsync(bool failFirstAttempt, string path = "/hooks/rehab")
    {
        var receiver = new WebhookReceiver { FailFirstAttempt = failFirstAttempt, Path = path };
        receiver.app = await LocalHttpServer.StartAsync(app => app.MapPost(path, receiver.ReceiveAsync));
        return receiver;
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        var eventId = request.Headers["X-Rehab-Event-Id"].ToString();
        var seenBefore = Requests.Any(r => r.EventId == eventId);
        var status = Refusing ? 503 : FailFirstAttempt && !seenBefore ? 500 : 200;
        Requests.Enqueue(new Received(eventId, request.Headers["X-Rehab-Event-Type"].ToString(),
            request.Headers["X-Rehab-Signature"].ToString(), body.ToArray(), status));
        return Results.StatusCode(status);
    }

    /// <summary>Event ids answered 200, in arrival order.</summary>
    public IReadOnlyList<string> Acknowledged => Requests.Where(r => r.AnsweredWith == 200).Select(r => r.EventId).ToList();

    public Task WaitForAcknowledgedAsync(int count) =>
        Eventually.UntilAsync(() => Acknowledged.Distinct().Count() >= count, $"{count} events to be delivered");

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
