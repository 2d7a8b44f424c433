using RehabApi.Domain;
using RehabApi.Infrastructure;

namespace RehabApi.Security;

/// <summary>A clinic system records sign-offs only in a named clinician's name (API.md); the
/// clinician's role is then checked against the same rules as if they had called themselves.</summary>
public static class OnBehalfOfRules
{
    /// <summary>Only clinicians sign clinical acts: a clinic-admin or a patient's app is never the one a system acts for.</summary>
    private static readonly IReadOnlyList<string> ActingRoles = Roles.Clinicians;

    /// <param name="systemMayActAsItself">The act allows a clinic system in its own name (withdraw), so onBehalfOf is optional.</param>
    public static void Validate(ValidationErrors errors, CurrentCaller caller, OnBehalfOf? onBehalfOf, bool systemMayActAsItself = false)
    {
        if (onBehalfOf is null)
        {
            if (caller.IsClinicSystem && !systemMayActAsItself)
                errors.Add("onBehalfOf", "A clinic system must say which clinician this is recorded for: onBehalfOf { clinicianId, name, role }.");
            return;
        }
        if (!caller.IsClinicSystem)
        {
            errors.Add("onBehalfOf", "Only a clinic system records on behalf of a clinician; clinicians sign as themselves.");
            return;
        }
        errors.Required("onBehalfOf.clinicianId", onBehalfOf.ClinicianId);
        errors.MaxLength("onBehalfOf.clinicianId", onBehalfOf.ClinicianId, 128);
        errors.Required("onBehalfOf.name", onBehalfOf.Name);
        errors.MaxLength("onBehalfOf.name", onBehalfOf.Name, 200);
        errors.Required("onBehalfOf.role", onBehalfOf.Role);
        errors.OneOf("onBehalfOf.role", onBehalfOf.Role, ActingRoles);
    }

    /// <summary>The message for a 403 when none of the acting roles is allowed, or null when one is.</summary>
    public static string? Deny(IReadOnlyCollection<string> actingRoles, IReadOnlyList<string> allowed, string what) =>
        actingRoles.Any(allowed.Contains)
            ? null
            : $"{what} needs one of the roles {string.Join(", ", allowed)}; this request acts as {string.Join(" for ", actingRoles)}.";
}
