using System.Net;
using System.Net.Sockets;

namespace RehabApi.Webhooks;

/// <summary>Every address that is not public unicast, after the IANA IPv4 and IPv6 special-purpose address
/// registries (RFC 6890 and its successors). IPv6 is judged by what it can reach: an IPv4-mapped, NAT64 or 6to4
/// address carries an IPv4 address that a translator or relay on the way would deliver to, so that one is judged
/// instead; outside global unicast (2000::/3) nothing is public, which covers ::/96 (IPv4-compatible), loopback,
/// unique local, link- and site-local and multicast.</summary>
internal static class NonPublicAddresses
{
    private static readonly IPNetwork[] V4 =
    [
        .. new[]
        {
            "0.0.0.0/8",          // "this network"
            "10.0.0.0/8",         // private
            "100.64.0.0/10",      // carrier-grade NAT (shared address space)
            "127.0.0.0/8",        // loopback
            "169.254.0.0/16",     // link-local, where cloud metadata services live
            "172.16.0.0/12",      // private
            "192.0.0.0/24",       // IETF protocol assignments (DS-Lite, NAT64 discovery, ...)
            "192.0.2.0/24",       // documentation
            "192.31.196.0/24",    // AS112
            "192.52.193.0/24",    // AMT
            "192.88.99.0/24",     // 6to4 relay anycast (deprecated)
            "192.168.0.0/16",     // private
            "192.175.48.0/24",    // AS112 direct delegation
            "198.18.0.0/15",      // benchmarking
            "198.51.100.0/24",    // documentation
            "203.0.113.0/24",     // documentation
            "224.0.0.0/4",        // multicast
            "240.0.0.0/4",        // reserved, and the broadcast address
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");

    /// <summary>The special ranges inside global unicast; 6to4 (2002::/16) is judged by the address it embeds.</summary>
    private static readonly IPNetwork[] V6 =
    [
        .. new[]
        {
            "2001::/23",          // IETF protocol assignments: Teredo, benchmarking, ORCHID, ...
            "2001:db8::/32",      // documentation
            "3fff::/20",          // documentation
        }.Select(IPNetwork.Parse),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static bool Contains(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork) return V4.Any(range => range.Contains(address));
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true;
        if (address.IsIPv4MappedToIPv6) return Contains(address.MapToIPv4());
        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address)) return Contains(new IPAddress(bytes.AsSpan(12, 4)));
        if (SixToFour.Contains(address)) return Contains(new IPAddress(bytes.AsSpan(2, 4)));
        return !GlobalUnicast.Contains(address) || V6.Any(range => range.Contains(address));
    }
}
