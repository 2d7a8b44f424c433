using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace RehabApi.Data;

/// <summary>Retries transient PostgreSQL failures (a dropped or refused connection, a server restarting)
/// where that is safe: statements that run on their own, which are the reads. Anything inside a
/// transaction runs once: every write is in one, and after a lost connection nobody knows whether its
/// commit happened, so a blind retry could apply it twice. Writes are retried by the client instead,
/// with the same Idempotency-Key.</summary>
internal sealed class ReadRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies)
    : NpgsqlRetryingExecutionStrategy(dependencies, MaxRetries, MaxDelay, errorCodesToAdd: null)
{
    // Two quick retries (at once, then after about a second): enough to step past pooled connections
    // that died with a server restart, short enough that an outage answers 503 promptly.
    private const int MaxRetries = 2;
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(1);

    /// <summary>False, so that EF Core streams results instead of buffering each whole result before the first row
    /// is read (it buffers under a strategy that "retries on failure", so that a failure in the middle of reading
    /// could be retried). The retry still covers what fails after a restart or a failover: opening the connection
    /// and running the statement. A failure while rows are being read is not retried and answers 503
    /// (DatabaseFaults). Buffering cost about a sixth of a 50-episode list's CPU (bench/NOTES.md, item 12).</summary>
    public override bool RetriesOnFailure => false;

    /// <summary>Runs <paramref name="read"/>, a read on a connection of its own outside any transaction (one that needs no
    /// context), with this strategy's retries: again at once, then after <see cref="MaxDelay"/>, when PostgreSQL could not
    /// be reached or dropped the connection. What EF Core's strategy would do for the same read on a context.</summary>
    public static async Task<TResult> RetryReadAsync<TResult>(Func<CancellationToken, Task<TResult>> read, CancellationToken ct)
    {
        for (var retries = 0; ; retries++)
        {
            try
            {
                return await read(ct);
            }
            catch (Exception exception) when (retries < MaxRetries && IsTransient(exception))
            {
                await Task.Delay(retries == 0 ? TimeSpan.Zero : MaxDelay, ct);
            }
        }
    }

    /// <summary>What both kinds of read retry on: Npgsql's own verdict that a failure may pass (a dropped or refused
    /// connection, a server shutting down), or a timeout.</summary>
    private static bool IsTransient(Exception? exception) => exception is NpgsqlException { IsTransient: true } or TimeoutException;

    protected override bool ShouldRetryOn(Exception? exception) => IsTransient(exception);

    private bool InTransaction => Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;

    public override TResult Execute<TState, TResult>(
        TState state, Func<DbContext, TState, TResult> operation, Func<DbContext, TState, ExecutionResult<TResult>>? verifySucceeded) =>
        InTransaction ? operation(Dependencies.CurrentContext.Context, state) : base.Execute(state, operation, verifySucceeded);

    public override Task<TResult> ExecuteAsync<TState, TResult>(
        TState state, Func<DbContext, TState, CancellationToken, Task<TResult>> operation,
        Func<DbContext, TState, CancellationToken, Task<ExecutionResult<TResult>>>? verifySucceeded,
        CancellationToken cancellationToken = default) =>
        InTransaction
            ? operation(Dependencies.CurrentContext.Context, state, cancellationToken)
            : base.ExecuteAsync(state, operation, verifySucceeded, cancellationToken);
}
