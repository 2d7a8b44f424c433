using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace RehabApi.Data;

public static class DatabaseFaults
{
    /// <summary>Seconds a client should wait before retrying when the database is unreachable.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>True when <paramref name="exception"/> (or what it wraps) says PostgreSQL could not be reached
    /// or dropped the connection: a passing fault, answered 503, unlike a bug or a constraint violation.</summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException or RetryLimitExceededException)
                return true;
        }
        return false;
    }
}
