using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace RehabApi.Security;

internal static class SecuritySetup
{
    public static void AddRehabSecurity(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<CurrentCaller>();
        services.AddScoped<ApiKeyIssuer>();
        services.AddSingleton<ApiKeyCache>();
        services.AddHostedService<ApiKeyRevocationListener>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(AccessPolicies.Configure);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddRehabRateLimiting(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBodyLimit.Configured(builder.Configuration));
    }

    /// <summary>Order matters: the caller is known before the limiter partitions by key, and both before
    /// any endpoint runs.</summary>
    public static void UseRehabSecurity(this WebApplication app)
    {
        app.UseRequestBodyLimit(RequestBodyLimit.Configured(app.Configuration));
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
    }
}
