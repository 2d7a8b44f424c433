using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The freshness rule (PROTOCOL.md): evidence counts only if it was effective at or after the latest
/// entry into the phase the gate leaves, and at or before the moment the gate is judged.</summary>
public sealed class FreshnessTests
{
    private static readonly EpisodeFactsBuilder Mobility = new("mobility");

    [Fact]
    public void EvidenceFromBeforeThePhaseWasEnteredDoesNotCount()
    {
        var facts = Mobility.Facts.WithClearance("full-pain-free-range-of-motion", Facts.Entered.AddTicks(-10));
        Assert.False(facts.Evaluate().CanAdvance);
        Assert.Equal("no full-pain-free-range-of-motion clearance signed in this phase", facts.Evaluate().Requirement("full-pain-free-range-of-motion").Detail);
    }

    [Fact]
    public void EvidenceEffectiveExactlyAtThePhaseEntryCounts() =>
        Assert.True(Mobility.Facts.WithClearance("full-pain-free-range-of-motion", Facts.Entered).Evaluate().CanAdvance);

    [Fact]
    public void AfterARegressionEvidenceFromTheEarlierStayInThePhaseNoLongerCounts()
    {
        // Signed during a first stay in mobility (March); the patient regressed and re-entered on 1 April.
        var facts = Mobility.Facts.WithClearance("full-pain-free-range-of-motion", Facts.At(2026, 3, 20));
        Assert.False(facts.Evaluate().CanAdvance);

        // The same sign-off again, after the re-entry, opens the gate.
        Assert.True(facts.WithClearance("full-pain-free-range-of-motion", Facts.At(2026, 4, 2)).Evaluate().CanAdvance);
    }

    [Fact]
    public void ObservationsBeforeTheReEntryAreIgnoredEvenWhenTheyWereTheBest()
    {
        var facts = Facts.InPhase("strengthening")
            .WithObservation("pain-free-walk-minutes", 45, Facts.At(2026, 3, 25))
            .WithObservation("pain-free-walk-minutes", 20, Facts.At(2026, 4, 10));
        var result = facts.Evaluate().Requirement("pain-free-walk");
        Assert.False(result.Met);
        Assert.EndsWith("best pain-free-walk-minutes is 20; needs at least 30", result.Detail);
    }

    [Fact]
    public void AnAdvanceJudgedAsOfAnEarlierMomentIgnoresLaterEvidence()
    {
        var facts = Mobility.Facts.WithClearance("full-pain-free-range-of-motion", Facts.At(2026, 5, 10));
        Assert.False(facts.Evaluate(Facts.At(2026, 5, 9)).CanAdvance);
        Assert.True(facts.Evaluate(Facts.At(2026, 5, 10)).CanAdvance);
    }

    [Fact]
    public void TheLatestObservationDecidesAndLaterPainShutsAnOpenGate()
    {
        var painFree = Facts.InPhase("full-weight-bearing").WithClearance("normal-gait", Facts.At(2026, 4, 20))
            .WithObservation("fracture-site-pain", 0, Facts.At(2026, 5, 1));
        Assert.True(painFree.Evaluate().CanAdvance);

        var painAgain = painFree.WithObservation("fracture-site-pain", 3, Facts.At(2026, 5, 2));
        Assert.Equal((false, "latest fracture-site-pain is 3; needs at most 0"),
            (painAgain.Evaluate().CanAdvance, painAgain.Evaluate().Requirement("pain-free-weight-bearing").Detail));

        // As of before the painful report, the gate was open.
        Assert.True(painAgain.Evaluate(Facts.At(2026, 5, 1, 18)).CanAdvance);
    }

    private sealed record EpisodeFactsBuilder(string Phase)
    {
        public Gates.EpisodeFacts Facts => Support.Facts.InPhase(Phase);
    }
}
