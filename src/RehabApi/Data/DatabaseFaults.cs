using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace RehabApi.Data;

public static class DatabaseFaults
{
    /// <summary>Seconds a client should wait before retrying when the database is unreachable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="exception"/> (or what it wraps) says PostgreSQL could not be reached
    /// or dropped the connection: a passing fault, answered 503, unlike a bug or a constraint violation.
    /// A failover is one too: while the standby is being promoted no listed host is the primary, and a session
    /// that still reaches a server being demoted or shut down is refused writes or ended. In each case nothing
    /// was committed by that statement.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException or RetryLimitExceededException) return true;
            if (e is PostgresException { SqlState: PostgresErrorCodes.ReadOnlySqlTransaction or PostgresErrorCodes.AdminShutdown
                    or PostgresErrorCodes.CrashShutdown }) return true;
            if (IsNoPrimaryFound(e)) return true;
        }
        return false;
    }

    /// <summary>What Npgsql throws, with no inner exception, when every host of a multi-host connection string was
    /// skipped: down at its last check, or not the primary that Target Session Attributes asks for.</summary>
    private static bool IsNoPrimaryFound(Exception e) =>
        e.GetType() == typeof(NpgsqlException) && e.InnerException is null
        && e.Message.StartsWith("No suitable host", StringComparison.Ordinal);
}
