using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;
using RehabApi.Events;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.Webhooks;

public sealed record CreateWebhookRequest([Required] string? Url, [Required] List<string>? EventTypes);

/// <param name="Secret">Only in the answer to the POST (null everywhere else): keep it to verify X-Rehab-Signature.</param>
public sealed record WebhookResponse(Guid Id, string Url, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt, string? Secret = null)
{
    public static WebhookResponse From(WebhookSubscription s, bool withSecret = false) =>
        new(s.Id, s.Url, s.EventTypes, s.CreatedAt, withSecret ? s.Secret : null);
}

public sealed record WebhookAttemptResponse(DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

public sealed record WebhookDeliveryResponse(
    Guid Id, Guid EventId, string EventType, string Status, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt, IReadOnlyList<WebhookAttemptResponse> AttemptLog);

internal static class WebhooksApi
{
    public static RouteGroupBuilder MapWebhooks(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/webhooks").WithTags("Webhooks");
        group.MapPost("/", Subscribe)
            .WithName("CreateWebhook")
            .WithSummary("Subscribe a URL to event types (the answer carries the signing secret, once)")
            .WithDescription("Deliveries are POSTs of the event as JSON, signed X-Rehab-Signature: sha256=<HMAC-SHA256 of the raw body " +
                             "with the secret>, with X-Rehab-Event-Id for de-duplication, retried with exponential back-off until a 2xx.")
            .AllowOnly(AccessPolicies.ClinicAdmin)
            .ProducesProblems(400, 403);
        group.MapGet("/", List).WithName("ListWebhooks").WithSummary("The clinic's subscriptions").AllowOnly(AccessPolicies.ClinicAdmin);
        group.MapDelete("/{id:guid}", Unsubscribe).WithName("DeleteWebhook").WithSummary("Stop a subscription")
            .AllowOnly(AccessPolicies.ClinicAdmin).ProducesProblems(404);
        group.MapGet("/{id:guid}/deliveries", Deliveries)
            .WithName("ListWebhookDeliveries")
            .WithSummary("The latest deliveries of a subscription, each with its attempts")
            .AllowOnly(AccessPolicies.ClinicAdmin)
            .ProducesProblems(404);
        return group;
    }

    public static async Task<Results<Created<WebhookResponse>, ValidationProblem>> Subscribe(
        CreateWebhookRequest request, RehabDbContext db, CurrentCaller caller, TimeProvider time,
        IOptions<WebhookOptions> options, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        errors.Required("url", request.Url);
        errors.MaxLength("url", request.Url, 2000);
        if (request.Url is not null && WebhookTargets.Check(request.Url) is var target)
        {
            if (target.IsRefused) errors.Add("url", target.Refusal);
            else if (!options.Value.AllowPrivateTargets && await WebhookTargets.ProblemWithAddressesAsync(target.Target, ct) is { } addressProblem)
                errors.Add("url", addressProblem);
        }
        if (request.EventTypes is not { Count: > 0 }) errors.Add("eventTypes", "Name at least one event type, or \"*\" for all.");
        foreach (var type in request.EventTypes ?? [])
            errors.OneOf("eventTypes", type, [EventTypes.All, .. EventTypes.Known]);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var subscription = new WebhookSubscription
        {
            Id = Guid.CreateVersion7(),
            ClinicId = caller.ClinicId,
            Url = request.Url!,
            EventTypes = request.EventTypes!.Distinct().ToList(),
            Secret = WebhookSignature.NewSecret(),
            CreatedAt = time.GetUtcNow(),
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/webhooks/{subscription.Id}", WebhookResponse.From(subscription, withSecret: true));
    }

    public static async Task<Ok<List<WebhookResponse>>> List(RehabDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.WebhookSubscriptions.AsNoTracking().Where(s => s.DeletedAt == null).OrderBy(s => s.Id).ToListAsync(ct))
            .Select(s => WebhookResponse.From(s)).ToList());

    public static async Task<Results<NoContent, ProblemHttpResult>> Unsubscribe(Guid id, RehabDbContext db, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var stopped = await db.WebhookSubscriptions.Where(s => s.Id == id && s.DeletedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.DeletedAt, now), ct);
        return stopped == 1 ? TypedResults.NoContent() : Problems.NotFound("webhook", id);
    }

    public static async Task<Results<Ok<List<WebhookDeliveryResponse>>, ProblemHttpResult>> Deliveries(Guid id, RehabDbContext db, CancellationToken ct)
    {
        if (!await db.WebhookSubscriptions.AnyAsync(s => s.Id == id, ct)) return Problems.NotFound("webhook", id);
        var deliveries = await db.WebhookDeliveries.AsNoTracking().Where(d => d.SubscriptionId == id)
            .OrderByDescending(d => d.CreatedAt).Take(100)
            .Join(db.ChangeEvents, d => d.EventId, e => e.Id, (d, e) => new { Delivery = d, e.Type })
            .ToListAsync(ct);
        var ids = deliveries.Select(d => d.Delivery.Id).ToList();
        var attempts = (await db.WebhookAttempts.AsNoTracking().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(deliveries.Select(x => new WebhookDeliveryResponse(
            x.Delivery.Id, x.Delivery.EventId, x.Type, x.Delivery.Status, x.Delivery.Attempts, x.Delivery.CreatedAt,
            x.Delivery.DeliveredAt, x.Delivery.Status == WebhookDeliveryStatuses.Pending ? x.Delivery.NextAttemptAt : null,
            attempts[x.Delivery.Id].OrderBy(a => a.AttemptedAt)
                .Select(a => new WebhookAttemptResponse(a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs)).ToList())).ToList());
    }
}
