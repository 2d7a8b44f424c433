using RehabApi.Domain;

namespace RehabApi.Infrastructure;

/// <summary>The effective-time rule of PROTOCOL.md [all versions]: a client may date what it records in the past
/// (to import history), but never in the future nor before the episode's latest transition; a clinician's own key
/// at most <see cref="ClinicianBackdating"/> back, a clinic system (an import) further.</summary>
public static class EffectiveTime
{
    /// <summary>Tolerated clock difference between a clinic system and this service.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    /// <summary>How far back a physician's or therapist's own key may date a record.</summary>
    public static readonly TimeSpan ClinicianBackdating = TimeSpan.FromDays(3);

    /// <param name="notBefore">The latest moment already on record that this may not be dated before, and what it is.</param>
    public static DateTimeOffset Resolve(
        ValidationErrors errors, DateTimeOffset? requested, DateTimeOffset now, (DateTimeOffset At, string What) notBefore,
        bool clinicianKey, string field = "effectiveAt")
    {
        if (requested is null) return now;
        var effective = requested.Value.ToStorable();
        if (effective > now + ClockSkew)
            errors.Add(field, $"{field} may not be in the future.");
        else if (effective < notBefore.At)
            errors.Add(field, $"{field} may not be before {notBefore.What} ({notBefore.At:O}).");
        else if (clinicianKey && effective < now - ClinicianBackdating)
            errors.Add(field, $"A clinician's own key may date a record at most {ClinicianBackdating.TotalDays:0} days back; " +
                              "older history is imported by the clinic system.");
        return effective;
    }

    /// <summary>When a report about a local <paramref name="date"/> (a symptom report, a walk–run session) takes effect:
    /// at the end of that date, or when it was posted if that is earlier (a report about today).</summary>
    public static DateTimeOffset OfDate(DateOnly date, ClinicCalendar calendar, DateTimeOffset now)
    {
        var endOfDate = calendar.StartOf(date.AddDays(1)).AddTicks(-10);   // the last microsecond PostgreSQL can hold
        return endOfDate < now ? endOfDate : now;
    }
}
