using Microsoft.EntityFrameworkCore;
using RehabApi.Data;

namespace RehabApi.Idempotency;

/// <summary>The idempotency_records table, used inside the transaction the middleware opens.</summary>
internal sealed class IdempotencyStore(RehabDbContext db)
{
    /// <summary>Claims <paramref name="key"/> of <paramref name="apiKeyId"/> for this request: true when it is new
    /// (or its earlier use has expired). While another request of that API key holding the same key is still
    /// running, PostgreSQL makes this insert wait for it, on this or any other instance sharing the database;
    /// false once that request has committed.</summary>
    public async Task<bool> TryClaimAsync(
        Guid clinicId, Guid apiKeyId, string key, byte[] requestHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken ct)
    {
        await db.Database.ExecuteSqlAsync(
            $"DELETE FROM idempotency_records WHERE clinic_id = {clinicId} AND api_key_id = {apiKeyId} AND key = {key} AND expires_at <= {now}", ct);
        // The response columns are filled in by CompleteAsync before the commit; no one ever sees them empty.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO idempotency_records (clinic_id, key, api_key_id, request_hash, status_code, body, created_at, expires_at)
            VALUES ({clinicId}, {key}, {apiKeyId}, {requestHash}, 0, {Array.Empty<byte>()}, {now}, {expiresAt})
            ON CONFLICT (clinic_id, api_key_id, key) DO NOTHING
            """, ct);
        return inserted == 1;
    }

    public Task<IdempotencyRecord?> FindAsync(Guid clinicId, Guid apiKeyId, string key, CancellationToken ct) =>
        db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.ClinicId == clinicId && r.ApiKeyId == apiKeyId && r.Key == key, ct);

    public Task CompleteAsync(Guid clinicId, Guid apiKeyId, string key, int statusCode, string? contentType, string? location, string? etag,
        byte[] body, CancellationToken ct) =>
        db.IdempotencyRecords.Where(r => r.ClinicId == clinicId && r.ApiKeyId == apiKeyId && r.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ContentType, contentType)
            .SetProperty(r => r.Location, location)
            .SetProperty(r => r.ETag, etag)
            .SetProperty(r => r.Body, body), ct);
}
