namespace RehabApi.Webhooks;

/// <summary>A clinic admin's subscription of a URL to event types. Deleting it stops new deliveries; it is kept
/// (soft-deleted) so that its delivery history stays readable.</summary>
public sealed class WebhookSubscription
{
    public Guid Id { get; set; }
    public Guid ClinicId { get; set; }
    public required string Url { get; set; }
    public List<string> EventTypes { get; set; } = [];

    /// <summary>The HMAC key the deliveries are signed with. Kept as given out: the service must sign with it.</summary>
    public required string Secret { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeletedAt { get; set; }
}

/// <summary>One event to deliver to one subscription: the outbox row, written with the change.</summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; }
    public Guid ClinicId { get; set; }
    public Guid SubscriptionId { get; set; }
    public Guid EventId { get; set; }
    public required string Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When a worker may next try it; set on claiming, as a lease, so that a crashed worker's
    /// delivery is tried again once the lease runs out.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One HTTP attempt of a delivery, for the clinic admin to see.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; set; }
    public Guid DeliveryId { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public string? Error { get; set; }
    public int DurationMs { get; set; }
}

public static class WebhookDeliveryStatuses
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
