namespace RehabApi.Security;

/// <summary>An API key: one clinic, one role, a name (the clinician or the system it was issued to) and,
/// for a patient-app key, the one patient it may see. Only a salted hash of the secret is kept.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid ClinicId { get; set; }
    public required string Role { get; set; }
    public required string Name { get; set; }

    /// <summary>The only patient a patient-app key may see; null for every other role.</summary>
    public Guid? PatientId { get; set; }

    public required byte[] Salt { get; set; }

    /// <summary>HMAC-SHA256 of the secret, keyed with <see cref="Salt"/>.</summary>
    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsRevoked => RevokedAt is not null;
}
