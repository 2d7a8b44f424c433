namespace RehabApi.Security;

/// <summary>Who recorded a row: the calling key (and its role), and the named clinician it was recorded
/// for. Stored with every transition and piece of evidence, and shown in history.</summary>
public sealed class Actor
{
    /// <summary>The API key that made the request (null before keys existed).</summary>
    public Guid? KeyId { get; set; }
    public required string CallerRole { get; set; }
    public required string CallerName { get; set; }
    public string? ClinicianId { get; set; }
    public string? ClinicianName { get; set; }
    public string? ClinicianRole { get; set; }
}
