using RehabApi.Data;

namespace RehabApi.Infrastructure;

/// <summary>Background work that every instance runs on a timer (webhook delivery, idempotency cleanup, retention).
/// Each pass is safe to run on several instances at once. A pass that finds the database down, or fails for any
/// other reason, is logged and the next tick tries again: background work never stops the host.</summary>
internal abstract partial class PeriodicHousekeeping(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>PeriodicTimer takes at most 2^32 − 2 ms, about 49 days.</summary>
    public const int MaxIntervalMinutes = 71_582;

    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    /// <summary>The task's name in log lines, e.g. "Retention".</summary>
    protected abstract string Name { get; }

    /// <summary>Whether this instance runs the task at all.</summary>
    protected virtual bool Enabled => true;

    /// <summary>One pass; true when more work is waiting (a full batch), so that the next pass runs at once instead of
    /// at the next tick.</summary>
    protected abstract Task<bool> RunPassAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled) return;
        using var timer = new PeriodicTimer(interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            // A pass that found more waiting is followed by another at once.
            bool more;
            do more = await TryPassAsync(stoppingToken);
            while (more && !stoppingToken.IsCancellationRequested);
        }
    }

    private async Task<bool> TryPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await RunPassAsync(stoppingToken);
        }
        catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
        {
            Skipped(Logger, Name);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // A schema not yet migrated, the database refusing a delete, a bug: the next tick tries again.
            Failed(Logger, Name, e.GetType().Name);
        }
        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Task} skipped: the database is unavailable")]
    private static partial void Skipped(ILogger logger, string task);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Task} pass failed ({ExceptionType}); trying again at the next interval")]
    private static partial void Failed(ILogger logger, string task, string exceptionType);
}
