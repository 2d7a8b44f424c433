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

    /// <summary>Not async itself: an authorized request (nearly all) goes straight on to the endpoint.</summary>
    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result) =>
        result.Forbidden ? ForbidAsync(context, result) : standard.HandleAsync(next, context, policy, result);

    private static Task ForbidAsync(HttpContext context, PolicyAuthorizationResult result)
    {
        var allowed = result.AuthorizationFailure?.FailedRequirements
            .OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles)
            .Distinct()
            .ToList() ?? [];
        return Problems.Forbidden(
            $"This request needs one of the roles {string.Join(", ", allowed)}; this key's role is {context.User.FindFirstValue(ClaimTypes.Role)}.")
            .ExecuteAsync(context);
    }
}
