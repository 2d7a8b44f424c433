using System.Net;
using System.Net.Sockets;

namespace RehabApi.Webhooks;

internal static class WebhookSetup
{
    public static void AddRehabWebhooks(this WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(WebhookOptions.Section).Get<WebhookOptions>() ?? new WebhookOptions();
        builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection(WebhookOptions.Section));
        builder.Services.AddHttpClient(WebhookDeliveryWorker.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // A redirect could lead anywhere, including inside the network.
                AllowAutoRedirect = false,
                ConnectCallback = async (context, ct) =>
                {
                    // Checked at connection time, on the address actually dialled: DNS may have changed since subscribing.
                    var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
                    var allowed = addresses.Where(a => settings.AllowPrivateTargets || !WebhookTargets.IsInternal(a)).ToArray();
                    if (allowed.Length == 0)
                        throw new HttpRequestException($"{context.DnsEndPoint.Host} resolves only to internal addresses; refused.");
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                    try
                    {
                        await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                        return new NetworkStream(socket, ownsSocket: true);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }
                },
            });
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
    }
}
