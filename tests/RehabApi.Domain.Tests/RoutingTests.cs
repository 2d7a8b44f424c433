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

    /// <summary>PROTOCOL.md's grade/site table (v2), row by row: a low-risk site at grade 1–2 plans 4 weeks off the leg;
    /// a low-risk site at grade 3 or a high-risk site at grade 1–3 plans 6; grade 4 anywhere plans 8 and asks 14 weeks before
    /// impact and 20 before discharge (12 and 16 otherwise). No grade reads as 3 at a high-risk site and 2 elsewhere.</summary>
    public static TheoryData<string, int?, int, int, int> GradeSiteTable()
    {
        var rows = new TheoryData<string, int?, int, int, int>();
        string[] highRisk = ["femoral-neck-compression", "femoral-neck-tension", "femoral-head", "sacrum"];
        string[] lowRisk = ["femoral-shaft", "pubic-ramus", "acetabulum", "other"];
        foreach (var site in lowRisk)
        {
            rows.Add(site, 1, 4, 12, 16);
            rows.Add(site, 2, 4, 12, 16);
            rows.Add(site, null, 4, 12, 16);
            rows.Add(site, 3, 6, 12, 16);
            rows.Add(site, 4, 8, 14, 20);
        }
        foreach (var site in highRisk)
        {
            rows.Add(site, 1, 6, 12, 16);
            rows.Add(site, 2, 6, 12, 16);
            rows.Add(site, 3, 6, 12, 16);
            rows.Add(site, null, 6, 12, 16);
            rows.Add(site, 4, 8, 14, 20);
        }
        return rows;
    }

    [Theory]
    [MemberData(nameof(GradeSiteTable))]
    public void OnVersion2TheMriGradeAndTheSiteSetTheWeeks(string site, int? grade, int offTheLeg, int beforeImpact, int beforeDischarge)
    {
        var pathway = Facts.V2.PathwayFor(site, grade);
        Assert.Equal((offTheLeg, beforeImpact, beforeDischarge), (pathway.NonWeightBearingWeeks, pathway.WeeksBeforeImpact!.Value, pathway.WeeksBeforeDischarge!.Value));
        Assert.Equal(grade ?? (Facts.V2.IsHighRiskSite(site) ? 3 : 2), pathway.MriGrade);
    }

    [Theory]
    [MemberData(nameof(GradeSiteTable))]
    public void OnVersion1TheGradeChangesNothing(string site, int? grade, int offTheLegOnVersion2, int beforeImpact, int beforeDischarge)
    {
        var pathway = Facts.V1.PathwayFor(site, grade);
        Assert.Equal((Facts.V1.IsHighRiskSite(site) ? 6 : 4, (int?)null, (int?)null), (pathway.NonWeightBearingWeeks, pathway.WeeksBeforeImpact, pathway.WeeksBeforeDischarge));
        // Version 1's times are its rules' own, from the diagnosis, whatever version 2 would plan.
        Assert.True(offTheLegOnVersion2 >= 4 && beforeImpact >= 12 && beforeDischarge >= 16);
        Assert.Equal([12, 16], Facts.V1.Gates.SelectMany(g => g.Requirements)
            .Where(r => r.Rule == Protocols.RequirementRules.MinWeeksSinceDiagnosis).Select(r => r.Weeks!.Value));
    }

    [Theory]
    [InlineData("femoral-neck-compression", true)]
    [InlineData("femoral-neck-tension", false)]
    [InlineData("sacrum", false)]
    public void OnVersion2NeckWidthIsRequiredAtTheCompressionSideFemoralNeckAndRefusedElsewhere(string site, bool required)
    {
        Assert.Equal(required, Facts.V2.NeckWidthPercentRequiredAt(site));
        Assert.Null(Facts.V1.NeckWidthPercentRequiredAt(site));
    }

    [Theory]
    [InlineData("femoral-neck-compression", 6)]
    [InlineData("femoral-neck-tension", 6)]
    [InlineData("femoral-head", 6)]
    [InlineData("sacrum", 6)]
    [InlineData("pubic-ramus", 4)]
    [InlineData("femoral-shaft", 4)]
    [InlineData("acetabulum", 4)]
    public void HighRiskSitesPlanSixWeeksOffTheLegAndOthersFour(string site, int weeks)
    {
        Assert.Equal(weeks, Facts.V1.DefaultNonWeightBearingWeeks(site));
        Assert.Equal(weeks, Facts.V2.DefaultNonWeightBearingWeeks(site));
    }
}
