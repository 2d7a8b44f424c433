using RehabApi.Data;

namespace RehabApi.Infrastructure;

/// <summary>Housekeeping that every instance runs on a timer (idempotency cleanup, retention). Each pass is safe
/// to run on several instances at once. A pass that finds the database down, or fails for any other reason, is
/// logged and the next tick tries again: housekeeping never stops the host.</summary>
internal abstract partial class PeriodicHousekeeping(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>PeriodicTimer takes at most 2^32 − 2 ms, about 49 days.</summary>
    public const int MaxIntervalMinutes = 71_582;

    protected TimeProvider Time { get; } = time;

    protected ILogger Logger { get; } = logger;

    /// <summary>The task's name in log lines, e.g. "Retention".</summary>
    protected abstract string Name { get; }

    protected abstract Task RunPassAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, Time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunPassAsync(stoppingToken);
            }
            catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
            {
                Skipped(Logger, Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A schema not yet migrated, the database refusing a delete: the next tick tries again.
                Failed(Logger, Name, e.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Task} skipped: the database is unavailable")]
    private static partial void Skipped(ILogger logger, string task);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Task} pass failed ({ExceptionType}); trying again at the next interval")]
    private static partial void Failed(ILogger logger, string task, string exceptionType);
}
