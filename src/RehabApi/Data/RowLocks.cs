using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace RehabApi.Data;

/// <summary>Turns a query tagged <see cref="Tag"/> into <c>SELECT ... FOR UPDATE</c>: the rows it reads stay locked
/// until the transaction ends. EF Core has no locking clause, and a <c>FromSql</c> query (the usual way to write one)
/// cannot be compiled, so every write paid EF's query preparation for its row lock (bench/NOTES.md, item 13).
/// A tagged LINQ query compiles; its SQL ends with the LIMIT, and PostgreSQL takes the locking clause after it.</summary>
internal sealed class RowLocks : DbCommandInterceptor
{
    /// <summary>Pass to <c>TagWith</c>. Only for queries of one table (a join would lock the rows of every table in it).</summary>
    public const string Tag = "rehab: lock the rows read (FOR UPDATE)";

    private const string TaggedPrefix = "-- " + Tag;

    public override InterceptionResult<DbDataReader> ReaderExecuting(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        AddLockingClause(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        AddLockingClause(command);
        return ValueTask.FromResult(result);
    }

    private static void AddLockingClause(DbCommand command)
    {
        if (command.CommandText.StartsWith(TaggedPrefix, StringComparison.Ordinal)) command.CommandText += "\nFOR UPDATE";
    }
}
