namespace RehabApi.Infrastructure;

/// <summary>Declares the problem+json answers an endpoint can give, so the OpenAPI document lists them
/// (handlers return them as ProblemHttpResult, which carries no status of its own).</summary>
internal static class OpenApiErrors
{
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder route, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            if (status == StatusCodes.Status400BadRequest) route.ProducesValidationProblem();
            else route.ProducesProblem(status);
        }
        return route;
    }
}
