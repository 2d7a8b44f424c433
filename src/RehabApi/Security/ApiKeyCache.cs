using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace RehabApi.Security;

/// <summary>Keys already looked up, with their clinic's time zone, so that a request needs no database round trip
/// to know its caller (bench/NOTES.md: the lookup was a third of the cost of reading an episode). A revoked key
/// must still fail on the very next request, and a clinic's new time zone apply to it, so the cache is trusted
/// only while <see cref="ApiKeyRevocationListener"/> listens: PostgreSQL notifies every instance of any change to
/// a key or a clinic (triggers on api_keys and clinics), and the listener evicts what changed. While the listener
/// is down nothing is served from the cache. Entries also expire (Security:KeyCacheSeconds, 60 by default; 0 turns
/// the cache off) as a second line of defence. Ids that name no key are remembered too, for as long: otherwise an
/// unknown id would cost a database round trip that a wrong secret for a known one does not, and the difference in
/// time would tell which ids exist.</summary>
public sealed class ApiKeyCache(TimeProvider time, IOptions<SecurityOptions> options)
{
    /// <summary>Unknown ids are anyone's to make up: past this many, forget them all rather than grow.</summary>
    private const int MaxUnknown = 10_000;

    private readonly ConcurrentDictionary<Guid, (KnownKey Known, DateTimeOffset Until)> entries = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> unknown = new();
    private readonly TimeSpan lifetime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
    private long changes;
    private volatile bool listening;

    /// <summary>Counts the notified changes; a lookup that saw the count move while it read the database
    /// does not cache what it read, which might predate the change.</summary>
    public long Changes => Interlocked.Read(ref changes);

    public bool TryGet(Guid keyId, out KnownKey key)
    {
        key = null!;
        if (!listening || !entries.TryGetValue(keyId, out var entry)) return false;
        if (entry.Until <= time.GetUtcNow())
        {
            entries.TryRemove(keyId, out _);
            return false;
        }
        key = entry.Known;
        return true;
    }

    /// <summary>Whether <paramref name="keyId"/> was looked up lately and named no key. (A key is never created
    /// with an id presented before: ids are new random UUIDs, so no creation needs to evict one.)</summary>
    public bool IsUnknown(Guid keyId)
    {
        if (!listening || !unknown.TryGetValue(keyId, out var until)) return false;
        if (until > time.GetUtcNow()) return true;
        unknown.TryRemove(keyId, out _);
        return false;
    }

    public void AddUnknown(Guid keyId, long changesBeforeRead)
    {
        if (!listening || lifetime <= TimeSpan.Zero) return;
        if (unknown.Count >= MaxUnknown) unknown.Clear();
        unknown[keyId] = time.GetUtcNow() + lifetime;
        if (Changes != changesBeforeRead) unknown.TryRemove(keyId, out _);
    }

    public void Add(KnownKey known, long changesBeforeRead)
    {
        if (!listening || lifetime <= TimeSpan.Zero || known.Key.IsRevoked) return;
        entries[known.Key.Id] = (known, time.GetUtcNow() + lifetime);
        // A change notified after the read began may have raced the line above: drop the entry again.
        if (Changes != changesBeforeRead) entries.TryRemove(known.Key.Id, out _);
    }

    public void Evict(Guid keyId)
    {
        Interlocked.Increment(ref changes);
        entries.TryRemove(keyId, out _);
        unknown.TryRemove(keyId, out _);
    }

    /// <summary>A clinic changed (its time zone): its keys must be read again with it.</summary>
    public void EvictClinic(Guid clinicId)
    {
        Interlocked.Increment(ref changes);
        foreach (var (keyId, entry) in entries)
            if (entry.Known.Key.ClinicId == clinicId) entries.TryRemove(keyId, out _);
    }

    /// <summary>The listener is (again) subscribed: what was cached before may have missed changes.</summary>
    internal void StartTrusting()
    {
        Interlocked.Increment(ref changes);
        entries.Clear();
        unknown.Clear();
        listening = true;
    }

    internal void StopTrusting()
    {
        listening = false;
        Interlocked.Increment(ref changes);
        entries.Clear();
        unknown.Clear();
    }
}

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>How long a looked-up key (or an unknown id) is remembered; 0 turns the cache off.</summary>
    [Range(0, 86_400, ErrorMessage = "Security:{0} must be between {1} and {2}.")]
    public int KeyCacheSeconds { get; set; } = 60;
}
