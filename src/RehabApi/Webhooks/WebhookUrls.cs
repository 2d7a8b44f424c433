using System.Diagnostics;
using OpenTelemetry;

namespace RehabApi.Webhooks;

/// <summary>A webhook URL may carry a secret in its path or query (many receivers authenticate that way), so logs and
/// traces name a target by its origin alone: scheme, host and port.</summary>
internal static class WebhookUrls
{
    public static string Origin(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : "(not a URL)";

    /// <summary>Cuts url.full of every outgoing HTTP span (webhook deliveries are the service's only ones) down to the
    /// origin when the span ends, before any exporter sees it. Registered ahead of the exporter.</summary>
    public sealed class RedactingProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            if (activity.Kind != ActivityKind.Client || activity.GetTagItem("url.full") is not string url) return;
            activity.SetTag("url.full", Origin(url) + "/");
        }
    }
}
