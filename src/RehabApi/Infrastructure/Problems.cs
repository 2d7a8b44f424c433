using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using RehabApi.Domain.Gates;

namespace RehabApi.Infrastructure;

/// <summary>The error responses of the contract, all RFC 9457 problem+json (traceId is added centrally). Every problem
/// the service answers is made here and written by its result's ExecuteAsync, which goes through IProblemDetailsService
/// (AddRehabHttp): endpoints return the result, middleware and handlers execute it. One writer, one shape.</summary>
public static class Problems
{
    /// <summary>The type of a blocked advance's 409; a plain conflict has ASP.NET Core's default type for 409.</summary>
    public const string GateBlockedType = "https://rehabapi.example/problems/gate-blocked";
    public const string ConflictType = "https://tools.ietf.org/html/rfc9110#section-15.5.10";

    /// <summary>The type of a problem whose status ASP.NET Core has no default type for (413, 429); otherwise
    /// RFC 9457's about:blank, which says the status alone tells the problem.</summary>
    public static string DefaultType(int? status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
        StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
        _ => "about:blank",
    };

    /// <summary>The detail of a problem the framework writes without one: a validation problem (its errors say the
    /// rest), or a status code page for a path, method or body the API does not take.</summary>
    public static string DefaultDetail(int? status, string method) => status switch
    {
        StatusCodes.Status400BadRequest => "One or more fields are invalid: errors lists each with its messages.",
        StatusCodes.Status404NotFound => "There is nothing at this path.",
        StatusCodes.Status405MethodNotAllowed => $"This path does not take {method}; the Allow header lists the methods it does.",
        StatusCodes.Status415UnsupportedMediaType => "The body must be JSON, sent with Content-Type: application/json.",
        _ => ReasonPhrases.GetReasonPhrase(status ?? StatusCodes.Status500InternalServerError),
    };

    /// <summary>A problem with its status, a short title and a detail that says what to do about it.</summary>
    public static ProblemHttpResult Of(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail, extensions: extensions);

    public static ProblemHttpResult NotFound(string what, Guid id) => NotFound($"No {what} with id {id}.");

    public static ProblemHttpResult NotFound(string detail) => Of(StatusCodes.Status404NotFound, "Not found", detail);

    public static ProblemHttpResult Conflict(string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail);

    public static ProblemHttpResult Unauthorized(string detail) => Of(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult Forbidden(string detail) => Of(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult PreconditionFailed(string detail) => Of(StatusCodes.Status412PreconditionFailed, "Precondition failed", detail);

    /// <summary>A change-feed cursor followed by events that retention has deleted.</summary>
    public static ProblemHttpResult CursorExpired(int keptDays) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status410Gone,
            title: "Cursor expired",
            detail: $"Events after this cursor have been deleted (the feed keeps {keptDays} days). Re-read the state you keep, " +
                    "then read the feed again without after.",
            type: "https://rehabapi.example/problems/cursor-expired");

    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "One or more fields are invalid.");

    /// <summary>A blocked advance: 409 listing exactly what is unmet.</summary>
    public static ProblemHttpResult GateBlocked(string detail, GateEvaluation gate) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Gate requirements unmet",
            detail: detail,
            type: GateBlockedType,
            extensions: new Dictionary<string, object?>
            {
                ["phase"] = gate.Phase,
                ["nextPhase"] = gate.NextPhase,
                ["unmet"] = gate.Unmet.Select(UnmetRequirement.From).ToList(),
            });
}

/// <summary>One entry of the <c>unmet</c> list of a 409.</summary>
public sealed record UnmetRequirement(string Code, string Description, string? Detail, DateOnly? EarliestDate)
{
    public static UnmetRequirement From(RequirementResult r) => new(r.Code, r.Description, r.Detail, r.EarliestDate);
}

/// <summary>The shape of a blocked advance, for the OpenAPI document.</summary>
public sealed record GateBlockedProblem(
    string Type, string Title, int Status, string Detail, string TraceId,
    string Phase, string? NextPhase, IReadOnlyList<UnmetRequirement> Unmet);
