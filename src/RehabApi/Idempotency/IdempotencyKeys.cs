using System.Security.Cryptography;
using System.Text;

namespace RehabApi.Idempotency;

public static class IdempotencyKeys
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeaderName = "Idempotent-Replayed";
    public const int MaxLength = 255;

    /// <summary>A UUID is the usual choice; any 1 to 255 visible ASCII characters will do.</summary>
    public static bool IsValid(string key) =>
        key.Length is > 0 and <= MaxLength && key.All(c => c is > ' ' and <= '~');

    /// <summary>What makes two requests "the same": the same API key sending the same method, path, query
    /// and body bytes. Reads the body and rewinds it for the endpoint.</summary>
    public static async Task<byte[]> FingerprintAsync(HttpRequest request, Guid apiKeyId, CancellationToken ct)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(apiKeyId.ToByteArray());
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0) hash.AppendData(buffer, 0, read);
        request.Body.Position = 0;
        return hash.GetHashAndReset();
    }
}
