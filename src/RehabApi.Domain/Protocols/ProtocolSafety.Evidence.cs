namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    /// <summary>The floor's clearance types are kept, each signed by the floor's signers or fewer of them (a physician
    /// staying where the floor has one). A new type is signed by clinicians only: it is an extra sign-off.</summary>
    private static void CheckClearanceTypes(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        Unique(findings, "clearanceTypes", candidate.ClearanceTypes.Select(c => c.Type), "clearance type");
        foreach (var missing in floor.ClearanceTypes.Where(f => candidate.ClearanceType(f.Type) is null))
            findings.Add("clearanceTypes", $"The default's clearance type '{missing.Type}' must be kept.");

        for (var i = 0; i < candidate.ClearanceTypes.Count; i++)
        {
            var (type, at) = (candidate.ClearanceTypes[i], $"clearanceTypes[{i}]");
            if (floor.ClearanceType(type.Type) is { } floorType)
            {
                CheckRoleList(findings, $"{at}.signers", "sign it", type.Signers, floorType.Signers, RoleChange.MayNarrow);
                continue;
            }
            Code(findings, $"{at}.type", type.Type);
            CheckRoleList(findings, $"{at}.signers", "sign it", type.Signers, Roles.Clinicians, RoleChange.AnyOf);
        }
    }

    /// <summary>The floor's observation codes are kept exactly: the unit (30 seconds of walking is not 30 minutes) and
    /// the range. A wider range accepts nonsense (a pain of −10); a narrower one refuses a worse reading, so an older,
    /// better one stays the latest and keeps a gate open. New codes may be added for added requirements.</summary>
    private static void CheckObservationCodes(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        Unique(findings, "observationCodes", candidate.ObservationCodes.Select(o => o.Code), "observation code");
        foreach (var missing in floor.ObservationCodes.Where(f => candidate.ObservationCode(f.Code) is null))
            findings.Add("observationCodes", $"The default's observation code '{missing.Code}' must be kept.");

        for (var i = 0; i < candidate.ObservationCodes.Count; i++)
        {
            var (code, at) = (candidate.ObservationCodes[i], $"observationCodes[{i}]");
            if (floor.ObservationCode(code.Code) is { } expected)
            {
                if (code.Unit != expected.Unit)
                    findings.Add($"{at}.unit", $"{code.Code} is measured in {expected.Unit}; the unit may not change.");
                if (code.Min != expected.Min)
                    findings.Add($"{at}.min", $"{code.Code} ranges from {expected.Min}; the range may not change.");
                if (code.Max != expected.Max)
                    findings.Add($"{at}.max", $"{code.Code} ranges to {expected.Max}; the range may not change.");
                continue;
            }
            Code(findings, $"{at}.code", code.Code);
            Code(findings, $"{at}.unit", code.Unit, MaxUnitLength);
            if (Math.Abs(code.Min) > MaxObservationMagnitude)
                findings.Add($"{at}.min", $"min must be between −{MaxObservationMagnitude} and {MaxObservationMagnitude}.");
            if (Math.Abs(code.Max) > MaxObservationMagnitude)
                findings.Add($"{at}.max", $"max must be between −{MaxObservationMagnitude} and {MaxObservationMagnitude}.");
            else if (code.Min > code.Max)
                findings.Add($"{at}.max", "max is below min.");
        }
    }
}
