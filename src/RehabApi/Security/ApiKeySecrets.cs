using System.Security.Cryptography;
using System.Text;

namespace RehabApi.Security;

/// <summary>The key format and its hashing. A key reads <c>rk_&lt;key id&gt;_&lt;secret&gt;</c>: the id finds the row
/// in one indexed lookup, the 256-bit random secret proves possession. Because the secret is random and long,
/// a salted HMAC-SHA256 is enough (a slow password hash would add nothing but latency to every request).</summary>
public static class ApiKeySecrets
{
    private const string Prefix = "rk_";
    private const int SecretBytes = 32;
    private const int MaxSecretLength = 128;

    public sealed record Issued(Guid KeyId, string PlainText, byte[] Salt, byte[] Hash);

    public static Issued Issue()
    {
        var keyId = Guid.CreateVersion7();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = new byte[HMACSHA256.HashSizeInBytes];
        Hash(salt, secret, hash);
        return new Issued(keyId, $"{Prefix}{keyId:N}_{secret}", salt, hash);
    }

    /// <summary>Splits a presented key into its id and secret; null when it is not shaped like one of ours.</summary>
    public static (Guid KeyId, string Secret)? Parse(string? presented)
    {
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = presented.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != 32 || !Guid.TryParseExact(rest[..separator], "N", out var keyId)) return null;
        var secret = rest[(separator + 1)..].ToString();
        return secret.Length is > 0 and <= MaxSecretLength ? (keyId, secret) : null;
    }

    public static bool Matches(ApiKey key, string secret) => HashMatches(key.Salt, secret, key.Hash);

    // A stand-in for a key that does not exist: random, made once per process, matched by no secret.
    private static readonly byte[] StandInSalt = RandomNumberGenerator.GetBytes(16);
    private static readonly byte[] StandInHash = RandomNumberGenerator.GetBytes(32);

    /// <summary>False, after the same work as <see cref="Matches"/>: what a presented key with an unknown id costs.</summary>
    public static bool MatchesNoKey(string secret)
    {
        _ = HashMatches(StandInSalt, secret, StandInHash);
        return false;
    }

    // Run on every request, so hashed on the stack: nothing allocated. No secret Parse accepts is longer.
    private static bool HashMatches(byte[] salt, string secret, byte[] expected)
    {
        if (secret.Length > MaxSecretLength) return false;
        Span<byte> hash = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Hash(salt, secret, hash);
        return CryptographicOperations.FixedTimeEquals(hash, expected);
    }

    /// <summary>The stored form of a secret (at most <see cref="MaxSecretLength"/> characters): HMAC-SHA256 of its
    /// UTF-8 bytes under the key's salt. The one definition, for issuing and for checking alike.</summary>
    private static void Hash(byte[] salt, string secret, Span<byte> destination)
    {
        Span<byte> utf8 = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxSecretLength)];
        var length = Encoding.UTF8.GetBytes(secret, utf8);
        HMACSHA256.HashData(salt, utf8[..length], destination);
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
