using Microsoft.AspNetCore.Hosting;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Operations;

/// <summary>Every settings section is checked when the service starts: a bad value stops it, naming the setting.</summary>
public sealed class SettingsTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Theory]
    [InlineData("Webhooks:BatchSize", "0", "Webhooks:BatchSize must be between 1 and")]
    [InlineData("RateLimiting:PermitLimit", "-5", "RateLimiting:PermitLimit must be at least 1")]
    [InlineData("Limits:MaxRequestBodyBytes", "0", "Limits:MaxRequestBodyBytes must be between 1 and")]
    [InlineData("Idempotency:CleanupIntervalMinutes", "0", "Idempotency:CleanupIntervalMinutes must be between 1 and")]
    [InlineData("Security:KeyCacheSeconds", "-1", "Security:KeyCacheSeconds must be between 0 and")]
    public async Task TheServiceRefusesToStartWithABadSettingAndNamesIt(string setting, string value, string message)
    {
        var refused = await StartAsync(setting, value);

        Assert.NotNull(refused);
        Assert.True(refused.ToString().Contains(message), refused.ToString());
    }

    /// <summary>Why starting the service with <paramref name="setting"/> = <paramref name="value"/> failed, if it did. When a
    /// host fails to start, WebApplicationFactory can race the failing entry point and report an ObjectDisposedException
    /// of its own instead (dotnet/aspnetcore#33494); that start is tried again, a few times at most.</summary>
    private async Task<Exception?> StartAsync(string setting, string value)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var misconfigured = factory.WithWebHostBuilder(b => b.UseSetting(setting, value));
            var refused = Record.Exception(() => misconfigured.Server);
            if (refused is not ObjectDisposedException || attempt == 5) return refused;
        }
    }
}
