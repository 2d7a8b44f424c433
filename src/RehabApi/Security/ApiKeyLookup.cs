using Microsoft.EntityFrameworkCore;
using RehabApi.Data;

namespace RehabApi.Security;

/// <summary>Checks a presented key against its stored hash, and finds a key by id: the one way the API's
/// <c>X-Api-Key</c> and the console's sign-in (and every console request after it) know a caller.</summary>
internal static class ApiKeyLookup
{
    /// <summary>The key <paramref name="presented"/> names, if it is one this service issued, its secret matches and it is
    /// not revoked; otherwise why not. Messages never repeat the key: they may be logged.</summary>
    public static async ValueTask<(KnownKey? Known, string? Failure)> VerifyAsync(IServiceProvider services, ApiKeyCache cache, string presented,
        CancellationToken ct)
    {
        if (ApiKeySecrets.Parse(presented) is not var (keyId, secret))
            return (null, "The API key is not one this service issued.");
        // An unknown id costs what a wrong secret does: the same hashing and constant-time comparison (against a
        // stand-in), and once looked up no database round trip either (ApiKeyCache). Its answer must not be faster
        // or slower, or it would tell which ids exist.
        var known = await FindAsync(services, cache, keyId, ct);
        var matches = known is null ? ApiKeySecrets.MatchesNoKey(secret) : ApiKeySecrets.Matches(known.Key, secret);
        if (known is null || !matches)
            return (null, "The API key is not one this service issued.");
        return known.Key.IsRevoked ? (null, "The API key has been revoked.") : (known, null);
    }

    /// <summary>The key with <paramref name="keyId"/> and its clinic's time zone, from the cache when it is there (a
    /// revocation empties it at once), else from the database. The request's context is rented from
    /// <paramref name="services"/> only then: a request that needs none (GET /episodes/{id}) rents none.</summary>
    public static async ValueTask<KnownKey?> FindAsync(IServiceProvider services, ApiKeyCache cache, Guid keyId, CancellationToken ct)
    {
        if (cache.TryGet(keyId, out var cached)) return cached;
        if (cache.IsUnknown(keyId)) return null;
        var changesBeforeRead = cache.Changes;
        var key = await FindKey(services.GetRequiredService<RehabDbContext>(), keyId, ct);
        if (key is not null) cache.Add(key, changesBeforeRead);
        else cache.AddUnknown(keyId, changesBeforeRead);
        return key;
    }

    // The clinic's time zone comes with the key, in the same round trip.
    private static readonly Func<RehabDbContext, Guid, CancellationToken, Task<KnownKey?>> FindKey =
        EF.CompileAsyncQuery((RehabDbContext db, Guid id, CancellationToken ct) =>
            db.ApiKeys.AsNoTracking().Where(k => k.Id == id)
                .Join(db.Clinics, k => k.ClinicId, c => c.Id, (k, c) => new KnownKey(k, c.TimeZone))
                .SingleOrDefault());
}
