namespace RehabApi.Clinics;

/// <summary>A clinic owns its patients and everything recorded about them. Every row carries
/// its clinic so that no query can mix two clinics' data.</summary>
public sealed class Clinic
{
    /// <summary>The clinic that requests act for until API keys arrive.</summary>
    public static readonly Guid DefaultId = new("00000000-0000-0000-0000-000000000001");
    public const string DefaultSlug = "default";
    public const string DefaultTimeZone = "UTC";

    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }

    /// <summary>The IANA time zone the clinic's dates are in (ClinicCalendar); existing clinics got UTC.</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    public DateTimeOffset CreatedAt { get; set; }
}
