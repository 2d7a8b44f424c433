using System.Net;
using System.Net.Sockets;

namespace RehabApi.Webhooks;

/// <summary>Opens a delivery's connection (SocketsHttpHandler.ConnectCallback): it resolves the host once, keeps the
/// addresses the guard allows, and connects to one of exactly those, so that the address checked is the address
/// dialled and a DNS answer that changes between the two (rebinding) cannot slip an internal one in.</summary>
internal sealed class WebhookConnector(bool allowPrivateTargets, Func<string, CancellationToken, Task<IPAddress[]>> resolve)
{
    public WebhookConnector(bool allowPrivateTargets) : this(allowPrivateTargets, WebhookTargets.ResolveAsync)
    {
    }

    public ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct) =>
        ConnectAsync(context.DnsEndPoint, ct);

    public async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, CancellationToken ct)
    {
        var addresses = await resolve(endpoint.Host, ct);
        var allowed = allowPrivateTargets ? addresses : Allowed(addresses, WebhookTargets.OwnAddresses());
        if (allowed.Length == 0)
            throw new HttpRequestException($"{endpoint.Host} resolves only to non-public addresses or to this server; not delivered.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>What may be dialled of <paramref name="addresses"/>: the public ones that are not this machine's.</summary>
    public static IPAddress[] Allowed(IEnumerable<IPAddress> addresses, IReadOnlySet<IPAddress> own) =>
        addresses.Where(a => !WebhookTargets.IsRefused(a, own)).ToArray();
}
