namespace RehabApi.Infrastructure;

public static class Clock
{
    /// <summary>Now in UTC, truncated to microseconds: what PostgreSQL stores, so a value read back
    /// compares equal to the one written.</summary>
    public static DateTimeOffset UtcNow(this TimeProvider time) => time.GetUtcNow().ToStorable();

    public static DateTimeOffset ToStorable(this DateTimeOffset moment)
    {
        var utc = moment.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % 10));
    }

    /// <summary>The UTC date, which is not a clinic's date: clinic dates come from the caller's
    /// <see cref="Domain.ClinicCalendar"/> (CurrentCaller.Calendar.DateOf(now)).</summary>
    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
}
