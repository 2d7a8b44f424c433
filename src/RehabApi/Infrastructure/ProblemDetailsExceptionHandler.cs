using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace RehabApi.Infrastructure;

/// <summary>Turns request-shape failures (malformed JSON, wrong types, unknown fields, oversized bodies)
/// into 400/413 problem+json. Anything else is a genuine fault: 500, logged without the request body.</summary>
internal sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is not BadHttpRequestException bad) return false;

        var status = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? 413 : 400;
        http.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = status == 413 ? "Request body too large" : "The request could not be read",
            Detail = Describe(bad),
        };
        if (bad.InnerException is JsonException { Path: { } path })
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [path] = [FirstLine(bad.InnerException.Message)] };
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => $"The body is not valid JSON for this request: {FirstLine(json.Message)}",
        _ => bad.Message,
    };

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
