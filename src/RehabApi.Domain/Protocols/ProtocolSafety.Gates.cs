namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    private static void CheckCommonRequirements(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings) =>
        CheckRequirements(candidate, floor, "commonRequirements", candidate.CommonRequirements, floor.CommonRequirements, "of every gate", findings);

    /// <summary>The floor's gates, in its order (the evaluator finds a gate by the phase it leaves), each keeping every
    /// requirement of the floor's gate.</summary>
    private static void CheckGates(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        if (candidate.Gates.Count != floor.Gates.Count)
            findings.Add("gates", $"gates must be the default's, one from each phase to the next: {string.Join(", ", floor.Gates.Select(g => $"{g.From} → {g.To}"))}.");
        else
            for (var i = 0; i < floor.Gates.Count; i++)
            {
                if (candidate.Gates[i].From != floor.Gates[i].From) findings.Add($"gates[{i}].from", $"from must be '{floor.Gates[i].From}', as in the default.");
                if (candidate.Gates[i].To != floor.Gates[i].To) findings.Add($"gates[{i}].to", $"to must be '{floor.Gates[i].To}', as in the default.");
            }

        for (var i = 0; i < candidate.Gates.Count; i++)
        {
            var gate = candidate.Gates[i];
            if (floor.Gates.FirstOrDefault(g => g.From == gate.From && g.To == gate.To) is { } floorGate)
                CheckRequirements(candidate, floor, $"gates[{i}].requirements", gate.Requirements, floorGate.Requirements,
                    $"of the gate from '{gate.From}'", findings);
        }
    }
}
