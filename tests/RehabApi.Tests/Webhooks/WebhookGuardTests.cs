using System.Net;
using System.Net.Http.Json;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Webhooks;

/// <summary>With Webhooks:AllowPrivateTargets off (the default outside tests), a webhook can be aimed neither at
/// a non-public address nor at the server itself when subscribing (the delivery worker checks again when it
/// connects: <see cref="WebhookDeliveryGuardTests"/>).</summary>
public sealed class WebhookGuardTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Theory]
    [InlineData("http://198.18.0.1/hook")]              // benchmarking
    [InlineData("http://192.0.0.8/hook")]               // IETF protocol assignments
    [InlineData("http://100.64.0.1/hook")]              // carrier-grade NAT
    [InlineData("http://[64:ff9b::7f00:1]/hook")]       // NAT64 form of 127.0.0.1
    [InlineData("http://[64:ff9b::a9fe:a9fe]/hook")]    // NAT64 form of the cloud metadata address
    [InlineData("http://[2002:7f00:1::]/hook")]         // 6to4 form of 127.0.0.1
    [InlineData("http://[2002:a00:1::1]/hook")]         // 6to4 form of 10.0.0.1
    [InlineData("http://[::127.0.0.1]/hook")]           // IPv4-compatible form of 127.0.0.1
    [InlineData("http://[::a00:1]/hook")]               // IPv4-compatible form of 10.0.0.1
    [InlineData("http://[::ffff:127.0.0.1]/hook")]      // IPv4-mapped form of 127.0.0.1
    [InlineData("http://[fd00::2]/hook")]               // unique local
    public async Task TargetsInSpecialPurposeRangesAreRefused(string url)
    {
        await using var strict = Strict(factory);
        var admin = await AdminAsync(strict);

        var problem = await RehabClient.ProblemAsync(await SubscribeAsync(admin, url), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("url"), problem.ToJsonString());
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/v1/webhooks"))!);
    }

    [Fact]
    public async Task TheServersOwnInterfaceAddressesAreRefused()
    {
        await using var strict = Strict(factory);
        var admin = await AdminAsync(strict);

        foreach (var address in OwnAddresses())
        {
            var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            var problem = await RehabClient.ProblemAsync(await SubscribeAsync(admin, $"http://{host}:8080/hook"), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("url"), $"{address}: {problem.ToJsonString()}");
        }
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/v1/webhooks"))!);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AUrlWhoseHostIsLongerThanDnsAllowsIs400(bool allowPrivateTargets)
    {
        await using var instance = factory.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateTargets", allowPrivateTargets.ToString()));
        var admin = await AdminAsync(instance);
        var host = string.Join('.', Enumerable.Repeat(new string('a', 60), 5)) + ".example.org";   // 317 characters

        foreach (var url in new[] { $"https://{host}/hook", $"https://{new string('b', 64)}.example.org/hook" })
        {
            var problem = await RehabClient.ProblemAsync(await SubscribeAsync(admin, url), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("url"), problem.ToJsonString());
        }
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/v1/webhooks"))!);
    }

    /// <summary>The unicast addresses of this machine's interfaces that are up, loopback aside.</summary>
    internal static List<IPAddress> OwnAddresses() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(u => u.Address))
            .Where(a => !IPAddress.IsLoopback(a))
            .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(a.GetAddressBytes()) : a)   // no %scope in a URL
            .ToList();

    private static WebApplicationFactory<Program> Strict(RehabApiFactory factory) =>
        factory.WithWebHostBuilder(b => b.UseSetting("Webhooks:AllowPrivateTargets", "false"));

    private async Task<HttpClient> AdminAsync(WebApplicationFactory<Program> instance)
    {
        var key = await factory.CreateKeyAsync(await factory.CreateClinicAsync("webhook-guard"), "clinic-admin", "Admin");
        var http = instance.CreateDefaultClient();
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }

    private static Task<HttpResponseMessage> SubscribeAsync(HttpClient admin, string url) =>
        admin.PostAsJsonAsync("/api/v1/webhooks", new { url, eventTypes = new[] { "*" } });
}
