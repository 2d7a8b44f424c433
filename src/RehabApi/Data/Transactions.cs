using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace RehabApi.Data;

public static class Transactions
{
    /// <summary>Begins a transaction, or joins the one already open on this request's context (the
    /// Idempotency-Key middleware opens one so that the stored response commits with the write). A joined
    /// transaction's commit and rollback do nothing: whoever began it decides.</summary>
    public static async Task<IDbContextTransaction> BeginOrJoinTransactionAsync(this RehabDbContext db, CancellationToken ct) =>
        db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : new JoinedTransaction(db.Database.CurrentTransaction);

    private sealed class JoinedTransaction(IDbContextTransaction outer) : IDbContextTransaction
    {
        public Guid TransactionId => outer.TransactionId;
        public void Commit() { }
        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Rollback() { }
        public Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
