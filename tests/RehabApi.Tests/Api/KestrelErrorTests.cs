using System.Net.Sockets;
using System.Text;
using RehabApi.Clinics;
using RehabApi.Domain;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>Malformed HTTP sent over a socket to the service on Kestrel. What Kestrel finds while the body is read, and
/// what the framework refuses without a body of its own (404, 405, 415, 401), reach the service, which answers
/// problem+json. What Kestrel finds in the request line and headers (malformed, too long, too large, no Host) it answers
/// itself with an empty 4xx and closes the connection before any of the service's code runs: no middleware, exception
/// handler or status-code page sees those requests, so they are only checked to be 4xx.</summary>
public sealed class KestrelErrorTests(KestrelRehabApiFactory factory) : IClassFixture<KestrelRehabApiFactory>
{
    [Theory]
    [InlineData("a chunk size that is not hexadecimal", "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n")]
    [InlineData("a chunk without its line end", "Transfer-Encoding: chunked\r\n", "2\r\n{}XX0\r\n\r\n")]
    public async Task ABodyKestrelCannotReadIs400ProblemJson(string what, string headers, string body)
    {
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, Roles.ClinicSystem, "EHR");

        var (status, head, content) = await SendAsync(
            $"POST /api/v1/patients HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\n{headers}\r\n{body}");

        Assert.True(status == 400, $"{what}: {status}\n{head}\n{content}");
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":400", content);
        Assert.Contains("\"traceId\":", content);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Idempotency-Key: slow-1\r\n")]   // read first by the idempotency middleware, not the endpoint
    public async Task ABodyTooSlowToArriveIs408ProblemJson(string headers)
    {
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, Roles.ClinicSystem, "EHR");
        using var tcp = await ConnectAsync();
        var stream = tcp.GetStream();

        // Ten bytes of a body of a thousand, then nothing: the rate drops under the minimum once the grace period is over.
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/patients HTTP/1.1\r\nHost: localhost\r\nX-Api-Key: {key}\r\nContent-Type: application/json\r\n" +
            $"{headers}Content-Length: 1000\r\n\r\n{{\"externa"));
        var (status, head, content) = await ReadAnswerAsync(stream);

        Assert.True(status == 408, $"{status}\n{head}\n{content}");
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"status\":408", content);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nowhere", true, "", 404)]
    [InlineData("DELETE", "/api/v1/patients", true, "", 405)]
    [InlineData("POST", "/api/v1/patients", true, "hello", 415)]
    [InlineData("GET", "/api/v1/patients", false, "", 401)]
    public async Task WhatTheFrameworkRefusesWithoutABodyOfItsOwnIsProblemJson(string method, string path, bool withKey, string body, int expected)
    {
        var key = withKey ? $"X-Api-Key: {await factory.CreateKeyAsync(Clinic.DefaultSlug, Roles.ClinicSystem, "EHR")}\r\n" : "";

        var (status, head, content) = await SendAsync($"{method} {path} HTTP/1.1\r\nHost: localhost\r\n{key}" +
            $"Content-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}");

        Assert.True(status == expected, $"{method} {path}: {status}\n{head}\n{content}");
        Assert.Contains("Content-Type: application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"\"status\":{expected}", content);
    }

    [Theory]
    [InlineData("a malformed request line", "GARBAGE\r\n\r\n", 400)]
    [InlineData("a header without a colon", "GET /health/live HTTP/1.1\r\nHost: localhost\r\nNo colon here\r\n\r\n", 400)]
    [InlineData("a Content-Length that is not a number", "POST /api/v1/patients HTTP/1.1\r\nHost: localhost\r\nContent-Length: lots\r\n\r\n", 400)]
    [InlineData("headers over Kestrel's 32 KiB", "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\n\r\n", 431)]
    [InlineData("a request line over Kestrel's 8 KiB", "GET /health/live?{big} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414)]
    [InlineData("no Host header", "GET /health/live HTTP/1.1\r\n\r\n", 400)]
    public async Task WhatKestrelRefusesBeforeTheServiceRunsIsA4xxNeverA5xx(string what, string request, int expected)
    {
        var (status, head, _) = await SendAsync(request.Replace("{big}", new string('x', 40 * 1024)));

        Assert.True(status == expected, $"{what}: {status}\n{head}");
    }

    /// <summary>Sends <paramref name="request"/> as it is and reads the answer until the server closes the connection.</summary>
    private async Task<(int Status, string Head, string Body)> SendAsync(string request)
    {
        using var tcp = await ConnectAsync();
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        return await ReadAnswerAsync(stream);
    }

    private async Task<TcpClient> ConnectAsync()
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(factory.Address.Host, factory.Address.Port);
        return tcp;
    }

    private static async Task<(int Status, string Head, string Body)> ReadAnswerAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = new MemoryStream();
        try
        {
            await stream.CopyToAsync(answer, timeout.Token);
        }
        catch (IOException)
        {
            // Kestrel may reset the connection after answering a request it refused.
        }
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split > 0, $"No answer: '{text}'");
        var head = text[..split];
        return (int.Parse(head.Split(' ')[1]), head, text[(split + 4)..]);
    }
}
