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
}
