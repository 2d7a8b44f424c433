namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    /// <summary>How a role list may differ from the floor's. Never by an added role.</summary>
    private enum RoleChange
    {
        /// <summary>Exactly the floor's roles.</summary>
        None,
        /// <summary>Fewer roles, a physician staying where the floor has one: for acts that let a patient go further
        /// (advance, resume, sign a clearance), where fewer hands is stricter.</summary>
        MayNarrow,
        /// <summary>Any of the floor's roles, at least one: for a clearance type the clinic adds.</summary>
        AnyOf,
    }

    /// <summary>Keys that act for no clinician: a clinic system acts only in a named clinician's name (onBehalfOf), a
    /// clinic admin administers, a patient's app reports symptoms. None of them takes a clinical decision
    /// (PROTOCOL.md "Who signs" [all versions]).</summary>
    private static readonly string[] NonClinicalRoles = [Roles.ClinicSystem, Roles.ClinicAdmin, Roles.PatientApp];

    private static void CheckRoles(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        // Regress and hold step back or stop: fewer hands there is looser. Withdraw is kept as the default has it.
        CheckRoleTable(findings, "transitionRoles", candidate.TransitionRoles, floor.TransitionRoles,
            action => action == TransitionActions.Advance ? RoleChange.MayNarrow : RoleChange.None, action => action);
        // Lifting a hold lets the patient go on: it may be left to fewer roles, never to more.
        CheckRoleTable(findings, "resumeRoles", candidate.ResumeRoles, floor.ResumeRoles,
            _ => RoleChange.MayNarrow, reason => $"resume from {reason}");
        // Imaging may show progression or displacement, observations a worse pain: whoever may record them must still.
        CheckRoleList(findings, "imagingSigners", "sign imaging", candidate.ImagingSigners, floor.ImagingSigners, RoleChange.None);
        CheckRoleList(findings, "observationRecorders", "record observations", candidate.ObservationRecorders, floor.ObservationRecorders, RoleChange.None);
    }

    private static void CheckRoleTable(
        Findings findings, string field, IReadOnlyDictionary<string, IReadOnlyList<string>> table,
        IReadOnlyDictionary<string, IReadOnlyList<string>> floor, Func<string, RoleChange> change, Func<string, string> act)
    {
        foreach (var missing in floor.Keys.Except(table.Keys)) findings.Add(field, $"'{missing}' must be kept.");
        foreach (var (name, roles) in table)
        {
            if (floor.TryGetValue(name, out var floorRoles))
                CheckRoleList(findings, $"{field}.{name}", act(name), roles, floorRoles, change(name));
            else
                findings.Add($"{field}.{name}", $"'{name}' is not known; use one of: {string.Join(", ", floor.Keys)}.");
        }
    }

    /// <summary>A role list compared with the floor's: no role added, and none removed unless <paramref name="change"/>
    /// allows it.</summary>
    private static void CheckRoleList(
        Findings findings, string field, string act, IReadOnlyList<string> roles, IReadOnlyList<string> floor, RoleChange change)
    {
        Unique(findings, field, roles, "role");
        foreach (var added in roles.Distinct().Except(floor))
        {
            var why = !Roles.All.Contains(added) ? "it is not a known role"
                : NonClinicalRoles.Contains(added) ? "a clinic system acts only for a named clinician, and a clinic admin or a patient's app takes no clinical decision"
                : $"in the default only {string.Join(" or ", floor)} may";
            findings.Add(field, $"'{added}' may not {act}: {why}.");
        }
        foreach (var removed in floor.Except(roles))
        {
            if (change == RoleChange.None)
                findings.Add(field, $"'{removed}' must still be able to {act}, as in the default.");
            else if (change == RoleChange.MayNarrow && removed == Roles.Physician)
                findings.Add(field, $"A physician must still be able to {act}.");
        }
        if (roles.Count == 0) findings.Add(field, $"At least one role must be able to {act}.");
    }
}
