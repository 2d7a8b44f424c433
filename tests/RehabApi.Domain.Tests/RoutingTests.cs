using RehabApi.Domain.Episodes;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>Where a new episode starts (PROTOCOL.md, "Creation routing"): fractures at risk of displacement
/// go on hold for surgical referral; everything else starts non-weight-bearing.</summary>
public sealed class RoutingTests
{
    [Theory]
    [InlineData("femoral-neck-tension", false, null, "site femoral-neck-tension")]
    [InlineData("femoral-neck-compression", true, null, "displaced fracture")]
    [InlineData("femoral-neck-compression", false, 50.0, "fracture line at least 50% of the neck width")]
    [InlineData("pubic-ramus", true, 75.0, "displaced fracture|fracture line at least 50% of the neck width")]
    public void FracturesAtRiskOfDisplacementStartOnHoldForSurgicalReferral(string site, bool displaced, double? neckWidth, string reasons)
    {
        var start = EpisodeRouting.Route(Facts.Protocol, site, displaced, (decimal?)neckWidth);
        Assert.Equal(("non-weight-bearing", "on-hold", "surgical-referral"), (start.Phase, start.Status, start.HoldReason));
        Assert.Equal(reasons.Split('|'), start.RoutingReasons);
    }

    [Theory]
    [InlineData("femoral-neck-compression", 49.9)]
    [InlineData("sacrum", null)]
    [InlineData("pubic-ramus", null)]
    public void OtherFracturesStartActiveOffTheLeg(string site, double? neckWidth)
    {
        var start = EpisodeRouting.Route(Facts.Protocol, site, displaced: false, (decimal?)neckWidth);
        Assert.Equal(("non-weight-bearing", "active", null), (start.Phase, start.Status, start.HoldReason));
        Assert.Empty(start.RoutingReasons);
    }

    [Theory]
    [InlineData("femoral-neck-compression", 6)]
    [InlineData("femoral-neck-tension", 6)]
    [InlineData("femoral-head", 6)]
    [InlineData("sacrum", 6)]
    [InlineData("pubic-ramus", 4)]
    [InlineData("femoral-shaft", 4)]
    [InlineData("acetabulum", 4)]
    public void HighRiskSitesPlanSixWeeksOffTheLegAndOthersFour(string site, int weeks) =>
        Assert.Equal(weeks, Facts.Protocol.DefaultNonWeightBearingWeeks(site));
}
