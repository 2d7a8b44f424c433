namespace RehabApi.Infrastructure;

/// <summary>The service's one clock, registered as its <see cref="TimeProvider"/>: the system's (tests put theirs
/// inside), read in microseconds, what PostgreSQL stores, so that a time the service writes reads back equal to the
/// one it answered with. Code reads the time only as <c>TimeProvider.GetUtcNow()</c> on the injected provider.</summary>
internal sealed class ServiceTime(TimeProvider inner) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow().ToStorable();

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);
}

public static class StorableTime
{
    /// <summary>In UTC, truncated to microseconds: what PostgreSQL stores.</summary>
    public static DateTimeOffset ToStorable(this DateTimeOffset moment)
    {
        var utc = moment.ToUniversalTime();
        return utc.AddTicks(-(utc.Ticks % 10));
    }
}
