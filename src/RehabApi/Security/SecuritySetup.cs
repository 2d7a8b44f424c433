using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RehabApi.Infrastructure;

namespace RehabApi.Security;

internal static class SecuritySetup
{
    public static void AddRehabSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSettings<SecurityOptions>(SecurityOptions.Section);
        services.AddSettings<LimitOptions>(LimitOptions.Section);
        services.AddScoped<CurrentCaller>();
        services.AddScoped<ApiKeyIssuer>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHostedService<ApiKeyRevocationListener>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(AccessPolicies.Configure);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddRehabRateLimiting();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<LimitOptions>>(
            (kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBodyBytes);
    }

    /// <summary>Order matters: the caller is known before the limiter partitions by key, and both before
    /// any endpoint runs.</summary>
    public static void UseRehabSecurity(this WebApplication app)
    {
        app.UseRequestBodyLimit(app.Services.GetRequiredService<IOptions<LimitOptions>>().Value.MaxRequestBodyBytes);
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}
