using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using RehabApi.Transitions;

namespace RehabApi.Observability;

/// <summary>Counts the transitions a SaveChanges inserted (<see cref="RehabMetrics.TransitionSaved"/>), once saved.</summary>
internal sealed class TransitionMetrics(RehabMetrics metrics) : SaveChangesInterceptor
{
    // One interceptor serves every pooled context: the transitions being saved are kept per context, between
    // "saving" (still marked Added) and "saved".
    private readonly ConditionalWeakTable<DbContext, List<Transition>> saving = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            var transitions = db.ChangeTracker.Entries<Transition>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
            if (transitions.Count > 0) saving.AddOrUpdate(db, transitions);
            else saving.Remove(db);
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && saving.TryGetValue(db, out var transitions))
        {
            saving.Remove(db);
            foreach (var t in transitions) metrics.TransitionSaved(t.Action, t.FromPhase, t.ToPhase);
        }
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db) saving.Remove(db);
        return Task.CompletedTask;
    }
}
