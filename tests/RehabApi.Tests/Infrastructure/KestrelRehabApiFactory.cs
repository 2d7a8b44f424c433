using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RehabApi.Tests.Infrastructure;

/// <summary>The service on a real Kestrel server (a free port on localhost) rather than the in-memory test server, for
/// tests of what Kestrel itself does with malformed HTTP.</summary>
public sealed class KestrelRehabApiFactory : RehabApiFactory
{
    /// <summary>A body slower than this times out after a second and a half (Kestrel's default: 240 bytes/s after 5 seconds).</summary>
    public const int MinBodyBytesPerSecond = 1000;

    public KestrelRehabApiFactory() => UseKestrel(0);

    /// <summary>Where the server listens, once started.</summary>
    public Uri Address => CreateClient(apiKey: null).BaseAddress!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureKestrel(kestrel =>
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(MinBodyBytesPerSecond, gracePeriod: TimeSpan.FromSeconds(1.5)));
    }
}
