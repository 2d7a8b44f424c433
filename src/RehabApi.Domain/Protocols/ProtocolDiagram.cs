using System.Text;

namespace RehabApi.Domain.Protocols;

/// <summary>Draws a protocol as a Mermaid <c>stateDiagram-v2</c>: the phases in order, each gate an edge
/// labelled with its requirement codes, and notes for what applies everywhere (holds, regressions, the
/// common requirements). Drawn from the data, so a clinic's version shows its own gates.</summary>
public static class ProtocolDiagram
{
    public static string Mermaid(ProtocolDefinition protocol)
    {
        var text = new StringBuilder();
        text.AppendLine("stateDiagram-v2");
        text.AppendLine($"    %% {protocol.Title}: {protocol.Key} version {protocol.Version}");
        foreach (var phase in protocol.Phases)
            text.AppendLine($"    state \"{Quote(phase.Name)} ({phase.Code})\" as {Id(phase.Code)}");
        text.AppendLine($"    [*] --> {Id(protocol.FirstPhase)}");
        foreach (var gate in protocol.Gates)
            text.AppendLine($"    {Id(gate.From)} --> {Id(gate.To)} : {string.Join(", ", gate.Requirements.Select(r => r.Code))}");
        text.AppendLine($"    {Id(protocol.TerminalPhase)} --> [*]");

        var common = string.Join(", ", protocol.CommonRequirements.Select(r => r.Code));
        text.AppendLine($"    note right of {Id(protocol.FirstPhase)}");
        text.AppendLine($"        Every gate also requires: {common}");
        text.AppendLine($"        hold: any active phase goes on hold ({string.Join(", ", protocol.ResumeRoles.Keys)}) and resumes in the same phase");
        text.AppendLine($"        regress: from any later phase back to an earlier one, by {Roles(protocol, TransitionActions.Regress)}");
        text.AppendLine("    end note");
        text.AppendLine($"    note left of {Id(protocol.PainReportsFromPhase)}");
        text.AppendLine("        From here on, fracture-site pain opens a pain report that blocks every gate");
        text.AppendLine("    end note");
        return text.ToString();
    }

    // Mermaid state ids may not contain hyphens.
    private static string Id(string code) => code.Replace('-', '_');

    private static string Quote(string text) => text.Replace("\"", "'");

    private static string Roles(ProtocolDefinition protocol, string action) =>
        protocol.TransitionRoles.TryGetValue(action, out var roles) ? string.Join(" or ", roles) : "a clinician";
}
