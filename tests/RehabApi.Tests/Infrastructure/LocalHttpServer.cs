using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RehabApi.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, for tests that need something to receive the
/// service's own outgoing HTTP (webhook deliveries, exported traces).</summary>
public static class LocalHttpServer
{
    public static async Task<WebApplication> StartAsync(Action<WebApplication> mapEndpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        mapEndpoints(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>http://127.0.0.1:port, as bound.</summary>
    public static string BaseUrl(this WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
}
