using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using RehabApi.Infrastructure;
using Microsoft.Extensions.Options;

namespace RehabApi.Security;

/// <summary>Authenticates <c>X-Api-Key</c> against the stored hash on every request (the row comes from
/// <see cref="ApiKeyCache"/> when it is there, which a revocation empties at once), and sets <see cref="CurrentCaller"/>, which scopes all data to the
/// key's clinic. Missing, unknown or revoked keys get a 401 problem+json.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiKeyCache cache, CurrentCaller caller)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0) return AuthenticateResult.NoResult();

        var (known, failure) = await ApiKeyLookup.VerifyAsync(Context.RequestServices, cache, presented, Context.RequestAborted);
        if (known is null) return AuthenticateResult.Fail(failure!);

        caller.SignIn(known.Key, known.Calendar);
        return AuthenticateResult.Success(new AuthenticationTicket(known.Principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        await Problems.Unauthorized(result.Failure?.Message ?? $"Send an API key in the {HeaderName} header.").ExecuteAsync(Context);
    }
}
