using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.Features;
using RehabApi.Infrastructure;

namespace RehabApi.Security;

public sealed class LimitOptions
{
    public const string Section = "Limits";

    [Range(typeof(long), "1", "1073741824", ErrorMessage = "Limits:{0} must be between {1} and {2}.")]
    public long MaxRequestBodyBytes { get; set; } = RequestBodyLimit.DefaultBytes;
}

/// <summary>Caps request bodies (<c>Limits:MaxRequestBodyBytes</c>, 64 KiB by default: the largest real body
/// is a few notes of text). The server enforces the cap while reading (a 413 through the exception handler);
/// a body declared too large is refused at once, before anything is read.</summary>
internal static class RequestBodyLimit
{
    public const long DefaultBytes = 64 * 1024;

    // Not async, as RequestGuard: a request within the limit goes straight on.
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use((context, next) =>
        {
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
                feature.MaxRequestBodySize = maxBytes;
            return context.Request.ContentLength > maxBytes
                ? Problems.Of(StatusCodes.Status413PayloadTooLarge, "Request body too large",
                    $"Request bodies are limited to {maxBytes} bytes.").ExecuteAsync(context)
                : next(context);
        });
}
