using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The earliest dates of time requirements, against dates worked out by hand.</summary>
public sealed class TimeRequirementTests
{
    [Theory]
    // A femoral neck (compression side) is high-risk: 6 weeks by default. 5 Jan + 42 days = 16 Feb.
    [InlineData("femoral-neck-compression", 6, "2026-02-15", false, "2026-02-16")]
    [InlineData("femoral-neck-compression", 6, "2026-02-16", true, "2026-02-16")]
    // A pubic ramus is not: 4 weeks. 5 Jan + 28 days = 2 Feb.
    [InlineData("pubic-ramus", 4, "2026-02-01", false, "2026-02-02")]
    [InlineData("pubic-ramus", 4, "2026-02-02", true, "2026-02-02")]
    public void NonWeightBearingLastsThePlannedWeeksForTheSite(string site, int defaultWeeks, string asOf, bool met, string earliest)
    {
        var facts = Facts.InPhase("non-weight-bearing", site) with { PhaseEnteredAt = Facts.At(2026, 1, 5, 0) };
        Assert.Equal(defaultWeeks, facts.PlannedNonWeightBearingWeeks);

        var result = facts.Evaluate(DateOnly.Parse(asOf).ToDateTime(new TimeOnly(12, 0)).ToUniversalTime()).Requirement("min-non-weight-bearing-time");

        Assert.Equal((met, DateOnly.Parse(earliest)), (result.Met, result.EarliestDate));
    }

    [Fact]
    public void APlanOfEightWeeksEndsFiftySixDaysAfterTheLegCameOff()
    {
        var facts = Facts.InPhase("non-weight-bearing") with
        {
            NonWeightBearingSince = new DateOnly(2026, 1, 10), PlannedNonWeightBearingWeeks = 8, PhaseEnteredAt = Facts.At(2026, 1, 10, 0),
        };
        var result = facts.Evaluate(Facts.At(2026, 3, 1)).Requirement("min-non-weight-bearing-time");
        Assert.Equal((false, new DateOnly(2026, 3, 7), "6 more day(s)"), (result.Met, result.EarliestDate, result.Detail));
    }

    [Fact]
    public void ARegressionToNonWeightBearingRestartsTheClockFromTheReEntry()
    {
        // Back off the leg on 10 March (at 15:00) after pain: 4 more weeks from that day, 7 April.
        var facts = Facts.InPhase("non-weight-bearing") with { PhaseEnteredAt = Facts.At(2026, 3, 10, 15) };
        var before = facts.Evaluate(Facts.At(2026, 4, 6)).Requirement("min-non-weight-bearing-time");
        var on = facts.Evaluate(Facts.At(2026, 4, 7, 0)).Requirement("min-non-weight-bearing-time");
        Assert.Equal((false, new DateOnly(2026, 4, 7)), (before.Met, before.EarliestDate));
        Assert.True(on.Met);
    }

    [Fact]
    public void PartialWeightBearingLastsSevenDaysFromThePhaseEntryDate()
    {
        var facts = Facts.InPhase("partial-weight-bearing") with { PhaseEnteredAt = Facts.At(2026, 2, 3, 13) };
        var result = facts.Evaluate(Facts.At(2026, 2, 9)).Requirement("min-partial-weight-bearing-time");
        Assert.Equal((false, new DateOnly(2026, 2, 10), "1 more day(s)"), (result.Met, result.EarliestDate, result.Detail));
        Assert.True(facts.Evaluate(Facts.At(2026, 2, 10, 0)).Requirement("min-partial-weight-bearing-time").Met);
    }

    [Theory]
    // 12 weeks after 5 Jan is 30 Mar; 16 weeks is 27 Apr.
    [InlineData("strengthening", "min-time-before-impact", "2026-03-30")]
    [InlineData("return-to-impact", "min-time-before-discharge", "2026-04-27")]
    public void ImpactAndDischargeWaitWeeksFromDiagnosis(string phase, string code, string earliest)
    {
        var date = DateOnly.Parse(earliest);
        var facts = Facts.InPhase(phase) with { PhaseEnteredAt = Facts.At(2026, 2, 1) };

        var dayBefore = facts.Evaluate(new DateTimeOffset(date.AddDays(-1).ToDateTime(new TimeOnly(23, 59)), TimeSpan.Zero)).Requirement(code);
        var onTheDay = facts.Evaluate(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).Requirement(code);

        Assert.Equal((false, date), (dayBefore.Met, dayBefore.EarliestDate));
        Assert.Equal((true, date), (onTheDay.Met, onTheDay.EarliestDate));
    }

