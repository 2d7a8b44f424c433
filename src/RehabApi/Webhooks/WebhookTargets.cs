using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;

namespace RehabApi.Webhooks;

/// <summary>Keeps webhooks from being aimed at the service's own network (SSRF): a target must be http(s) with a
/// host DNS can hold, and unless configuration allows it, every address it resolves to must be public unicast
/// (<see cref="NonPublicAddresses"/>) and none of this machine's own. Checked when subscribing, and again by the
/// delivery worker on the very addresses it then dials (<see cref="WebhookConnector"/>): DNS can change.</summary>
public static class WebhookTargets
{
    /// <summary>A DNS name is at most 253 characters in text form, each label at most 63.</summary>
    private const int MaxHostLength = 253, MaxLabelLength = 63;

    /// <summary>The URL as a target, or why it cannot be one, from its text alone (no DNS).</summary>
    public static TargetCheck Check(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return TargetCheck.Refused("url must be an absolute http or https URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo)) return TargetCheck.Refused("url may not carry credentials.");
        // The resolver throws on longer names (a 500 before this check); an IP literal is always short.
        var host = uri.IdnHost;
        if (uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6)
            && (host.Length > MaxHostLength || host.Split('.').Any(label => label.Length > MaxLabelLength)))
            return TargetCheck.Refused($"url's host must be a DNS name of at most {MaxHostLength} characters, each label at most {MaxLabelLength}.");
        return new TargetCheck(uri, null);
    }

    /// <summary>Why <paramref name="uri"/> may not be a target, from the addresses its host resolves to now.</summary>
    public static async Task<string?> ProblemWithAddressesAsync(Uri uri, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(uri.IdnHost, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
        {
            return $"The host {uri.Host} does not resolve.";
        }
        var own = OwnAddresses();
        return addresses.Length == 0 ? $"The host {uri.Host} does not resolve."
            : addresses.Any(a => IsRefused(a, own)) ? $"{uri.Host} resolves to a non-public address or to this server; webhooks must go to a public address."
            : null;
    }

    /// <summary>An IP literal as itself (brackets of an IPv6 one removed), a name through DNS.</summary>
    public static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken ct) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);

    /// <summary>Refused as a target: a non-public address, or one of <paramref name="own"/> (this machine's).</summary>
    public static bool IsRefused(IPAddress address, IReadOnlySet<IPAddress> own) =>
        IsInternal(address) || own.Contains(Unscoped(address)) || (address.IsIPv4MappedToIPv6 && own.Contains(address.MapToIPv4()));

    /// <summary>Anything but public unicast: the IANA special-purpose ranges, and IPv6 forms that embed one.</summary>
    public static bool IsInternal(IPAddress address) => NonPublicAddresses.Contains(address);

    /// <summary>The addresses of this machine's network interfaces: a webhook to the server's own public address
    /// would reach whatever listens on it (an admin port, a sidecar) from inside.</summary>
    public static IReadOnlySet<IPAddress> OwnAddresses()
    {
        var own = new HashSet<IPAddress>();
        try
        {
            foreach (var network in System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces())
                foreach (var unicast in network.GetIPProperties().UnicastAddresses)
                    own.Add(Unscoped(unicast.Address));
        }
        catch (System.Net.NetworkInformation.NetworkInformationException)
        {
            // Not readable here: the ranges still refuse loopback and private addresses.
        }
        return own;
    }

    /// <summary>An IPv6 address without its zone (fe80::1%2), so that it compares equal to the same address.</summary>
    private static IPAddress Unscoped(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 ? new IPAddress(address.GetAddressBytes()) : address;
}

/// <summary>A URL checked as a webhook target (<see cref="WebhookTargets.Check"/>): the target, or why it is refused.</summary>
public readonly record struct TargetCheck(Uri? Target, string? Refusal)
{
    [MemberNotNullWhen(true, nameof(Refusal))]
    [MemberNotNullWhen(false, nameof(Target))]
    public bool IsRefused => Refusal is not null;

    public static TargetCheck Refused(string why) => new(null, why);
}
