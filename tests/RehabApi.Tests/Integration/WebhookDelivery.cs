namespace RehabApi.Tests.Integration;

/// <summary>The test classes that run a webhook delivery worker (RehabApiFactory.WithDelivery). A worker delivers every
/// clinic's pending deliveries, so two classes running at once would deliver, or fail to leave pending, each other's:
/// in one collection they run one after the other.</summary>
[CollectionDefinition(Collection)]
public sealed class WebhookDelivery
{
    public const string Collection = "Webhook delivery";
}
