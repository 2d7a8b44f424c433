using System.Diagnostics;

namespace RehabApi.Tests.Infrastructure;

/// <summary>Waits for what another thread, host or server does (a background worker, a notification, a log line) by
/// asking again until it is there. A passing test returns as soon as it is; only a failing one waits out the
/// deadline, so the deadline is generous: a test must not fail because a loaded machine was slow
/// (scripts/test-under-load.sh).</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Reads until <paramref name="done"/> holds, and returns what was read then; fails naming
    /// <paramref name="what"/> and showing the last read when <paramref name="within"/> (<see cref="Patience"/>) has passed.</summary>
    public static async Task<T> ReadAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        var clock = Stopwatch.StartNew();
        var pause = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (clock.Elapsed > (within ?? Patience)) Assert.Fail($"Waited {clock.Elapsed.TotalSeconds:0} s for {what}; last: {value}");
            await Task.Delay(pause);
            // Quick at first, then gentler on a machine that is already slow.
            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 200));
        }
    }

    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null) =>
        ReadAsync(condition, holds => holds, what, within);

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        ReadAsync(() => Task.FromResult(condition()), holds => holds, what, within);
}
