using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using RehabApi.Infrastructure;

namespace RehabApi.Security;

/// <summary>Per-key request limits with ASP.NET Core's limiter: a fixed window per API key (per client
/// address for requests without a valid key). Over the limit: 429 problem+json with <c>Retry-After</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests one key may make per window.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "RateLimiting:{0} must be at least {1}.")]
    public int PermitLimit { get; set; } = 1200;

    [Range(1, 86_400, ErrorMessage = "RateLimiting:{0} must be between {1} and {2}.")]
    public int WindowSeconds { get; set; } = 60;
}

internal static class RateLimiting
{
    public static void AddRehabRateLimiting(this IServiceCollection services)
    {
        services.AddSettings<RateLimitOptions>(RateLimitOptions.Section);
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, configured) =>
        {
            var settings = configured.Value;
            // Asked for only when a partition is first seen; made once here rather than as a new delegate per request.
            Func<string, FixedWindowRateLimiterOptions> window = _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                QueueLimit = 0,
            };
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Health checks, the API description and the signed-in console are never limited; the console's sign-in
                // form is, per address, as a request without a valid key is: it is where a key would be guessed.
                if (!context.Request.Path.StartsWithSegments("/api") && !IsConsoleSignIn(context.Request))
                    return RateLimitPartition.GetNoLimiter("open");
                // A key's partition is its id as it stands (a UUID, which no "address:" partition can equal): no
                // string is built for the requests that carry a valid key.
                var partition = context.User.FindFirstValue(ClaimTypes.NameIdentifier)
                    ?? $"address:{context.Connection.RemoteIpAddress}";
                return RateLimitPartition.GetFixedWindowLimiter(partition, window);
            });
            options.OnRejected = async (rejected, ct) =>
            {
                var http = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? (int)Math.Ceiling(wait.TotalSeconds)
                    : settings.WindowSeconds;
                http.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
                await Problems.Of(StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"This key may make {settings.PermitLimit} requests per {settings.WindowSeconds} seconds; " +
                    $"retry after {Math.Max(1, retryAfter)} seconds.").ExecuteAsync(http);
            };
        });
    }

    private static bool IsConsoleSignIn(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/console/sign-in", StringComparison.OrdinalIgnoreCase);
}
