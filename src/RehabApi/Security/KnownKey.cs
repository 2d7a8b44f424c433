using System.Security.Claims;
using RehabApi.Domain;

namespace RehabApi.Security;

/// <summary>A stored key with the time zone of its clinic: all a request needs to know its caller, read in one
/// round trip and cached together (<see cref="ApiKeyCache"/>), so that no request reads the clinic again.</summary>
public sealed record KnownKey(ApiKey Key, string ClinicTimeZone)
{
    public ClinicCalendar Calendar { get; } = ClinicCalendar.For(ClinicTimeZone);

    /// <summary>The caller an API request with this key is: built once with the cached key rather than on every
    /// request (bench/NOTES.md, ninth session). Shared by every request the key makes, so nothing may add to it:
    /// nothing in this service does (no claims transformation; the API's policies name no second scheme to merge).</summary>
    public ClaimsPrincipal Principal { get; } = new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, Key.Id.ToString()),
            new Claim(ClaimTypes.Name, Key.Name),
            new Claim(ClaimTypes.Role, Key.Role),
        ],
        ApiKeyAuthenticationHandler.SchemeName));
}
