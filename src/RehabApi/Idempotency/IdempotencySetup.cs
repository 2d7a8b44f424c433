using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using RehabApi.Infrastructure;

namespace RehabApi.Idempotency;

public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>How long a key is remembered.</summary>
    [Range(1, 24 * 366, ErrorMessage = "Idempotency:{0} must be between {1} and {2}.")]
    public int KeyLifetimeHours { get; set; } = 24;

    /// <summary>How often expired keys are deleted.</summary>
    [Range(1, PeriodicHousekeeping.MaxIntervalMinutes, ErrorMessage = "Idempotency:{0} must be between {1} and {2}.")]
    public int CleanupIntervalMinutes { get; set; } = 60;

    public TimeSpan KeyLifetime => TimeSpan.FromHours(KeyLifetimeHours);
}

/// <summary>Marks an endpoint whose requests may carry an Idempotency-Key.</summary>
public sealed class AcceptsIdempotencyKey;

internal static class IdempotencySetup
{
    public static void AddRehabIdempotency(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<IdempotencyOptions>(IdempotencyOptions.Section);
        builder.Services.AddHostedService<IdempotencyCleanup>();
    }

    /// <summary>After security: the caller's clinic and key are known, and refused requests never get here.</summary>
    public static void UseRehabIdempotency(this WebApplication app) => app.UseMiddleware<IdempotencyMiddleware>();

    /// <summary>Every POST in the group creates something, so every one accepts Idempotency-Key (and may answer 422).</summary>
    public static RouteGroupBuilder AcceptIdempotencyKeysOnPosts(this RouteGroupBuilder group)
    {
        ((IEndpointConventionBuilder)group).Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<HttpMethodMetadata>().SelectMany(m => m.HttpMethods);
            if (!methods.Contains(HttpMethods.Post)) return;
            endpoint.Metadata.Add(new AcceptsIdempotencyKey());
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(
                StatusCodes.Status422UnprocessableEntity, typeof(ProblemDetails), ["application/problem+json"]));
        });
        return group;
    }
}
