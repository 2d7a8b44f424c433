namespace RehabApi.Domain.Gates;

/// <summary>Date arithmetic for a protocol's durations. ProtocolSafety bounds every duration of a version before it is
/// published (weeks ≤ 52, days ≤ 365), but a clinic version stored before those bounds existed may hold anything:
/// 7 × 613566756 weeks wraps round to −4 days in 32 bits, and every minimum time would be met before the diagnosis.</summary>
public static class Durations
{
    /// <summary>Far enough that no rule measured from it is met in anyone's lifetime; near enough that dates built on it
    /// stay inside the calendar.</summary>
    public const int MaxDaysAhead = 100 * 366;

    /// <summary><paramref name="date"/> plus <paramref name="days"/>, counted in 64 bits and held between the date itself
    /// (a time rule never counts backwards) and <see cref="MaxDaysAhead"/> days on.</summary>
    public static DateOnly After(DateOnly date, long days) => date.AddDays((int)Math.Clamp(days, 0, MaxDaysAhead));

    public static DateOnly WeeksAfter(DateOnly date, long weeks) => After(date, 7 * Math.Clamp(weeks, 0, MaxDaysAhead));
}
