using Microsoft.AspNetCore.Mvc;

namespace RehabApi.Security;

internal static class EndpointAccess
{
    /// <summary>Every endpoint under the group needs a valid key (401 otherwise) and counts against its rate limit (429).</summary>
    public static RouteGroupBuilder RequireApiKey(this RouteGroupBuilder group) =>
        group.RequireAuthorization(AccessPolicies.AnyKey)
            .WithMetadata(
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status429TooManyRequests, typeof(ProblemDetails), ["application/problem+json"]));

    /// <summary>Only the roles of <paramref name="policy"/> may call this endpoint (403 otherwise).</summary>
    public static RouteHandlerBuilder AllowOnly(this RouteHandlerBuilder route, string policy) =>
        route.RequireAuthorization(policy).ProducesProblem(StatusCodes.Status403Forbidden);
}
