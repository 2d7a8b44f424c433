using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The default protocol's data is complete and consistent with PROTOCOL.md.</summary>
public sealed class ProtocolDataTests
{
    private static readonly ProtocolDefinition Protocol = Facts.Protocol;

    [Fact]
    public void ThePhasesRunInOrderToDischargeWithOneGateBetweenEachPair()
    {
        Assert.Equal(
            ["non-weight-bearing", "imaging-confirmation", "partial-weight-bearing", "full-weight-bearing",
             "mobility", "strengthening", "return-to-impact", "discharged"],
            Protocol.Phases.Select(p => p.Code));
        Assert.Equal(Protocol.Phases.Count - 1, Protocol.Gates.Count);
        for (var i = 0; i < Protocol.Gates.Count; i++)
            Assert.Equal((Protocol.Phases[i].Code, Protocol.Phases[i + 1].Code), (Protocol.Gates[i].From, Protocol.Gates[i].To));
        Assert.Null(Protocol.GateFrom("discharged"));
    }

    [Fact]
    public void EveryRequirementUsesAKnownRuleWithTheParametersItNeeds()
    {
        foreach (var requirement in Protocol.CommonRequirements.Concat(Protocol.Gates.SelectMany(g => g.Requirements)))
        {
            Assert.Contains(requirement.Rule, RequirementRules.All);
            Assert.False(string.IsNullOrWhiteSpace(requirement.Description), requirement.Code);
            if (requirement.Rule is RequirementRules.Clearance or RequirementRules.ClearanceIfBoneHealthRisk)
                Assert.NotNull(Protocol.ClearanceType(requirement.ClearanceType!));
            if (requirement.Rule.Contains("observation"))
            {
                Assert.NotNull(Protocol.ObservationCode(requirement.ObservationCode!));
                Assert.NotNull(requirement.Threshold);
            }
            if (requirement.Rule == RequirementRules.MinDaysInPhase) Assert.True(requirement.Days > 0);
            if (requirement.Rule == RequirementRules.MinWeeksSinceDiagnosis) Assert.True(requirement.Weeks > 0);
        }
    }

    [Fact]
    public void NonWeightBearingIsFourToEightWeeksAndImagingWaitsFourWeeks()
    {
        Assert.Equal(new NonWeightBearingWeeks(4, 8, 6, 4), Protocol.NonWeightBearingWeeks);
        Assert.Equal(28, Protocol.Imaging.MinDaysAfterNonWeightBearingStart);
    }

    [Theory]
    [InlineData("no-pain-at-rest", "physician,therapist")]
    [InlineData("partial-weight-bearing-approved", "physician")]
    [InlineData("full-weight-bearing-approved", "physician")]
    [InlineData("normal-gait", "therapist")]
    [InlineData("full-pain-free-range-of-motion", "therapist")]
    [InlineData("ready-to-run-tests-passed", "therapist")]
    [InlineData("bone-health-reviewed", "physician")]
    [InlineData("impact-approved", "physician")]
    [InlineData("restricted-clearance", "physician")]
    [InlineData("discharge-approved", "physician,therapist")]
    public void EachClearanceIsSignedByTheRolesProtocolMdNames(string type, string signers) =>
        Assert.Equal(signers.Split(','), Protocol.ClearanceType(type)!.Signers);

    [Fact]
    public void ImagingIsSignedByPhysiciansAndTheSystemNeverSignsAClearanceItself()
    {
        Assert.Equal(["physician"], Protocol.ImagingSigners);
        Assert.DoesNotContain(Protocol.ClearanceTypes, c => c.Signers.Contains("clinic-system") || c.Signers.Contains("patient-app"));
    }

    [Fact]
    public void SurgicalReferralSitesAreHighRiskSitesOfTheProtocol()
    {
        Assert.All(Protocol.SurgicalReferral.Sites, site => Assert.Contains(site, Protocol.HighRiskSites));
        Assert.All(Protocol.HighRiskSites, site => Assert.Contains(site, Protocol.Sites));
    }

    [Fact]
    public void EveryPossibleHoldHasRolesThatMayLiftIt() =>
        Assert.All(HoldReasons.All, reason => Assert.NotEmpty(Protocol.ResumeRoles[reason]));

    [Fact]
    public void TheCatalogFindsTheDefaultProtocolByKeyAndVersion()
    {
        Assert.Same(Protocol, ProtocolCatalog.Find("hip-bsi", 2));
        Assert.Equal(2, ProtocolCatalog.Default.Version);
        Assert.Equal([1, 2], ProtocolCatalog.BuiltInProtocols.Select(p => p.Version));
        Assert.Null(ProtocolCatalog.Find("hip-bsi", 99));
    }

    [Fact]
    public void EvaluationOfAClosedEpisodeHasNoGate()
    {
        var gate = GateEvaluator.Evaluate(Protocol, Facts.InPhase("mobility") with { Status = "closed" }, Facts.AsOf);
        Assert.Equal((false, (string?)null), (gate.CanAdvance, gate.NextPhase));
        Assert.Empty(gate.Requirements);
    }
}
