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

    public sealed record Issued(Guid KeyId, string PlainText, byte[] Salt, byte[] Hash);

    public static Issued Issue()
    {
        var keyId = Guid.CreateVersion7();
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        var salt = RandomNumberGenerator.GetBytes(16);
        return new Issued(keyId, $"{Prefix}{keyId:N}_{secret}", salt, Hash(salt, secret));
    }

    /// <summary>Splits a presented key into its id and secret; null when it is not shaped like one of ours.</summary>
    public static (Guid KeyId, string Secret)? Parse(string? presented)
    {
        if (presented is null || !presented.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var rest = presented.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != 32 || !Guid.TryParseExact(rest[..separator], "N", out var keyId)) return null;
        var secret = rest[(separator + 1)..].ToString();
        return secret.Length is > 0 and <= 128 ? (keyId, secret) : null;
    }

    public static bool Matches(ApiKey key, string secret) =>
        CryptographicOperations.FixedTimeEquals(Hash(key.Salt, secret), key.Hash);

    // A stand-in for a key that does not exist: random, made once per process, matched by no secret.
    private static readonly byte[] StandInSalt = RandomNumberGenerator.GetBytes(16);
    private static readonly byte[] StandInHash = RandomNumberGenerator.GetBytes(32);

    /// <summary>False, after the same work as <see cref="Matches"/>: what a presented key with an unknown id costs.</summary>
    public static bool MatchesNoKey(string secret)
    {
        _ = CryptographicOperations.FixedTimeEquals(Hash(StandInSalt, secret), StandInHash);
        return false;
    }

    private static byte[] Hash(byte[] salt, string secret) => HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
