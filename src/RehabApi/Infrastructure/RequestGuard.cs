using System.Text;
using Microsoft.Net.Http.Headers;

namespace RehabApi.Infrastructure;

/// <summary>Refuses what endpoints would otherwise bind or read into a 500, before any of them runs: query-string and
/// route values that are not <see cref="PlainText"/> (a NUL in ?externalRef= reached PostgreSQL; JSON bodies are held to
/// the same rule by <see cref="JsonBodyGuard"/>), and a body in a charset .NET does not know (the framework's JSON reader
/// throws InvalidOperationException for "application/json; charset=bogus").</summary>
internal static class RequestGuard
{
    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (UnknownCharset(context.Request) is { } charset)
            {
                await Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    $"The charset '{charset}' is not one this service can read; send JSON in UTF-8.").ExecuteAsync(context);
                return;
            }

            var errors = new ValidationErrors();
            foreach (var (name, values) in context.Request.Query)
                foreach (var value in values)
                    errors.PlainText(name, value);
            // Routing has run (WebApplication puts it first), so these are the values endpoints will bind.
            foreach (var (name, value) in context.Request.RouteValues)
                if (value is string text) errors.PlainText(name, text);
            if (errors.Any)
            {
                await Problems.Validation(errors.ToDictionary()).ExecuteAsync(context);
                return;
            }
            await next(context);
        });

    /// <summary>The charset the framework will fail to read the body in, found as it finds it (the raw parameter,
    /// quotes and all: charset="utf-8" fails too, as does the obsolete utf-7).</summary>
    private static string? UnknownCharset(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.Charset.HasValue) return null;
        var charset = type.Charset.Value!;
        try
        {
            Encoding.GetEncoding(charset);
            return null;
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return charset;
        }
    }
}
