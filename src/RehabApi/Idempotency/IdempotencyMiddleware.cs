using Microsoft.Extensions.Options;
using RehabApi.Data;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.Idempotency;

/// <summary>Makes a POST sent with <c>Idempotency-Key</c> safe to retry. The first request with a key runs
/// inside one transaction that also stores its response; a successful response is committed together with
/// the write and only then sent. A later request with the same key and the same request gets that stored
/// response (and <c>Idempotent-Replayed: true</c>) and writes nothing; with a different request, 422. A
/// request that failed (4xx, 5xx) wrote nothing and stores nothing, so its key may be used again. Keys are
/// scoped to the API key that sends them: another key's use of the same Idempotency-Key is unrelated.</summary>
internal sealed class IdempotencyMiddleware(RequestDelegate next, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    /// <summary>Not async itself: a request without a key it applies to (every GET, most POSTs) goes straight on.</summary>
    public Task InvokeAsync(HttpContext http, CurrentCaller caller)
    {
        var key = http.Request.Headers[IdempotencyKeys.HeaderName].ToString();
        var accepts = http.GetEndpoint()?.Metadata.GetMetadata<AcceptsIdempotencyKey>() is not null;
        return key.Length == 0 || !accepts || caller.KeyId is not { } apiKeyId ? next(http) : RunOnceAsync(http, caller, key, apiKeyId);
    }

    private async Task RunOnceAsync(HttpContext http, CurrentCaller caller, string key, Guid apiKeyId)
    {
        if (!IdempotencyKeys.IsValid(key))
        {
            await Problems.Validation(
                new Dictionary<string, string[]> { [IdempotencyKeys.HeaderName] = [$"An {IdempotencyKeys.HeaderName} is 1 to {IdempotencyKeys.MaxLength} visible ASCII characters, such as a UUID."] })
                .ExecuteAsync(http);
            return;
        }

        var ct = http.RequestAborted;
        var fingerprint = await IdempotencyKeys.FingerprintAsync(http.Request, apiKeyId, ct);
        // Resolved only here: most requests carry no key and need no context from this middleware.
        var db = http.RequestServices.GetRequiredService<RehabDbContext>();
        var store = new IdempotencyStore(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var now = time.GetUtcNow();
        while (!await store.TryClaimAsync(caller.ClinicId, apiKeyId, key, fingerprint, now, now + options.Value.KeyLifetime, ct))
        {
            // Null only if the first use expired and was cleaned up between the two statements: claim again.
            if (await store.FindAsync(caller.ClinicId, apiKeyId, key, ct) is not { } first) continue;
            if (first.RequestHash.AsSpan().SequenceEqual(fingerprint)) await ReplayAsync(http, first);
            else await RefuseReuseAsync(http, options.Value.KeyLifetimeHours);
            return;
        }

        var responseBody = http.Response.Body;
        using var captured = new MemoryStream();
        http.Response.Body = captured;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = responseBody;
        }

        var response = http.Response;
        if (response.StatusCode is >= 200 and < 300)
        {
            await store.CompleteAsync(caller.ClinicId, apiKeyId, key, response.StatusCode, response.ContentType,
                response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                response.Headers.ETag.ToString() is { Length: > 0 } etag ? etag : null,
                captured.ToArray(), ct);
            // Committed before a byte of the answer is sent: an acknowledged write is a durable one.
            await transaction.CommitAsync(ct);
        }
        else
        {
            await transaction.RollbackAsync(ct);
        }
        captured.Position = 0;
        await captured.CopyToAsync(responseBody, ct);
    }

    private static async Task ReplayAsync(HttpContext http, IdempotencyRecord first)
    {
        var response = http.Response;
        response.StatusCode = first.StatusCode;
        response.ContentType = first.ContentType;
        if (first.Location is not null) response.Headers.Location = first.Location;
        if (first.ETag is not null) response.Headers.ETag = first.ETag;
        response.Headers[IdempotencyKeys.ReplayedHeaderName] = "true";
        await response.Body.WriteAsync(first.Body, http.RequestAborted);
    }

    private static Task RefuseReuseAsync(HttpContext http, int lifetimeHours) =>
        Problems.Of(
            StatusCodes.Status422UnprocessableEntity,
            "Idempotency-Key already used",
            $"This {IdempotencyKeys.HeaderName} was already used by this API key for a different request (another body or path) " +
                    $"in the last {lifetimeHours} hours. Send a new key with a new request.").ExecuteAsync(http);
}
