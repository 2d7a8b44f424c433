using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using RehabApi.Data;

namespace RehabApi.Infrastructure;

/// <summary>Turns request-shape failures (malformed JSON, wrong types, unknown fields, oversized or too slow bodies)
/// into 400/413/408 problem+json, and an unreachable database into 503 with Retry-After. Anything else is a
/// genuine fault: 500, logged without the request body.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (DatabaseFaults.IsUnavailable(exception)) return await WriteUnavailableAsync(http, exception);
        if (exception is not BadHttpRequestException bad) return false;

        // Kestrel's own status where it gives one while the body is read: 413 too large, 408 too slow.
        var status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest;
        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                StatusCodes.Status413PayloadTooLarge => "Request body too large",
                StatusCodes.Status408RequestTimeout => "Request body too slow",
                _ => "The request could not be read",
            },
            Detail = bad.Message,
        };
        var described = bad.InnerException is JsonException json ? Describe(json) : Describe(bad);
        if (described is var (field, message))
        {
            problem.Detail = message;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        }
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Nothing was written (the transaction did not commit, or it was a read): the client may retry
    /// the same request after Retry-After, with the same Idempotency-Key for a write.</summary>
    private async ValueTask<bool> WriteUnavailableAsync(HttpContext http, Exception exception)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = DatabaseFaults.RetryAfterSeconds.ToString();
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "The database is unavailable",
            Detail = $"The service cannot reach its database just now. Retry after {DatabaseFaults.RetryAfterSeconds} seconds; " +
                     "repeat a write with the same Idempotency-Key so that it cannot be applied twice.",
        };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>Framework binding messages, reworded for API users.</summary>
    private static (string Field, string Message)? Describe(BadHttpRequestException bad)
    {
        if (bad.Message.Contains("no body was provided")) return ("body", "A JSON body is required.");
        var binding = Regex.Match(bad.Message, "^Failed to bind parameter \"[^\"]* (?<name>\\w+)\" from \"(?<value>.*)\"");
        return binding.Success
            ? (binding.Groups["name"].Value, $"'{binding.Groups["value"].Value}' is not a valid {binding.Groups["name"].Value}.")
            : null;
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
