using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RehabApi.Data;
using RehabApi.Infrastructure;

namespace RehabApi.Idempotency;

/// <summary>Deletes expired idempotency records now and then. Expiry does not depend on it (a claim
/// replaces an expired record itself); it only keeps the table small. Safe on several instances at once.</summary>
internal sealed partial class IdempotencyCleanup(
    IServiceScopeFactory scopes, IOptions<IdempotencyOptions> options, TimeProvider time, ILogger<IdempotencyCleanup> logger)
    : PeriodicHousekeeping(TimeSpan.FromMinutes(options.Value.CleanupIntervalMinutes), time, logger)
{
    protected override string Name => "Idempotency cleanup";

    protected override async Task<bool> RunPassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var now = Time.GetUtcNow();
        var deleted = await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
        if (deleted > 0) Deleted(Logger, deleted);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired idempotency records")]
    private static partial void Deleted(ILogger logger, int count);
}
