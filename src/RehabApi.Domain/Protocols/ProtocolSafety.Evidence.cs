namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    private static void CheckClearanceTypes(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        Unique(findings, "clearanceTypes", candidate.ClearanceTypes.Select(c => c.Type), "clearance type");
        for (var i = 0; i < candidate.ClearanceTypes.Count; i++)
        {
            var type = candidate.ClearanceTypes[i];
            // Clinic systems and patients never sign in their own name; a system signs for a named clinician.
            foreach (var signer in type.Signers.Except(Roles.Clinicians))
                findings.Add($"clearanceTypes[{i}].signers", $"'{signer}' may not sign {type.Type}; signers are {string.Join(" or ", Roles.Clinicians)}.");
            if (type.Signers.Count == 0) findings.Add($"clearanceTypes[{i}].signers", $"{type.Type} needs at least one signer.");
        }

        foreach (var floorType in floor.ClearanceTypes.Where(IsPhysicianSigned))
        {
            var index = IndexOf(candidate.ClearanceTypes, c => c.Type == floorType.Type);
            if (index < 0)
            {
                findings.Add("clearanceTypes", $"The clearance type '{floorType.Type}', signed by a physician, must be kept.");
                continue;
            }
            var signers = candidate.ClearanceTypes[index].Signers;
            if (!signers.Contains(Roles.Physician))
                findings.Add($"clearanceTypes[{index}].signers", $"{floorType.Type} must still be signed by a physician.");
            foreach (var added in signers.Except(floorType.Signers))
                findings.Add($"clearanceTypes[{index}].signers", $"{floorType.Type} is a physician's decision in the default; '{added}' may not sign it.");
        }
    }

    private static void CheckObservationCodes(ProtocolDefinition candidate, Findings findings)
    {
        Unique(findings, "observationCodes", candidate.ObservationCodes.Select(o => o.Code), "observation code");
        for (var i = 0; i < candidate.ObservationCodes.Count; i++)
            if (candidate.ObservationCodes[i].Min > candidate.ObservationCodes[i].Max)
                findings.Add($"observationCodes[{i}].max", "max is below min.");
    }

    private static void CheckRoles(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        CheckRoleTable("transitionRoles", candidate.TransitionRoles, floor.TransitionRoles, findings);
        CheckRoleTable("resumeRoles", candidate.ResumeRoles, floor.ResumeRoles, findings);
        // Resuming after displacement risk, a surgical referral or restricted bone health is a physician's call in the
        // default: keep it so. (A stored version without a newer hold reason falls back to a physician: ResumeRolesFor.)
        foreach (var (reason, roles) in floor.ResumeRoles.Where(r => r.Value.All(role => role == Roles.Physician)))
            if (candidate.ResumeRoles.TryGetValue(reason, out var granted))
                foreach (var added in granted.Except(roles))
                    findings.Add($"resumeRoles.{reason}", $"Only a physician may resume an episode held for {reason}; '{added}' may not.");

        foreach (var added in candidate.ImagingSigners.Except(floor.ImagingSigners))
            findings.Add("imagingSigners", $"'{added}' may not sign imaging; imaging is signed by {string.Join(" or ", floor.ImagingSigners)}.");
        if (candidate.ImagingSigners.Count == 0) findings.Add("imagingSigners", "imagingSigners needs at least one role.");
        foreach (var unknown in candidate.ObservationRecorders.Except(Roles.Clinicians))
            findings.Add("observationRecorders", $"'{unknown}' may not record observations; recorders are {string.Join(" or ", Roles.Clinicians)}.");
    }

    private static void CheckRoleTable(
        string field, IReadOnlyDictionary<string, IReadOnlyList<string>> table, IReadOnlyDictionary<string, IReadOnlyList<string>> floor, Findings findings)
    {
        foreach (var missing in floor.Keys.Except(table.Keys)) findings.Add(field, $"'{missing}' must be kept.");
        foreach (var (name, roles) in table)
        {
            if (!floor.ContainsKey(name)) findings.Add($"{field}.{name}", $"'{name}' is not known; use one of: {string.Join(", ", floor.Keys)}.");
            foreach (var unknown in roles.Except(Roles.All)) findings.Add($"{field}.{name}", $"'{unknown}' is not a known role.");
        }
    }

    private static bool IsPhysicianSigned(ClearanceTypeDefinition type) => type.Signers.Contains(Roles.Physician);

    private static void Unique(Findings findings, string field, IEnumerable<string> values, string what)
    {
        foreach (var twice in values.GroupBy(v => v).Where(g => g.Count() > 1))
            findings.Add(field, $"The {what} '{twice.Key}' is listed twice.");
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, bool> match)
    {
        for (var i = 0; i < items.Count; i++)
            if (match(items[i])) return i;
        return -1;
    }
}
