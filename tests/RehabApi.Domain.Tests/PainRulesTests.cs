using RehabApi.Domain.Gates;
using RehabApi.Domain.Symptoms;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>PROTOCOL.md "Pain" [all versions]: which reports open a pain report, who resolves one, and how the
/// patient's own reports count against the pain-free requirements.</summary>
public sealed class PainRulesTests
{
    [Theory]
    [InlineData("non-weight-bearing", 1, 0, null, true)]
    [InlineData("non-weight-bearing", 0, 5, 5, false)]
    [InlineData("imaging-confirmation", 0, 3, null, false)]
    [InlineData("partial-weight-bearing", 0, 1, null, true)]
    [InlineData("partial-weight-bearing", 0, 0, 2, true)]
    [InlineData("return-to-impact", 0, 0, 0, false)]
    public void RestPainOpensAReportInAnyPhaseAndOtherPainOnceTheBoneIsLoaded(
        string phase, int atRest, int withActivity, int? nextMorning, bool opens) =>
        Assert.Equal(opens, PainRules.OpensPainReport(Facts.Protocol, phase, atRest, withActivity, nextMorning));

    [Theory]
    [InlineData("femoral-neck-compression", "non-weight-bearing", new[] { "physician" })]
    [InlineData("sacrum", "imaging-confirmation", new[] { "physician" })]
    [InlineData("femoral-neck-compression", "partial-weight-bearing", new[] { "physician", "therapist" })]
    [InlineData("pubic-ramus", "non-weight-bearing", new[] { "physician", "therapist" })]
    public void OnlyAPhysicianResolvesARedFlag(string site, string phase, string[] resolvers) =>
        Assert.Equal(resolvers, PainRules.Resolvers(Facts.Protocol, site, phase));

    [Fact]
    public void ThePatientsLaterReportOutweighsAnEarlierClinicianScore()
    {
        var facts = Facts.InPhase("partial-weight-bearing").WithObservation("fracture-site-pain", 0, Facts.Entered.AddDays(1))
            .WithReport(Facts.Recently, atRest: 0, worst: 3);

        var result = facts.Evaluate().Requirement("pain-free-weight-bearing");

        Assert.False(result.Met);
        Assert.Contains("patient", result.Detail);
    }

    [Fact]
    public void AClinicianScoreAfterThePatientsReportIsTheLatestMeasure()
    {
        var facts = Facts.InPhase("partial-weight-bearing").WithReport(Facts.Recently.AddHours(-2), atRest: 0, worst: 3)
            .WithObservation("fracture-site-pain", 0, Facts.Recently);

        Assert.True(facts.Evaluate().Requirement("pain-free-weight-bearing").Met);
    }

    [Fact]
    public void OfAReportAndAScoreAtTheSameMomentTheHigherCounts()
    {
        var facts = Facts.InPhase("full-weight-bearing").WithObservation("fracture-site-pain", 0, Facts.Recently)
            .WithReport(Facts.Recently, atRest: 0, worst: 1);

        Assert.False(facts.Evaluate().Requirement("pain-free-weight-bearing").Met);
    }

    [Fact]
    public void APatientsReportAloneNeverMeetsPainFreeWeightBearing()
    {
        var facts = Facts.InPhase("partial-weight-bearing").WithReport(Facts.Recently, atRest: 0, worst: 0);

        Assert.False(facts.Evaluate().Requirement("pain-free-weight-bearing").Met);
    }

    [Fact]
    public void RestPainReportedAfterTheNoPainAtRestClearanceVoidsIt()
    {
        var cleared = Facts.InPhase("non-weight-bearing").WithClearance("no-pain-at-rest", Facts.Recently.AddHours(-3));
        Assert.True(cleared.Evaluate().Requirement("no-pain-at-rest").Met);

        Assert.False(cleared.WithReport(Facts.Recently, atRest: 2, worst: 2).Evaluate().Requirement("no-pain-at-rest").Met);
        // Pain at rest before the clearance was what the clinician assessed; activity pain off the leg does not void it.
        Assert.True(cleared.WithReport(Facts.Recently.AddHours(-4), atRest: 2, worst: 2).Evaluate().Requirement("no-pain-at-rest").Met);
        Assert.True(cleared.WithReport(Facts.Recently, atRest: 0, worst: 4).Evaluate().Requirement("no-pain-at-rest").Met);
    }

    [Fact]
    public void AReportDatedAfterTheMomentOfEvaluationDoesNotCount()
    {
        var facts = Facts.InPhase("partial-weight-bearing").WithObservation("fracture-site-pain", 0, Facts.Recently)
            .WithReport(Facts.AsOf.AddHours(5), atRest: 0, worst: 6);

        Assert.True(facts.Evaluate().Requirement("pain-free-weight-bearing").Met);
    }
}

internal static class ReportFacts
{
    public static EpisodeFacts WithReport(this EpisodeFacts facts, DateTimeOffset at, int atRest, int worst) =>
        facts with { SymptomReports = [.. facts.SymptomReports, new SymptomReportFact(at, at, atRest, worst)] };
}
