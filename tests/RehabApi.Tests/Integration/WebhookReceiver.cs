using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RehabApi.Tests.Integration;

/// <summary>A real HTTP server on 127.0.0.1 that records every webhook delivery. It answers 500 the first time
/// it sees an event id (when told to) and 200 afterwards, like a receiver that was briefly down.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    public sealed record Received(string EventId, string EventType, string? Signature, byte[] Body, int AnsweredWith);

    private WebhookReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public bool FailFirstAttempt { get; init; }

    public string Url => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hooks/rehab";

    public static async Task<WebhookReceiver> StartAsync(bool failFirstAttempt)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var receiver = new WebhookReceiver(builder.Build()) { FailFirstAttempt = failFirstAttempt };
        receiver.app.MapPost("/hooks/rehab", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var eventId = request.Headers["X-Rehab-Event-Id"].ToString();
            var seenBefore = receiver.Requests.Any(r => r.EventId == eventId);
            var status = receiver.FailFirstAttempt && !seenBefore ? 500 : 200;
            receiver.Requests.Enqueue(new Received(eventId, request.Headers["X-Rehab-Event-Type"].ToString(),
                request.Headers["X-Rehab-Signature"].ToString(), body.ToArray(), status));
            return Results.StatusCode(status);
        });
        await receiver.app.StartAsync();
        return receiver;
    }

    /// <summary>Event ids answered 200, in arrival order.</summary>
    public IReadOnlyList<string> Acknowledged => Requests.Where(r => r.AnsweredWith == 200).Select(r => r.EventId).ToList();

    public async Task WaitForAcknowledgedAsync(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (Acknowledged.Distinct().Count() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {Acknowledged.Distinct().Count()} of {count} events were delivered");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
