using System.ComponentModel.DataAnnotations;
using RehabApi.Domain;
using RehabApi.Infrastructure;

namespace RehabApi.Patients;

public sealed record CreatePatientRequest([Required] string? ExternalRef, string? Sex, int? BirthYear)
{
    public ValidationErrors Validate(int currentYear)
    {
        var errors = new ValidationErrors();
        errors.Required("externalRef", ExternalRef);
        errors.MaxLength("externalRef", ExternalRef, Patient.ExternalRefMaxLength);
        errors.OneOf("sex", Sex, Sexes.All);
        errors.InRange("birthYear", BirthYear, 1900, currentYear);
        return errors;
    }
}

public sealed record PatientResponse(Guid Id, string ExternalRef, string? Sex, int? BirthYear, DateTimeOffset CreatedAt)
{
    public static PatientResponse From(Patient p) => new(p.Id, p.ExternalRef, p.Sex, p.BirthYear, p.CreatedAt);
}

public sealed record PatientPage(IReadOnlyList<PatientResponse> Items, string? NextCursor);
