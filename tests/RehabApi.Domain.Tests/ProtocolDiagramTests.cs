using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Tests;

/// <summary>The Mermaid diagram is drawn from the data: every phase, every gate with its requirement codes.</summary>
public sealed class ProtocolDiagramTests
{
    [Fact]
    public void EveryPhaseIsAStateAndEveryGateAnEdgeLabelledWithItsRequirementCodes()
    {
        var protocol = ProtocolCatalog.Default;
        var diagram = ProtocolDiagram.Mermaid(protocol);

        Assert.StartsWith("stateDiagram-v2", diagram);
        foreach (var phase in protocol.Phases)
            Assert.Contains($"as {phase.Code.Replace('-', '_')}", diagram);
        Assert.Contains("imaging_confirmation --> partial_weight_bearing : imaging-shows-healing, partial-weight-bearing-approved", diagram);
        Assert.Contains("[*] --> non_weight_bearing", diagram);
        Assert.Contains("discharged --> [*]", diagram);
        Assert.Contains("not-on-hold, no-open-pain-reports", diagram);
    }
}
