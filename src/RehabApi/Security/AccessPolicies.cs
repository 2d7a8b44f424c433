using Microsoft.AspNetCore.Authorization;
using RehabApi.Domain;

namespace RehabApi.Security;

/// <summary>Who may call which endpoint (API.md, "Resources"). Finer rules — which role may sign which
/// clearance, make which transition — come from the protocol data and are checked in the handlers.
/// What a caller may see is limited separately, by the data filters (clinic, and a patient-app's patient).</summary>
public static class AccessPolicies
{
    /// <summary>Any valid key, a patient-app's included (it then sees only its own patient's episodes).</summary>
    public const string AnyKey = "any-key";

    /// <summary>The clinic's own roles: not a patient-app.</summary>
    public const string ClinicStaff = "clinic-staff";

    /// <summary>Registers patients and records care: clinicians, or a clinic system in a clinician's name.</summary>
    public const string RecordsCare = "records-care";

    /// <summary>Records imaging: physicians, or a clinic system in a physician's name.</summary>
    public const string RecordsImaging = "records-imaging";

    /// <summary>Reports what the patient feels or did: the patient's app, or the clinic on their behalf.</summary>
    public const string ReportsForPatient = "reports-for-patient";

    /// <summary>Publishes the clinic's own protocol versions: a clinic decision, not a clinician's.</summary>
    public const string PublishesProtocols = "publishes-protocols";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [AnyKey] = [.. Domain.Roles.All],
        [ClinicStaff] = [Domain.Roles.ClinicAdmin, Domain.Roles.ClinicSystem, Domain.Roles.Physician, Domain.Roles.Therapist],
        [RecordsCare] = [Domain.Roles.ClinicSystem, Domain.Roles.Physician, Domain.Roles.Therapist],
        [RecordsImaging] = [Domain.Roles.ClinicSystem, Domain.Roles.Physician],
        [PublishesProtocols] = [Domain.Roles.ClinicAdmin],
        [ReportsForPatient] = [Domain.Roles.PatientApp, Domain.Roles.ClinicSystem, Domain.Roles.Physician, Domain.Roles.Therapist],
    };

    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (name, roles) in Roles)
            options.AddPolicy(name, policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .RequireRole(roles));
    }
}
