using Microsoft.EntityFrameworkCore;
using RehabApi.Data;

namespace RehabApi.Operations;

internal static class MigrateCommand
{
    /// <summary><c>RehabApi migrate</c>: applies pending migrations and exits. Safe to run twice.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter? output = null, CancellationToken ct = default)
    {
        output ??= Console.Out;
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        await output.WriteLineAsync(pending.Count == 0
            ? "The database schema is current."
            : $"Applied {pending.Count} migration(s): {string.Join(", ", pending)}.");
        return 0;
    }
}
