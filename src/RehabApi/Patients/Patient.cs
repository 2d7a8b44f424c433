namespace RehabApi.Patients;

public sealed class Patient
{
    public Guid Id { get; set; }
    public Guid ClinicId { get; set; }

    public const int ExternalRefMaxLength = 128;

    /// <summary>The clinic's own identifier for the patient (EHR number); unique within the clinic.</summary>
    public required string ExternalRef { get; set; }
    public string? Sex { get; set; }
    public int? BirthYear { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
