using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.Tests.Support;
using RehabApi.Domain.Timeline;
using static RehabApi.Domain.Tests.Support.ProtocolJson;

namespace RehabApi.Domain.Tests;

/// <summary>A clinic version stored before durations were bounded (issue 15, finding 1) can no longer be published,
/// but episodes pinned to one must still never be met early, nor make the timeline fail.</summary>
public sealed class UnboundedStoredVersionTests
{
    private const int Wraps = 613566756;

    /// <summary>Read as the store reads a stored version: without ProtocolSafety.</summary>
    private static readonly ProtocolDefinition Stored = Variant(ProtocolCatalog.Find(ProtocolCatalog.DefaultKey, 1)!, p =>
    {
        p["nonWeightBearingWeeks"] = new System.Text.Json.Nodes.JsonObject
        {
            ["min"] = Wraps, ["max"] = Wraps, ["defaultAtHighRiskSite"] = Wraps, ["defaultElsewhere"] = Wraps,
        };
        Requirement(p, 2, "min-partial-weight-bearing-time")["days"] = int.MaxValue;
        Requirement(p, 5, "min-time-before-impact")["weeks"] = Wraps;
        Requirement(p, 6, "min-time-before-discharge")["weeks"] = Wraps;
        p["imaging"]!["minDaysAfterNonWeightBearingStart"] = int.MaxValue;
        foreach (var phase in p["phases"]!.AsArray()) phase!["typicalDays"] = int.MaxValue;
    });

    [Theory]
    [InlineData("non-weight-bearing", "min-non-weight-bearing-time")]
    [InlineData("partial-weight-bearing", "min-partial-weight-bearing-time")]
    [InlineData("strengthening", "min-time-before-impact")]
    [InlineData("return-to-impact", "min-time-before-discharge")]
    public void ATimeRuleThatWouldOverflowIsNeverMet(string phase, string code)
    {
        var facts = Facts.InPhase(phase) with { PlannedNonWeightBearingWeeks = Wraps, PhaseEnteredAt = Facts.At(2026, 1, 5, 0) };

        var result = GateEvaluator.Evaluate(Stored, facts, Facts.AsOf).Requirements.Single(r => r.Code == code);

        Assert.False(result.Met);
        Assert.True(result.EarliestDate > Facts.Diagnosed.AddYears(90), $"{code} earliest {result.EarliestDate}");
    }

    [Fact]
    public void ImagingCountsOnlyFromTheFarFuture()
    {
        var facts = Facts.InPhase("imaging-confirmation").WithImaging(new DateOnly(2026, 5, 1), ImagingFindings.Healing);
        Assert.False(GateEvaluator.Evaluate(Stored, facts, Facts.AsOf).Requirements.Single(r => r.Code == "imaging-shows-healing").Met);
    }

    [Fact]
    public void TheTimelineIsStillProjected()
    {
        var timeline = TimelineProjector.Project(Stored, Facts.InPhase("non-weight-bearing"), [], DateOnly.FromDateTime(Facts.AsOf.UtcDateTime));
        Assert.True(timeline.ProjectedDischargeEarliest > Facts.Diagnosed.AddYears(90));
    }
}
