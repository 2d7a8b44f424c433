using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain.Protocols;
using RehabApi.Security;

namespace RehabApi.Protocols;

/// <summary>Finds protocol definitions: the built-in versions, and versions clinics have published.
/// Per request, over the request's <see cref="RehabDbContext"/>, so reads see the caller's clinic only: a clinic's
/// versions are numbered within the clinic, and an episode's pin (key, version) means its own clinic's version.</summary>
public sealed class ProtocolStore(RehabDbContext db, CurrentCaller caller, PublishedProtocolCache cache)
{
    /// <summary>What a new episode of the caller's clinic starts on: the clinic's latest published version of
    /// the default protocol, else the built-in default. Read afresh, so a version published on another
    /// instance a moment ago is used at once.</summary>
    public async Task<ProtocolDefinition> ForNewEpisodeAsync(CancellationToken ct)
    {
        var latest = await LatestOwnVersionAsync(ct);
        return latest is { } version ? await GetAsync(ProtocolCatalog.DefaultKey, version, ct) : ProtocolCatalog.Default;
    }

    /// <summary>The definition an episode of the caller's clinic is pinned to (an episode is only ever read through
    /// the clinic filter, so its clinic is the caller's).</summary>
    public async Task<ProtocolDefinition> GetAsync(string key, int version, CancellationToken ct) =>
        await FindVisibleAsync(key, version, ct)
        ?? throw new InvalidOperationException($"Protocol {key} v{version} is referenced by an episode but not known.");

    /// <summary>A built-in version or one of the caller's clinic's own; null when the clinic has no such version.</summary>
    public async Task<ProtocolDefinition?> FindVisibleAsync(string key, int version, CancellationToken ct)
    {
        if (ProtocolCatalog.Find(key, version) is { } builtIn) return builtIn;
        if (cache.TryGet(caller.ClinicId, key, version, out var cached)) return cached;
        var json = await db.ClinicProtocolVersions.AsNoTracking()
            .Where(v => v.Key == key && v.Version == version).Select(v => v.Definition).SingleOrDefaultAsync(ct);
        return json is null ? null : cache.GetOrParse(caller.ClinicId, key, version, json);
    }

    /// <summary>The built-in versions, then the caller's clinic's own, each marked if new episodes start on it.</summary>
    public async Task<IReadOnlyList<ProtocolSummary>> ListVisibleAsync(CancellationToken ct)
    {
        var own = await db.ClinicProtocolVersions.AsNoTracking().OrderBy(v => v.Key).ThenBy(v => v.Version).ToListAsync(ct);
        var current = own.Where(v => v.Key == ProtocolCatalog.DefaultKey).Select(v => (int?)v.Version).Max() ?? ProtocolCatalog.Default.Version;
        bool IsCurrent(string key, int version) => key == ProtocolCatalog.DefaultKey && version == current;

        var builtIns = ProtocolCatalog.BuiltInProtocols.Select(p =>
            new ProtocolSummary(p.Key, p.Version, p.Title, ProtocolSources.BuiltIn, IsCurrent(p.Key, p.Version), null));
        var published = own.Select(v => new ProtocolSummary(v.Key, v.Version, cache.GetOrParse(v.ClinicId, v.Key, v.Version, v.Definition).Title,
            ProtocolSources.Clinic, IsCurrent(v.Key, v.Version), v.PublishedAt));
        return [.. builtIns, .. published];
    }

    /// <summary>Stores <paramref name="definition"/> as the caller's clinic's next version of its key and returns
    /// it with that version; the caller has checked it with <see cref="ProtocolSafety"/>. Versions are numbered
    /// within the clinic, on from the newest built-in one (never a built-in's number, so that GET .../versions/n
    /// names one definition), so that a number says nothing of what other clinics publish.</summary>
    public async Task<ProtocolDefinition> PublishAsync(ProtocolDefinition definition, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        // Two admins of the clinic publishing the same key at once would both pick the same next number: take turns.
        await db.Database.ExecuteSqlAsync(
            $"SELECT pg_advisory_xact_lock(hashtextextended({$"protocol-version:{caller.ClinicId}:{definition.Key}"}, 0))", ct);
        var highestPublished = await db.ClinicProtocolVersions
            .Where(v => v.Key == definition.Key).MaxAsync(v => (int?)v.Version, ct) ?? 0;
        var highestBuiltIn = ProtocolCatalog.BuiltInProtocols.Where(p => p.Key == definition.Key).Max(p => (int?)p.Version) ?? 0;
        var published = definition with { Version = Math.Max(highestPublished, highestBuiltIn) + 1 };

        db.ClinicProtocolVersions.Add(new ClinicProtocolVersion
        {
            Key = published.Key,
            Version = published.Version,
            ClinicId = caller.ClinicId,
            Definition = JsonSerializer.Serialize(published, ProtocolCatalog.JsonOptions),
            PublishedAt = now,
            PublishedByKeyId = caller.KeyId,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return published;
    }

    private Task<int?> LatestOwnVersionAsync(CancellationToken ct) =>
        db.ClinicProtocolVersions.AsNoTracking().Where(v => v.Key == ProtocolCatalog.DefaultKey).MaxAsync(v => (int?)v.Version, ct);
}
