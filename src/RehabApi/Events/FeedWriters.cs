using System.Buffers.Binary;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using RehabApi.Data;

namespace RehabApi.Events;

/// <summary>Which running transactions may still add a clinic's events: those holding the clinic's feed writer
/// lock, a shared advisory lock that every transaction of a context bound to a clinic takes as its first
/// statement. The feed (<see cref="FeedQuery"/>) then waits only for those, not for every transaction in the
/// cluster: another clinic's writes, a report, a dump or an idle session hold this clinic's feed back no more.
/// The lock comes first, before the transaction has an id (a row lock or an insert gives it one), so a reader
/// that finds a transaction id running without the lock knows it will never write this clinic's events.
/// Anything that inserts events by other means (SQL by hand) must take the same lock first:
/// <c>SELECT pg_advisory_xact_lock_shared(LockClass, LockKey(clinic))</c>.</summary>
internal sealed class FeedWriters : DbTransactionInterceptor
{
    /// <summary>The first key of every feed writer lock ("FEED"); the second is <see cref="LockKey"/>.</summary>
    public const int LockClass = 0x46454544;

    /// <summary>The clinic's 32 bits of the lock. Two clinics that share them only wait for each other's writes.</summary>
    public static int LockKey(Guid clinicId)
    {
        Span<byte> bytes = stackalloc byte[16];
        clinicId.TryWriteBytes(bytes);
        // Version 7 ids begin with a timestamp; folding all four words in keeps clinics made together apart.
        return BinaryPrimitives.ReadInt32LittleEndian(bytes) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])
             ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) ^ BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
    }

    public override async ValueTask<DbTransaction> TransactionStartedAsync(
        DbConnection connection, TransactionEndEventData eventData, DbTransaction result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is RehabDbContext { CallerClinicId: var clinicId } db && clinicId != Guid.Empty)
        {
            // Npgsql sends the BEGIN with this statement: one round trip.
            await using var command = LockCommand(connection, result, clinicId);
            await command.ExecuteNonQueryAsync(cancellationToken);
            db.TookFeedWriterLock(eventData.TransactionId, clinicId);
        }
        return result;
    }

    public override DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (eventData.Context is RehabDbContext { CallerClinicId: var clinicId } db && clinicId != Guid.Empty)
        {
            using var command = LockCommand(connection, result, clinicId);
            command.ExecuteNonQuery();
            db.TookFeedWriterLock(eventData.TransactionId, clinicId);
        }
        return result;
    }

    private static NpgsqlCommand LockCommand(DbConnection connection, DbTransaction transaction, Guid clinicId) =>
        new("SELECT pg_advisory_xact_lock_shared($1, $2)", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction)
        {
            Parameters = { new() { Value = LockClass }, new() { Value = LockKey(clinicId) } },
        };
}
