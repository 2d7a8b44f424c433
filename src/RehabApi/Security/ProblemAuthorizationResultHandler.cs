using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace RehabApi.Security;

/// <summary>A 403 that says which roles the endpoint needs and which one the key has, as problem+json.
/// Challenges (no or bad key) go to <see cref="ApiKeyAuthenticationHandler"/>, which writes the 401.</summary>
internal sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems)
    : IAuthorizationMiddlewareResultHandler
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
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Forbidden",
                Detail = $"This request needs one of the roles {string.Join(", ", allowed)}; this key's role is {context.User.FindFirstValue(ClaimTypes.Role)}.",
            },
        });
    }
}
