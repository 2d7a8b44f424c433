using Microsoft.EntityFrameworkCore.Diagnostics;
using RehabApi.Data;

namespace RehabApi.Events;

/// <summary>Every history record saved gets its events in the same SaveChanges, and the database gives each
/// event its webhook deliveries (fan_out_event), hence all in the same transaction: the feed and the outbox
/// cannot miss a change or invent one. Events are written only in a transaction that took their clinic's feed
/// writer lock when it began (<see cref="FeedWriters"/>): a feed reader would not wait for any other, and could skip them.</summary>
internal sealed class ChangeEventWriter : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RehabDbContext db) Record(db);
        return ValueTask.FromResult(result);
    }

    private static void Record(RehabDbContext db)
    {
        var events = ChangeEventRecorder.Record(db);
        if (events.Count > 0
            && (db.Database.CurrentTransaction?.TransactionId is not { } transaction || transaction != db.FeedWriter.Transaction
                || events.Any(e => e.ClinicId != db.FeedWriter.Clinic)))
            throw new InvalidOperationException(
                "Change events must be saved in a transaction begun (BeginOrJoinTransactionAsync) by a context bound to their clinic.");
    }
}
