namespace RehabApi.Infrastructure;

/// <summary>The effective-time rule of PROTOCOL.md: a client may date what it records in the past
/// (to import history), but never in the future nor before the episode's latest transition.</summary>
public static class EffectiveTime
{
    /// <summary>Tolerated clock difference between a clinic system and this service.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    public static DateTimeOffset Resolve(
        ValidationErrors errors, DateTimeOffset? requested, DateTimeOffset now, DateTimeOffset latestTransitionAt,
        string field = "effectiveAt")
    {
        if (requested is null) return now;
        var effective = requested.Value.ToStorable();
        if (effective > now + ClockSkew)
            errors.Add(field, $"{field} may not be in the future.");
        else if (effective < latestTransitionAt)
            errors.Add(field, $"{field} may not be before the episode's latest transition ({latestTransitionAt:O}).");
        return effective;
    }
}
