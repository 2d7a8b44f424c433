using System.Net;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace RehabApi.Tests.Infrastructure;

/// <summary>Sits in every client the tests use (RehabApiFactory) and holds each exchange to the served OpenAPI
/// document: an answer that the document does not describe fails the test that received it, at the call.
/// Requests are checked too, except those answered 4xx: a test that sends a bad request on purpose (to see the
/// 400, 404 or 422) is exercising exactly what the document says a client must not do.</summary>
public sealed class OpenApiConformanceHandler : DelegatingHandler
{
    public const string DocumentPath = "/openapi/v1.json";

    // Every instance of the service serves the same document: read it once, from whichever asks first.
    private static readonly SemaphoreSlim Loading = new(1, 1);
    private static OpenApiContract? contract;

    /// <summary>The served document, read through <paramref name="inner"/> the first time.</summary>
    public static async Task<OpenApiContract> ContractAsync(HttpMessageInvoker inner, Uri server, CancellationToken ct = default)
    {
        if (contract is not null) return contract;
        await Loading.WaitAsync(ct);
        try
        {
            if (contract is not null) return contract;
            using var response = await inner.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(server, DocumentPath)), ct);
            response.EnsureSuccessStatusCode();
            return contract = new OpenApiContract(JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!.AsObject());
        }
        finally
        {
            Loading.Release();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString.Split('?')[0];
        var requestBody = await CopyAsync(request.Content, ct);
        var response = await base.SendAsync(request, ct);
        if (path == DocumentPath) return response;

        var server = new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority));
        var document = await ContractAsync(new HttpMessageInvoker(InnerHandler!, disposeHandler: false), server, ct);
        await response.Content.LoadIntoBufferAsync(ct);
        var responseBody = await response.Content.ReadAsStringAsync(ct);
        var violations = Check(document, request, requestBody, response, responseBody, path).ToList();
        if (violations.Count > 0)
            throw new XunitException(
                $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode} outside the OpenAPI document:\n  " +
                string.Join("\n  ", violations) + $"\nrequest body: {Excerpt(requestBody)}\nresponse body: {Excerpt(responseBody)}");
        return response;
    }

    public static IEnumerable<string> Check(
        OpenApiContract document, HttpRequestMessage request, string? requestBody, HttpResponseMessage response, string responseBody, string path)
    {
        var (template, operation) = document.Find(request.Method, path);
        var status = (int)response.StatusCode;
        if (template is null)
        {
            // Paths outside /api (health, metrics, the console, the document itself) are not part of the document.
            if (path.StartsWith("/api/", StringComparison.Ordinal) && response.StatusCode != HttpStatusCode.NotFound)
                yield return $"{path} is not a documented path, yet it answered {status}";
            yield break;
        }
        if (operation is null)
        {
            // A method a documented path does not list: the server must refuse it, not serve something undocumented.
            if (response.StatusCode != HttpStatusCode.MethodNotAllowed) yield return $"{request.Method} is not documented on {template}, yet it answered {status}";
            yield break;
        }
        if (status is < 400 or >= 500)
            foreach (var violation in document.CheckRequest(operation, request, requestBody)) yield return $"request: {violation}";
        foreach (var violation in document.CheckResponse(operation, response, responseBody)) yield return $"response: {violation}";
    }

    /// <summary>The body as text, copied rather than buffered: buffering would give the request a Content-Length it
    /// would otherwise go without (string and JSON contents simply serialize again for the send).</summary>
    private static async Task<string?> CopyAsync(HttpContent? content, CancellationToken ct)
    {
        if (content is null) return null;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy, ct);
        return System.Text.Encoding.UTF8.GetString(copy.ToArray());
    }

    private static string Excerpt(string? body) =>
        body is null ? "(none)" : body.Length <= 1500 ? body : body[..1500] + "…";
}
