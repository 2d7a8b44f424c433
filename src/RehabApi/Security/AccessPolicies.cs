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

    /// <summary>Reads the change feed: the clinic's systems and admins.</summary>
    public const string ReadsFeed = "reads-feed";

    /// <summary>Manages the clinic: webhooks, protocol versions.</summary>
    public const string ClinicAdmin = "clinic-admin";

    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>
    {
        [AnyKey] = [.. Domain.Roles.All],
        [ClinicStaff] = [Domain.Roles.ClinicAdmin, Domain.Roles.ClinicSystem, Domain.Roles.Physician, Domain.Roles.Therapist],
        [RecordsCare] = [Domain.Roles.ClinicSystem, Domain.Roles.Physician, Domain.Roles.Therapist],
        [RecordsImaging] = [Domain.Roles.ClinicSystem, Domain.Roles.Physician],
        [ReadsFeed] = [Domain.Roles.ClinicSystem, Domain.Roles.ClinicAdmin],
        [ClinicAdmin] = [Domain.Roles.ClinicAdmin],
        [ReportsForPatient] = [Domain.Roles.PatientApp, Domain.Roles.ClinicSystem, Domain.Roles.Physician, Domain.Roles.Therapist],
    };

    /// <summary>The policies judge the caller the default scheme found, which is the API key's
    /// (<see cref="SecuritySetup"/>): naming the scheme again would authenticate every request a second time, for
    /// 2% of a read's throughput (bench/NOTES.md, eighth session). The console's cookie is not the default, so it
    /// never authenticates an API call (ConsoleTests.TheConsoleSessionIsNoApiKey).</summary>
    public static void Configure(AuthorizationOptions options)
    {
        foreach (var (name, roles) in Roles)
            options.AddPolicy(name, policy => policy
                .RequireAuthenticatedUser()
                .RequireRole(roles));
    }
}
