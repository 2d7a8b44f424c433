using System.Net;
using System.Net.Sockets;

namespace RehabApi.Webhooks;

/// <summary>Keeps webhooks from being aimed at the service's own network (SSRF): a target must be http(s),
/// and unless configuration allows it, no address it resolves to may be loopback, private, link-local or
/// otherwise internal. Checked when subscribing and again on every connection (DNS can change).</summary>
public static class WebhookTargets
{
    public static string? Problem(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return "url must be an absolute http or https URL.";
        if (!string.IsNullOrEmpty(uri.UserInfo)) return "url may not carry credentials.";
        return null;
    }

    public static async Task<string?> ProblemWithAddressesAsync(Uri uri, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(uri.Host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.Host, ct);
        }
        catch (SocketException)
        {
            return $"The host {uri.Host} does not resolve.";
        }
        return addresses.Any(IsInternal) ? $"{uri.Host} resolves to a loopback or private address; webhooks must go to a public address." : null;
    }

    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (address.GetAddressBytes()[0] & 0xFE) == 0xFC;
        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)            // link-local, cloud metadata
            || (b[0] == 100 && b[1] is >= 64 and <= 127) // carrier-grade NAT
            || b[0] == 0 || b[0] >= 224;               // "this network", multicast, reserved
    }
}
