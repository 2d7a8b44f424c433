using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;
using RehabApi.Events;
using RehabApi.Infrastructure;
using RehabApi.Observability;

namespace RehabApi.Webhooks;

/// <summary>Delivers pending webhook deliveries, on any number of instances at once. A worker claims a batch with
/// <c>FOR UPDATE SKIP LOCKED</c> and a lease (the next attempt time pushed past the HTTP timeout), then sends
/// outside any transaction, so a slow receiver holds no lock. Delivery is at least once: a worker that dies
/// mid-send leaves the lease to run out and another instance sends again; receivers de-duplicate by
/// X-Rehab-Event-Id.</summary>
internal sealed partial class WebhookDeliveryWorker(
    IServiceScopeFactory scopes, IHttpClientFactory clients, IOptions<WebhookOptions> options, RehabMetrics metrics,
    TimeProvider time, ILogger<WebhookDeliveryWorker> logger)
    : PeriodicHousekeeping(TimeSpan.FromMilliseconds(options.Value.PollIntervalMilliseconds), time, logger)
{
    public const string HttpClientName = "webhooks";

    /// <summary>Stored as the last error of a delivery whose subscription was deleted before it was sent.</summary>
    private const string SubscriptionDeleted = "subscription deleted";

    private readonly WebhookOptions settings = options.Value;

    protected override string Name => "Webhook delivery";

    protected override bool Enabled => settings.DeliveryEnabled;

    /// <summary>Delivers one batch; a full batch means more may be waiting.</summary>
    protected override async Task<bool> RunPassAsync(CancellationToken ct) => await DeliverBatchAsync(ct) >= settings.BatchSize;

    private async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var lease = settings.TimeoutSeconds + 30;
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => {lease})
            WHERE id IN (SELECT id FROM webhook_deliveries
                         WHERE status = 'pending' AND next_attempt_at <= now()
                         ORDER BY next_attempt_at LIMIT {settings.BatchSize}
                         FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(ct);
        if (claimed.Count == 0) return 0;

        var work = await db.WebhookDeliveries.IgnoreQueryFilters().AsNoTracking()
            .Where(d => claimed.Contains(d.Id))
            .Join(db.ChangeEvents.IgnoreQueryFilters(), d => d.EventId, e => e.Id, (d, e) => new { Delivery = d, Event = e })
            .Join(db.WebhookSubscriptions.IgnoreQueryFilters(), x => x.Delivery.SubscriptionId, s => s.Id,
                (x, s) => new { x.Delivery, x.Event, Subscription = s })
            .ToListAsync(ct);
        foreach (var item in work)
        {
            if (item.Subscription.DeletedAt is not null)
            {
                // Nothing was sent, so no attempt is logged.
                await FinishAsync(db, item.Delivery, WebhookDeliveryStatuses.Failed, null, SubscriptionDeleted, ct);
                continue;
            }
            var (status, error, ms) = await SendAsync(item.Subscription, item.Event, ct);
            var attempts = item.Delivery.Attempts + 1;
            var outcome = status is >= 200 and < 300 ? WebhookOutcome.Delivered
                : attempts >= settings.MaxAttempts ? WebhookOutcome.Failed
                : WebhookOutcome.Retrying;
            await RecordAttemptAsync(db, item.Delivery, status, error, ms, ct);
            if (outcome == WebhookOutcome.Retrying)
                await RetryLaterAsync(db, item.Delivery, status, error, BackOff(attempts), ct);
            else
                await FinishAsync(db, item.Delivery, outcome == WebhookOutcome.Delivered ? WebhookDeliveryStatuses.Delivered : WebhookDeliveryStatuses.Failed,
                    status, error, ct);
            metrics.WebhookAttempted(outcome);
            DeliveryAttempted(Logger, item.Delivery.Id, WebhookUrls.Origin(item.Subscription.Url), attempts, status);
        }
        return claimed.Count;
    }

    private async Task<(int? Status, string? Error, int Ms)> SendAsync(WebhookSubscription subscription, ChangeEvent change, CancellationToken ct)
    {
        var body = Body(change);
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.For(subscription.Secret, body));
        request.Headers.Add(WebhookSignature.EventIdHeaderName, change.Id.ToString());
        request.Headers.Add(WebhookSignature.EventTypeHeaderName, change.Type);
        var clock = Stopwatch.StartNew();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            return ((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}", (int)clock.ElapsedMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (null, e is TaskCanceledException ? $"no answer within {settings.TimeoutSeconds} s" : Truncate(e.Message), (int)clock.ElapsedMilliseconds);
        }
    }

    /// <summary>The event as the receiver gets it; the payload is embedded as stored.</summary>
    private static byte[] Body(ChangeEvent change)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("id", change.Id);
            json.WriteString("type", change.Type);
            json.WriteString("episodeId", change.EpisodeId);
            json.WriteString("occurredAt", change.OccurredAt);
            json.WritePropertyName("payload");
            json.WriteRawValue(change.Payload);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    private TimeSpan BackOff(int failures) =>
        TimeSpan.FromMilliseconds(Math.Min(settings.BaseDelayMilliseconds * Math.Pow(2, failures - 1), settings.MaxDelaySeconds * 1000.0));

    private static async Task FinishAsync(RehabDbContext db, WebhookDelivery delivery, string status, int? code, string? error, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET status = {status}, attempts = attempts + 1, last_status_code = {code}, last_error = {error},
                delivered_at = CASE WHEN {status} = 'delivered' THEN now() END
            WHERE id = {delivery.Id}
            """, ct);
    }

    private static async Task RetryLaterAsync(RehabDbContext db, WebhookDelivery delivery, int? code, string? error, TimeSpan wait, CancellationToken ct)
    {
        var seconds = wait.TotalSeconds;
        await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = {code}, last_error = {error},
                next_attempt_at = now() + make_interval(secs => {seconds})
            WHERE id = {delivery.Id}
            """, ct);
    }

    private async Task RecordAttemptAsync(RehabDbContext db, WebhookDelivery delivery, int? code, string? error, int ms, CancellationToken ct)
    {
        db.WebhookAttempts.Add(new WebhookAttempt
        {
            Id = Guid.CreateVersion7(), DeliveryId = delivery.Id, AttemptedAt = Time.GetUtcNow(),
            StatusCode = code, Error = error, DurationMs = ms,
        });
        await db.SaveChangesAsync(ct);
    }

    private static string Truncate(string message) => message.Length <= 500 ? message : message[..500];

    // The target by scheme and host only: a receiver may take a token in its path.
    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to {Target}: attempt {Attempt}, HTTP {StatusCode}")]
    private static partial void DeliveryAttempted(ILogger logger, Guid deliveryId, string target, int attempt, int? statusCode);
}

/// <summary>What one delivery attempt came to (the outcome tag of the rehab.webhook.deliveries metric).</summary>
public enum WebhookOutcome
{
    Delivered,
    Retrying,
    Failed,
}
