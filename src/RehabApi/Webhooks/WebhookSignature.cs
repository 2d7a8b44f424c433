using System.Security.Cryptography;
using System.Text;

namespace RehabApi.Webhooks;

/// <summary><c>X-Rehab-Signature: sha256=&lt;hex HMAC-SHA256 of the raw body, keyed with the subscription secret&gt;</c>.</summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-Rehab-Signature";
    public const string EventIdHeaderName = "X-Rehab-Event-Id";
    public const string EventTypeHeaderName = "X-Rehab-Event-Type";

    public static string For(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string NewSecret() => "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