    [Fact]
    public void ImagingBeforeFourWeeksOffTheLegIsTooEarlyAndTheGateSaysFromWhen()
    {
        // Off the leg from 5 Jan: a study counts from 2 Feb (28 days).
        var facts = Facts.InPhase("imaging-confirmation");
        var none = facts.Evaluate().Requirement("imaging-shows-healing");
        Assert.Equal((false, new DateOnly(2026, 2, 2)), (none.Met, none.EarliestDate));

        Assert.False(facts.WithImaging(new DateOnly(2026, 2, 1), "healing").Evaluate().Requirement("imaging-shows-healing").Met);
        Assert.True(facts.WithImaging(new DateOnly(2026, 2, 2), "healing").Evaluate().Requirement("imaging-shows-healing").Met);
    }

    [Theory]
    // Off the leg on 5 January in the clinic's zone: four weeks end at local midnight on 2 February, not a second before.
    [InlineData("America/Los_Angeles", "2026-02-01T23:59:59-08:00", "2026-02-02T00:00:00-08:00")]
    [InlineData("Asia/Tokyo", "2026-02-01T23:59:59+09:00", "2026-02-02T00:00:00+09:00")]
    public void NonWeightBearingEndsAtMidnightInTheClinicsZone(string zone, string lastUnmet, string firstMet)
    {
        var facts = Facts.InPhase("non-weight-bearing").InZone(zone);
        facts = facts with { PhaseEnteredAt = facts.Calendar.StartOf(Facts.Diagnosed) };

        var before = facts.Evaluate(DateTimeOffset.Parse(lastUnmet)).Requirement("min-non-weight-bearing-time");
        var on = facts.Evaluate(DateTimeOffset.Parse(firstMet)).Requirement("min-non-weight-bearing-time");

        Assert.Equal((false, new DateOnly(2026, 2, 2), "1 more day(s)"), (before.Met, before.EarliestDate, before.Detail));
        Assert.Equal((true, new DateOnly(2026, 2, 2)), (on.Met, on.EarliestDate));
    }

    [Theory]
    // 20:00 at UTC−8 on day 27 is 04:00 UTC on day 28, however it is written: still day 27 in Los Angeles.
    [InlineData("2026-02-01T20:00:00-08:00")]
    [InlineData("2026-02-02T04:00:00Z")]
    [InlineData("2026-02-02T13:00:00+09:00")]
    public void NoOffsetMeetsATimeRuleEarly(string asOf)
    {
        var facts = Facts.InPhase("non-weight-bearing").InZone("America/Los_Angeles");
        facts = facts with { PhaseEnteredAt = facts.Calendar.StartOf(Facts.Diagnosed) };
        Assert.False(facts.Evaluate(DateTimeOffset.Parse(asOf)).Requirement("min-non-weight-bearing-time").Met);
    }

    [Theory]
    // Entered on 4 February in the clinic's zone, which is the 3rd in UTC in Tokyo and the 5th in Los Angeles.
    [InlineData("Asia/Tokyo", "2026-02-04T08:00:00+09:00", "2026-02-10T23:59:59+09:00", "2026-02-11T00:00:00+09:00")]
    [InlineData("America/Los_Angeles", "2026-02-04T20:00:00-08:00", "2026-02-10T23:59:59-08:00", "2026-02-11T00:00:00-08:00")]
    public void DaysInPhaseCountFromTheLocalDateOfEntry(string zone, string enteredAt, string lastUnmet, string firstMet)
    {
        var facts = Facts.InPhase("partial-weight-bearing").InZone(zone) with { PhaseEnteredAt = DateTimeOffset.Parse(enteredAt) };

        var before = facts.Evaluate(DateTimeOffset.Parse(lastUnmet)).Requirement("min-partial-weight-bearing-time");
        var on = facts.Evaluate(DateTimeOffset.Parse(firstMet)).Requirement("min-partial-weight-bearing-time");

        Assert.Equal((false, new DateOnly(2026, 2, 11)), (before.Met, before.EarliestDate));
        Assert.Equal((true, new DateOnly(2026, 2, 11)), (on.Met, on.EarliestDate));
    }
}
