using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;

namespace RehabApi.Idempotency;

/// <summary>Deletes expired idempotency records now and then. Expiry does not depend on it (a claim
/// replaces an expired record itself); it only keeps the table small. Safe on several instances at once.</summary>
internal sealed partial class IdempotencyCleanup(
    IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotencyCleanup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(options.Value.CleanupIntervalMinutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
                var now = time.GetUtcNow();
                var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(stoppingToken);
                if (deleted > 0) Deleted(logger, deleted);
            }
            catch (Exception e) when (DatabaseFaults.IsUnavailable(e))
            {
                // The database is down; the next tick tries again.
                Skipped(logger);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency records")]
    private static partial void Deleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Idempotency cleanup skipped: the database is unavailable")]
    private static partial void Skipped(ILogger logger);
}
