using System.Net;
using System.Net.Sockets;
using RehabApi.Webhooks;

namespace RehabApi.Tests.Webhooks;

/// <summary>The SSRF guard as a pure function over an address: every special-purpose range of the IANA IPv4 and
/// IPv6 registries is refused, including IPv6 forms that embed an internal IPv4 address; public unicast passes.</summary>
public sealed class WebhookTargetTests
{
    [Theory]
    [InlineData("0.0.0.0")]                // "this network"
    [InlineData("0.1.2.3")]
    [InlineData("10.1.2.3")]               // private
    [InlineData("100.64.0.1")]             // carrier-grade NAT
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]              // loopback
    [InlineData("127.255.0.9")]
    [InlineData("169.254.169.254")]        // link-local, cloud metadata
    [InlineData("172.16.0.1")]             // private
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")]              // IETF protocol assignments
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.7")]              // documentation (TEST-NET-1)
    [InlineData("192.88.99.1")]            // 6to4 relay anycast (deprecated)
    [InlineData("192.168.1.1")]            // private
    [InlineData("198.18.0.1")]             // benchmarking
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.4")]           // documentation (TEST-NET-2)
    [InlineData("203.0.113.9")]            // documentation (TEST-NET-3)
    [InlineData("224.0.0.251")]            // multicast
    [InlineData("240.0.0.1")]              // reserved
    [InlineData("255.255.255.255")]        // broadcast
    [InlineData("::")]                     // unspecified
    [InlineData("::1")]                    // loopback
    [InlineData("::127.0.0.1")]            // IPv4-compatible loopback
    [InlineData("::10.0.0.1")]             // IPv4-compatible private
    [InlineData("::8.8.8.8")]              // IPv4-compatible at all: deprecated, never a real destination
    [InlineData("::ffff:127.0.0.1")]       // IPv4-mapped loopback
    [InlineData("::ffff:192.168.0.1")]     // IPv4-mapped private
    [InlineData("::ffff:198.18.0.1")]      // IPv4-mapped benchmarking
    [InlineData("64:ff9b::7f00:1")]        // NAT64 of 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")]     // NAT64 of 169.254.169.254
    [InlineData("64:ff9b::c0a8:1")]        // NAT64 of 192.168.0.1
    [InlineData("64:ff9b:1::808:808")]     // local-use NAT64 prefix
    [InlineData("100::1")]                 // discard-only
    [InlineData("2001::1")]                // Teredo / IETF protocol assignments
    [InlineData("2001:db8::1")]            // documentation
    [InlineData("2002:7f00:1::")]          // 6to4 of 127.0.0.1
    [InlineData("2002:a00:1::1")]          // 6to4 of 10.0.0.1
    [InlineData("2002:c612:1::1")]         // 6to4 of 198.18.0.1
    [InlineData("3fff::1")]                // documentation
    [InlineData("fc00::1")]                // unique local
    [InlineData("fd00::2")]
    [InlineData("fe80::1")]                // link-local
    [InlineData("fec0::1")]                // site-local (deprecated)
    [InlineData("ff02::1")]                // multicast
    public void SpecialPurposeAddressesAreInternal(string address) =>
        Assert.True(WebhookTargets.IsInternal(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("93.184.215.14")]
    [InlineData("100.63.255.255")]         // just below carrier-grade NAT
    [InlineData("172.32.0.1")]             // just above 172.16/12
    [InlineData("198.20.0.1")]             // just above benchmarking
    [InlineData("::ffff:8.8.8.8")]         // IPv4-mapped public
    [InlineData("64:ff9b::808:808")]       // NAT64 of 8.8.8.8 (an IPv6-only host reaching a public IPv4 service)
    [InlineData("2002:808:808::1")]        // 6to4 of 8.8.8.8
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001:81c::200e")]
    public void PublicUnicastAddressesAreNot(string address) =>
        Assert.False(WebhookTargets.IsInternal(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("http://[::127.0.0.1]:8080/hook")]
    [InlineData("https://[64:ff9b::a9fe:a9fe]/latest")]
    [InlineData("http://198.18.0.1/hook")]
    [InlineData("http://localhost/hook")]
    public async Task AUrlIsRefusedForTheAddressItNamesNotForFailingToResolve(string url) =>
        Assert.Contains("non-public", await WebhookTargets.ProblemWithAddressesAsync(new Uri(url), CancellationToken.None));

    [Theory]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2606:4700:4700::1111]/hook")]
    public async Task APublicAddressLiteralPassesWithoutAskingDns(string url) =>
        Assert.Null(await WebhookTargets.ProblemWithAddressesAsync(new Uri(url), CancellationToken.None));

    [Fact]
    public void TheServersOwnAddressesAreRefusedEvenWhenPublic()
    {
        var own = new HashSet<IPAddress> { IPAddress.Parse("8.8.4.4"), IPAddress.Parse("2606:4700::6810:85e5") };

        Assert.True(WebhookTargets.IsRefused(IPAddress.Parse("8.8.4.4"), own));
        Assert.True(WebhookTargets.IsRefused(IPAddress.Parse("::ffff:8.8.4.4"), own));
        Assert.True(WebhookTargets.IsRefused(IPAddress.Parse("2606:4700::6810:85e5"), own));
        Assert.False(WebhookTargets.IsRefused(IPAddress.Parse("8.8.8.8"), own));
        Assert.True(WebhookTargets.IsRefused(IPAddress.Parse("127.0.0.1"), new HashSet<IPAddress>()));
    }

    [Fact]
    public async Task TheConnectorDialsWhatItsOneResolutionAnswered()
    {
        // A resolver that answers differently each time, as a rebinding attacker's DNS would: the connection goes to
        // the first answer, the one that was checked, and DNS is not asked again. (Private targets allowed here, so
        // that the test talks to loopback only; the check itself is the one below.)
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var answers = new Queue<IPAddress[]>([[IPAddress.Loopback], [IPAddress.Parse("127.0.0.2")]]);
        var connector = new WebhookConnector(allowPrivateTargets: true, (_, _) => Task.FromResult(answers.Dequeue()));

        await using var stream = await connector.ConnectAsync(new DnsEndPoint("rebind.example", port), CancellationToken.None);
        using var accepted = await listener.AcceptSocketAsync();

        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)accepted.LocalEndPoint!).Address);
        Assert.Single(answers);
    }

    [Fact]
    public async Task TheConnectorRefusesWithoutDiallingWhenNoAddressIsPublic()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var connector = new WebhookConnector(allowPrivateTargets: false,
            (_, _) => Task.FromResult(new[] { IPAddress.Loopback, IPAddress.Parse("::ffff:127.0.0.1"), IPAddress.Parse("64:ff9b::7f00:1") }));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () =>
            await connector.ConnectAsync(new DnsEndPoint("rebind.example", port), CancellationToken.None));

        Assert.Contains("non-public", refused.Message);
        Assert.False(listener.Pending());
    }

    [Fact]
    public void OnlyPublicAddressesThatAreNotTheServersOwnMayBeDialled() =>
        Assert.Equal([IPAddress.Parse("8.8.8.8")], WebhookConnector.Allowed(
            [IPAddress.Parse("8.8.8.8"), IPAddress.Parse("8.8.4.4"), IPAddress.Parse("10.0.0.1"), IPAddress.Parse("::1")],
            new HashSet<IPAddress> { IPAddress.Parse("8.8.4.4") }));
}
