using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using RehabApi.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;

namespace RehabApi.Security;

/// <summary>Authenticates <c>X-Api-Key</c> against the stored hash on every request (the row comes from
/// <see cref="ApiKeyCache"/> when it is there, which a revocation empties at once), and sets <see cref="CurrentCaller"/>, which scopes all data to the
/// key's clinic. Missing, unknown or revoked keys get a 401 problem+json.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    RehabDbContext db, ApiKeyCache cache, CurrentCaller caller)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0) return AuthenticateResult.NoResult();

        // Messages never repeat the key: they may be logged.
        if (ApiKeySecrets.Parse(presented) is not var (keyId, secret))
            return AuthenticateResult.Fail("The API key is not one this service issued.");
        // An unknown id costs what a wrong secret does: the same hashing and constant-time comparison (against a
        // stand-in), and once looked up no database round trip either (ApiKeyCache). Its answer must not be faster
        // or slower, or it would tell which ids exist.
        var known = await FindAsync(keyId);
        var matches = known is null ? ApiKeySecrets.MatchesNoKey(secret) : ApiKeySecrets.Matches(known.Key, secret);
        if (known is null || !matches)
            return AuthenticateResult.Fail("The API key is not one this service issued.");
        var key = known.Key;
        if (key.IsRevoked)
            return AuthenticateResult.Fail("The API key has been revoked.");

        caller.SignIn(key, known.Calendar);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, key.Id.ToString()),
                new Claim(ClaimTypes.Name, key.Name),
                new Claim(ClaimTypes.Role, key.Role),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    // The clinic's time zone comes with the key, in the same round trip.
    private static readonly Func<RehabDbContext, Guid, CancellationToken, Task<KnownKey?>> FindKey =
        EF.CompileAsyncQuery((RehabDbContext db, Guid id, CancellationToken ct) =>
            db.ApiKeys.AsNoTracking().Where(k => k.Id == id)
                .Join(db.Clinics, k => k.ClinicId, c => c.Id, (k, c) => new KnownKey(k, c.TimeZone))
                .SingleOrDefault());

    private async Task<KnownKey?> FindAsync(Guid keyId)
    {
        if (cache.TryGet(keyId, out var cached)) return cached;
        if (cache.IsUnknown(keyId)) return null;
        var changesBeforeRead = cache.Changes;
        var key = await FindKey(db, keyId, Context.RequestAborted);
        if (key is not null) cache.Add(key, changesBeforeRead);
        else cache.AddUnknown(keyId, changesBeforeRead);
        return key;
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await Problems.Unauthorized(result.Failure?.Message ?? $"Send an API key in the {HeaderName} header.").ExecuteAsync(Context);
    }
}
