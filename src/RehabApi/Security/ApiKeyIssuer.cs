using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain;

namespace RehabApi.Security;

/// <summary>Creates and revokes API keys: behind <c>RehabApi keys ...</c>, and what the tests use to get keys.</summary>
public sealed class ApiKeyIssuer(RehabDbContext db, TimeProvider time, ApiKeyCache cache)
{
    public sealed record Created(Guid KeyId, string PlainText);

    /// <summary>A new key, or the reason it cannot be made.</summary>
    public async Task<(Created? Key, string? Error)> CreateAsync(
        string clinicSlug, string role, string name, Guid? patientId, CancellationToken ct = default)
    {
        if (!Roles.All.Contains(role)) return (null, $"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.");
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200) return (null, "Give the key a name of 1 to 200 characters.");
        var clinic = await db.Clinics.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == clinicSlug, ct);
        if (clinic is null) return (null, $"No clinic '{clinicSlug}'. Create it first: RehabApi clinics create --slug {clinicSlug} --name \"...\"");

        if (role == Roles.PatientApp)
        {
            if (patientId is null) return (null, "A patient-app key belongs to one patient: give --patient <patientId>.");
            var patientInClinic = await db.Patients.IgnoreQueryFilters()
                .AnyAsync(p => p.Id == patientId && p.ClinicId == clinic.Id, ct);
            if (!patientInClinic) return (null, $"Clinic '{clinicSlug}' has no patient {patientId}.");
        }
        else if (patientId is not null)
        {
            return (null, "Only a patient-app key is bound to a patient; leave out --patient.");
        }

        var issued = ApiKeySecrets.Issue();
        db.ApiKeys.Add(new ApiKey
        {
            Id = issued.KeyId,
            ClinicId = clinic.Id,
            Role = role,
            Name = name.Trim(),
            PatientId = patientId,
            Salt = issued.Salt,
            Hash = issued.Hash,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        return (new Created(issued.KeyId, issued.PlainText), null);
    }

    /// <summary>Revokes a key; false when there is no such key. Revoking twice keeps the first time.</summary>
    public async Task<bool> RevokeAsync(Guid keyId, CancellationToken ct = default)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == keyId, ct);
        if (key is null) return false;
        key.RevokedAt ??= time.GetUtcNow();
        await db.SaveChangesAsync(ct);
        // Other instances hear of it from PostgreSQL (ApiKeyRevocationListener); this one need not wait.
        cache.Evict(keyId);
        return true;
    }
}
