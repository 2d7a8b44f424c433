using System.Diagnostics;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RehabApi.Infrastructure;

internal static class HttpSetup
{
    /// <summary>Strict JSON, and problem+json for every error.</summary>
    public static void AddRehabHttp(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            var json = options.SerializerOptions;
            // The contract rejects unknown fields rather than silently dropping them.
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            // A body says one thing: a field twice is refused rather than the last one winning (also in another letter
            // case: the web defaults match names case-insensitively, so ExternalRef is externalRef), and a number is a number.
            json.AllowDuplicateProperties = false;
            json.NumberHandling = JsonNumberHandling.Strict;
            // Every property is written, null included: a field is always present, as the OpenAPI document says
            // (clients generated from it tell null from absent).
            json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            json.Converters.Add(new StrictDateTimeOffsetConverter());
            // No nulls where the contract has none, no control characters in any text.
            json.TypeInfoResolver = (json.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(JsonBodyGuard.Modify);
        });
        // Malformed bodies and query values raise BadHttpRequestException, which becomes a problem+json 400.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            // Every problem has a type and says what went wrong in words (API.md), also those the framework writes itself.
            context.ProblemDetails.Type ??= Problems.DefaultType(context.ProblemDetails.Status);
            context.ProblemDetails.Detail ??= Problems.DefaultDetail(context.ProblemDetails.Status, context.HttpContext.Request.Method);
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
    }
}
