using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;

namespace RehabApi.Events;

/// <summary>The keys that seal change-feed cursors (<see cref="EventCursorCodec"/>), derived from a random secret the
/// database made for itself when migrated (service_secrets, migration OpaqueEventCursors): every instance on the
/// database seals and opens the same way, a cursor survives restarts, and there is nothing to configure. Read once
/// per process, on the first feed read.</summary>
public sealed class EventCursorKeys
{
    public const string SecretName = "event-cursor";

    public sealed record Keys(byte[] Encryption, byte[] Authentication);

    private Keys? keys;

    public async ValueTask<EventCursorCodec> ForClinicAsync(RehabDbContext db, Guid clinicId, CancellationToken ct)
    {
        // Two first reads at once both derive the same keys; either may win.
        keys ??= Derive(await db.Database
            .SqlQuery<byte[]>($"SELECT value AS \"Value\" FROM service_secrets WHERE name = {SecretName}")
            .SingleAsync(ct));
        return new EventCursorCodec(keys, clinicId);
    }

    private static Keys Derive(byte[] secret) => new(
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.UTF8.GetBytes("rehab event cursor: aes-256")),
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, 32, info: Encoding.UTF8.GetBytes("rehab event cursor: hmac-sha256")));
}
