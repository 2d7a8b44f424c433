using Microsoft.Extensions.Options;
using RehabApi.Infrastructure;

namespace RehabApi.Webhooks;

internal static class WebhookSetup
{
    public static void AddRehabWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<WebhookOptions>(WebhookOptions.Section);
        builder.Services.AddHttpClient(WebhookDeliveryWorker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, including inside the network.
                AllowAutoRedirect = false,
                // Through a proxy the connection would be to the proxy, and the target's address never checked.
                UseProxy = false,
                // Checked at connection time, on the address actually dialled: DNS may have changed since subscribing.
                ConnectCallback = new WebhookConnector(services.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateTargets).ConnectAsync,
            })
            // The default loggers write the whole URL, and receivers often take a token in the path: the worker logs
            // the target's scheme and host itself.
            .RemoveAllLoggers();
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
    }
}
