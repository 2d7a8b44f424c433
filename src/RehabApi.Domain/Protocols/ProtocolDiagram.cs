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
        text.AppendLine($"        imaging: displacement holds for {protocol.Imaging.HoldOnDisplacement}, progression for {protocol.Imaging.HoldOnProgression}");
        if (protocol.SurgicalReferral.ResumeReturnsToFirstPhase)
            text.AppendLine($"        resume from {HoldReasons.SurgicalReferral}: back to {protocol.FirstPhase} from the physician's date, every clock restarted");
        text.AppendLine($"        regress: from any later phase back to an earlier one, by {Roles(protocol, TransitionActions.Regress)}");
        if (protocol.Restarts is { NonWeightBearingStartOnRegressionToFirstPhase: true })
            text.AppendLine($"        regress to {protocol.FirstPhase}: its date is the new non-weight-bearing start");
        if (protocol.Restarts is { InjuryDateOnReInjury: true })
            text.AppendLine($"        regress for {RegressReasons.ReInjury}: its date is the new injury date");
        if (protocol.MriGrades is { } grades)
            text.AppendLine($"        MRI grade and site set the weeks: {string.Join("; ", grades.Pathways.Select(Pathway))}");
        text.AppendLine("    end note");
        text.AppendLine($"    note left of {Id(protocol.PainReportsFromPhase)}");
        text.AppendLine("        From here on, fracture-site pain opens a pain report that blocks every gate");
        text.AppendLine("    end note");
        return text.ToString();
    }

    private static string Pathway(MriGradePathway p) =>
        $"grade {string.Join("/", p.Grades)}{(p.HighRiskSite switch { true => " high-risk site", false => " other site", null => " any site" })} " +
        $"{p.NonWeightBearingWeeks} weeks off the leg, impact {p.WeeksBeforeImpact}, discharge {p.WeeksBeforeDischarge}";

    // Mermaid state ids may not contain hyphens.
    private static string Id(string code) => code.Replace('-', '_');

    private static string Quote(string text) => text.Replace("\"", "'");

    private static string Roles(ProtocolDefinition protocol, string action) =>
        protocol.TransitionRoles.TryGetValue(action, out var roles) ? string.Join(" or ", roles) : "a clinician";
}
