using System.Collections.Concurrent;

namespace RehabApi.Security;

/// <summary>Keys already looked up, so that a request needs no database round trip to know its caller
/// (bench/NOTES.md: the lookup was a third of the cost of reading an episode). A revoked key must still fail
/// on the very next request, so the cache is trusted only while <see cref="ApiKeyRevocationListener"/>
/// listens: PostgreSQL notifies every instance of any change to a key (a trigger on api_keys), and the
/// listener evicts it. While the listener is down nothing is served from the cache. Entries also expire
/// (Security:KeyCacheSeconds, 60 by default; 0 turns the cache off) as a second line of defence.</summary>
public sealed class ApiKeyCache(TimeProvider time, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<Guid, (ApiKey Key, DateTimeOffset Until)> entries = new();
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(configuration.GetValue("Security:KeyCacheSeconds", 60));
    private long changes;
    private volatile bool listening;

    /// <summary>Counts the notified changes; a lookup that saw the count move while it read the database
    /// does not cache what it read, which might predate the change.</summary>
    public long Changes => Interlocked.Read(ref changes);

    public bool TryGet(Guid keyId, out ApiKey key)
    {
        key = null!;
        if (!listening || !entries.TryGetValue(keyId, out var entry)) return false;
        if (entry.Until <= time.GetUtcNow())
        {
            entries.TryRemove(keyId, out _);
            return false;
        }
        key = entry.Key;
        return true;
    }

    public void Add(ApiKey key, long changesBeforeRead)
    {
        if (!listening || lifetime <= TimeSpan.Zero || key.IsRevoked) return;
        entries[key.Id] = (key, time.GetUtcNow() + lifetime);
        // A change notified after the read began may have raced the line above: drop the entry again.
        if (Changes != changesBeforeRead) entries.TryRemove(key.Id, out _);
    }

    public void Evict(Guid keyId)
    {
        Interlocked.Increment(ref changes);
        entries.TryRemove(keyId, out _);
    }

    /// <summary>The listener is (again) subscribed: what was cached before may have missed changes.</summary>
    internal void StartTrusting()
    {
        Interlocked.Increment(ref changes);
        entries.Clear();
        listening = true;
    }

    internal void StopTrusting()
    {
        listening = false;
        Interlocked.Increment(ref changes);
        entries.Clear();
    }
}
