using System.Globalization;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Metadata;
using RehabApi.Data;

namespace RehabApi.Infrastructure;

/// <summary>Turns request-shape failures (malformed JSON, wrong types, unknown fields, oversized or too slow bodies)
/// into 400/413/408 problem+json, and an unreachable database into 503 with Retry-After. Anything else is a
/// genuine fault: 500, logged without the request body.</summary>
internal sealed class ProblemDetailsExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (DatabaseFaults.IsUnavailable(exception))
        {
            await WriteUnavailableAsync(http);
            return true;
        }
        if (exception is not BadHttpRequestException bad) return false;

        // Kestrel's own status where it gives one while the body is read: 413 too large, 408 too slow.
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        var title = status switch
        {
            StatusCodes.Status413PayloadTooLarge => "Request body too large",
            StatusCodes.Status408RequestTimeout => "Request body too slow",
            _ => "The request could not be read",
        };
        var described = bad.InnerException is JsonException json ? Describe(json)
            : status == StatusCodes.Status400BadRequest ? Describe(http) : null;
        await (described is var (field, message)
            ? Problems.Of(status, title, message, new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [message] } })
            : Problems.Of(status, title, bad.Message)).ExecuteAsync(http);
        return true;
    }

    /// <summary>Nothing was written (the transaction did not commit, or it was a read): the client may retry
    /// the same request after Retry-After, with the same Idempotency-Key for a write.</summary>
    private static Task WriteUnavailableAsync(HttpContext http)
    {
        http.Response.Headers.RetryAfter = DatabaseFaults.RetryAfterSeconds.ToString();
        return Problems.Of(StatusCodes.Status503ServiceUnavailable, "The database is unavailable",
            $"The service cannot reach its database just now. Retry after {DatabaseFaults.RetryAfterSeconds} seconds; " +
            "repeat a write with the same Idempotency-Key so that it cannot be applied twice.").ExecuteAsync(http);
    }

    /// <summary>What a request that failed to bind lacked or got wrong, found from the request and the endpoint's
    /// parameters (the metadata minimal APIs record for each), not by reading the framework's message: a route or query
    /// value its parameter's type cannot parse or that is missing, else the body (none, or JSON null) where the
    /// endpoint takes one.</summary>
    private static (string Field, string Message)? Describe(HttpContext http)
    {
        // The failed request's endpoint and route values: the exception handler has cleared them from the context.
        var failed = http.Features.Get<IExceptionHandlerFeature>();
        var metadata = failed?.Endpoint?.Metadata;
        foreach (var parameter in metadata?.GetOrderedMetadata<IParameterBindingMetadata>() ?? [])
        {
            if (!parameter.HasTryParse) continue;
            var raw = failed!.RouteValues?.TryGetValue(parameter.Name, out var routeValue) == true ? routeValue as string
                : http.Request.Query[parameter.Name].FirstOrDefault();
            if (string.IsNullOrEmpty(raw))
            {
                if (!parameter.IsOptional) return (parameter.Name, $"{parameter.Name} is required.");
            }
            else if (!Parses(parameter.ParameterInfo.ParameterType, raw))
                return (parameter.Name, $"'{raw}' is not a valid {parameter.Name}.");
        }
        return metadata?.GetMetadata<IAcceptsMetadata>() is not null ? ("body", "A JSON body is required.") : null;
    }

    /// <summary>Whether <paramref name="raw"/> parses as <paramref name="type"/> the way parameter binding parses it:
    /// with the type's TryParse, in the invariant culture.</summary>
    private static bool Parses(Type type, string raw)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return true;
        var withCulture = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static,
            [typeof(string), typeof(IFormatProvider), type.MakeByRefType()]);
        if (withCulture is not null) return (bool)withCulture.Invoke(null, [raw, CultureInfo.InvariantCulture, null])!;
        var plain = type.GetMethod("TryParse", BindingFlags.Public | BindingFlags.Static, [typeof(string), type.MakeByRefType()]);
        return plain is null || (bool)plain.Invoke(null, [raw, null])!;
    }

    /// <summary>A field name and a message that say what is wrong without naming our internal types.</summary>
    private static (string Field, string Message) Describe(JsonException json)
    {
        if (json is JsonFieldException refused)
        {
            var named = Join(FieldAt(json.Path), refused.Below) ?? "body";
            return (named, $"{named} {refused.Problem}");
        }
        var field = FieldAt(json.Path) ?? "body";
        if (json.Message.Contains("could not be mapped to any .NET member"))
            return (field, $"'{field}' is not a field of this request.");
        if (json.Path is null || json.Path == "$" || json.BytePositionInLine is null)
            return ("body", "The body is not valid JSON.");
        if (json.Message.StartsWith("Duplicate", StringComparison.Ordinal))
            return (field, $"{field} appears more than once; send each field once.");
        return (field, $"{field} has the wrong type or format (line {json.LineNumber + 1}, position {json.BytePositionInLine + 1}).");
    }

    /// <summary>"riskFactors[1]" for the serializer's "$.riskFactors[1]"; null for the body itself.</summary>
    private static string? FieldAt(string? path) => path switch
    {
        null or "$" => null,
        _ when path.StartsWith("$.", StringComparison.Ordinal) => path[2..],
        _ => path[1..],
    };

    private static string? Join(string? parent, string? below) =>
        parent is null ? below : below is null ? parent : $"{parent}.{below}";
}
