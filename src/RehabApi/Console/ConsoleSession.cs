using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using RehabApi.Data;
using RehabApi.Security;

namespace RehabApi.ClinicianConsole;

/// <summary>The console's session: the API key is checked once, at sign-in, and only its id, clinic and role go into the
/// (encrypted, HttpOnly) cookie, never the key. Every request after that looks the key up again (ApiKeyCache, which a
/// revocation empties at once): a revoked key ends the session on its next request. While the key is good the request
/// acts as that key, exactly as an API call with it would (<see cref="CurrentCaller"/>).</summary>
internal sealed class ConsoleSession(ApiKeyCache cache, CurrentCaller caller) : CookieAuthenticationEvents
{
    public const string ClinicClaim = "clinic";

    /// <summary>The principal a cookie carries for <paramref name="key"/>.</summary>
    public static ClaimsPrincipal PrincipalFor(ApiKey key) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
            new Claim(ClaimTypes.Name, key.Name),
            new Claim(ClaimTypes.Role, key.Role),
            new Claim(ClinicClaim, key.ClinicId.ToString()),
        ],
        ConsoleSetup.Scheme));

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal!;
        var known = Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var keyId)
            ? await ApiKeyLookup.FindAsync(context.HttpContext.RequestServices, cache, keyId, context.HttpContext.RequestAborted)
            : null;
        if (known is null || known.Key.IsRevoked || known.Key.Role != principal.FindFirstValue(ClaimTypes.Role)
            || known.Key.ClinicId.ToString() != principal.FindFirstValue(ClinicClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(ConsoleSetup.Scheme);
            return;
        }
        caller.SignIn(known.Key, known.Calendar);
    }

    /// <summary>Signed in, but the role may not do this: a 403 page, not a redirect.</summary>
    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
