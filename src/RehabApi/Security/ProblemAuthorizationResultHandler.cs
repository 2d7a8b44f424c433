using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using RehabApi.Infrastructure;

namespace RehabApi.Security;

/// <summary>A 403 that says which roles the endpoint needs and which one the key has, as problem+json.
/// Challenges (no or bad key) go to <see cref="ApiKeyAuthenticationHandler"/>, which writes the 401.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (!result.Forbidden)
        {
            await standard.HandleAsync(next, context, policy, result);
            return;
        }

        var allowed = result.AuthorizationFailure?.FailedRequirements
            .OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles)
            .Distinct()
            .ToList() ?? [];
        await Problems.Forbidden(
            $"This request needs one of the roles {string.Join(", ", allowed)}; this key's role is {context.User.FindFirstValue(ClaimTypes.Role)}.")
            .ExecuteAsync(context);
    }
}
