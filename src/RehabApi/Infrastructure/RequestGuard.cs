using System.Text;
using Microsoft.Net.Http.Headers;

namespace RehabApi.Infrastructure;

/// <summary>Refuses what endpoints would otherwise bind or read into a 500, before any of them runs: query-string and
/// route values that are not <see cref="PlainText"/> (a NUL in ?externalRef= reached PostgreSQL; JSON bodies are held to
/// the same rule by <see cref="JsonBodyGuard"/>), and a body in a charset .NET does not know (the framework's JSON reader
/// throws InvalidOperationException for "application/json; charset=bogus").</summary>
internal static class RequestGuard
{
    // Not async: a request that passes (nearly all) goes straight on to the next middleware, without a state machine
    // of its own waiting for the endpoint (bench/NOTES.md, eighth session).
    public static IApplicationBuilder UseRequestGuard(this IApplicationBuilder app) =>
        app.Use((context, next) => Refusal(context) is { } problem ? problem.ExecuteAsync(context) : next(context));

    /// <summary>Why the request is refused before any endpoint runs, or null when it may go on.</summary>
    private static IResult? Refusal(HttpContext context)
    {
        if (UnknownCharset(context.Request) is { } charset)
            return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                $"The charset '{charset}' is not one this service can read; send JSON in UTF-8.");

        var errors = new ValidationErrors();
        foreach (var (name, values) in context.Request.Query)
            foreach (var value in values)
                errors.PlainText(name, value);
        // Routing has run (WebApplication puts it first), so these are the values endpoints will bind.
        foreach (var (name, value) in context.Request.RouteValues)
            if (value is string text) errors.PlainText(name, text);
        return errors.Any ? Problems.Validation(errors.ToDictionary()) : null;
    }

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
