using RehabApi.Domain.Gates;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>Every requirement of every gate, met and unmet: with everything else in place, a gate opens
/// when the requirement is met and stays shut, naming exactly that requirement, when it is not.</summary>
public sealed class RequirementCoverageTests
{
    /// <summary>How to meet each requirement code, and how to break it again (from the base facts).</summary>
    internal static readonly Dictionary<string, (Func<EpisodeFacts, EpisodeFacts> Meet, Func<EpisodeFacts, EpisodeFacts> Break)> Ways = new()
    {
        ["not-on-hold"] = (f => f, f => f with { Status = EpisodeStatuses.OnHold, HoldReason = HoldReasons.ClinicalReview }),
        ["no-open-pain-reports"] = (f => f, f => f with { OpenPainReports = [new PainReportFact(Guid.NewGuid(), new DateOnly(2026, 5, 30), 3)] }),
        // Planned 4 weeks from 5 Jan, or from the phase entry (1 Apr) when that is later: met since 29 Apr.
        // Broken by a re-entry 10 days ago (a regression), which restarts the clock.
        ["min-non-weight-bearing-time"] = (f => f, f => f with { PhaseEnteredAt = Facts.AsOf.AddDays(-10) }),
        ["no-pain-at-rest"] = Clearance("no-pain-at-rest"),
        ["imaging-shows-healing"] = (f => f.WithImaging(new DateOnly(2026, 3, 1), "healing"), f => f with { Imaging = [] }),
        ["partial-weight-bearing-approved"] = Clearance("partial-weight-bearing-approved"),
        ["min-partial-weight-bearing-time"] = (f => f, f => f with { PhaseEnteredAt = Facts.AsOf.AddDays(-3) }),
        ["pain-free-weight-bearing"] = Observation("fracture-site-pain", 0),
        ["full-weight-bearing-approved"] = Clearance("full-weight-bearing-approved"),
        ["normal-gait"] = Clearance("normal-gait"),
        ["full-pain-free-range-of-motion"] = Clearance("full-pain-free-range-of-motion"),
        ["min-time-before-impact"] = (f => f, f => f with { DiagnosedOn = new DateOnly(2026, 4, 1) }),
        ["strength-symmetry"] = Observation("hip-abductor-strength-lsi", 85),
        ["pain-free-walk"] = Observation("pain-free-walk-minutes", 30),
        ["ready-to-run-tests-passed"] = Clearance("ready-to-run-tests-passed"),
        // Not required for a low-risk site without risk factors; a recorded risk factor requires the review.
        ["bone-health-reviewed"] = (f => f, f => f with { RiskFactors = ["low-energy-availability"] }),
        ["impact-approved"] = Clearance("impact-approved"),
        // Not required unless the Triad score is restricted (with the bone-health review that such a score also requires signed).
        ["restricted-clearance"] = (f => f, f => f.WithClearance("bone-health-reviewed") with { BoneHealth = Assessed(7, BoneHealthLevels.Restricted, true) }),
        ["min-time-before-discharge"] = (f => f, f => f with { DiagnosedOn = new DateOnly(2026, 4, 1) }),
        ["continuous-run"] = (f => f.WithWalkRunLadderClimbed(), f => f with { WalkRunSessions = [] }),
        ["discharge-approved"] = Clearance("discharge-approved"),
    };

    /// <summary>A bone-health assessment effective when the phase was entered, before any evidence of the phase.</summary>
    private static BoneHealthFact Assessed(int score, string level, bool anyRiskFactor) => new(score, level, anyRiskFactor, Facts.Entered);

    public static TheoryData<string, string> GateRequirements()
    {
        var rows = new TheoryData<string, string>();
        foreach (var gate in Facts.Protocol.Gates)
            foreach (var requirement in Facts.Protocol.CommonRequirements.Concat(gate.Requirements))
                rows.Add(gate.From, requirement.Code);
        return rows;
    }

    [Theory]
    [MemberData(nameof(GateRequirements))]
    public void EachRequirementAloneOpensOrShutsItsGate(string phase, string code)
    {
        var gate = Facts.Protocol.GateFrom(phase)!;
        var ready = Facts.Protocol.CommonRequirements.Concat(gate.Requirements)
            .Aggregate(Facts.InPhase(phase), (facts, requirement) => Ways[requirement.Code].Meet(facts));

        var open = ready.Evaluate();
        Assert.True(open.CanAdvance, $"{phase}: {string.Join(", ", open.UnmetCodes())} unmet");
        Assert.Equal(gate.To, open.NextPhase);
        Assert.True(open.Requirement(code).Met);

        var shut = Ways[code].Break(ready).Evaluate();
        Assert.False(shut.CanAdvance);
        Assert.Equal([code], shut.UnmetCodes());
        Assert.False(string.IsNullOrEmpty(shut.Requirement(code).Detail));
    }

    [Fact]
    public void EveryRequirementCodeOfTheProtocolHasAWayToMeetAndBreakIt()
    {
        var codes = Facts.Protocol.CommonRequirements.Concat(Facts.Protocol.Gates.SelectMany(g => g.Requirements))
            .Select(r => r.Code).ToHashSet();
        Assert.Equal(codes.Order(), Ways.Keys.Order());
    }

    [Fact]
    public void TheEighteenRequirementCodesOfProtocolMdAreAllInTheData()
    {
        // PROTOCOL.md's gate table, by code: if the data loses one, this says which.
        string[] fromProtocolMd =
        [
            "min-non-weight-bearing-time", "no-pain-at-rest", "imaging-shows-healing", "partial-weight-bearing-approved",
            "min-partial-weight-bearing-time", "pain-free-weight-bearing", "full-weight-bearing-approved", "normal-gait",
            "full-pain-free-range-of-motion", "min-time-before-impact", "strength-symmetry", "pain-free-walk",
            "ready-to-run-tests-passed", "bone-health-reviewed", "impact-approved", "min-time-before-discharge",
            "continuous-run", "discharge-approved",
        ];
        var inData = Facts.Protocol.Gates.SelectMany(g => g.Requirements).Select(r => r.Code).ToHashSet();
        Assert.Empty(fromProtocolMd.Except(inData));
    }

    [Fact]
    public void ABoneHealthReviewIsRequiredAtAHighRiskSiteAndMetOnceSigned()
    {
        var facts = Facts.InPhase("strengthening", site: "sacrum");
        var unsigned = facts.Evaluate().Requirement("bone-health-reviewed");
        Assert.False(unsigned.Met);
        Assert.Contains("high-risk site sacrum", unsigned.Detail);

        Assert.True(facts.WithClearance("bone-health-reviewed").Evaluate().Requirement("bone-health-reviewed").Met);
        var lowRisk = Facts.InPhase("strengthening").Evaluate().Requirement("bone-health-reviewed");
        Assert.True(lowRisk.Met);
        Assert.StartsWith("not required", lowRisk.Detail);
    }

    [Fact]
    public void ARiskFactorInTheTriadAssessmentRequiresTheBoneHealthReview()
    {
        var facts = Facts.InPhase("strengthening") with { BoneHealth = Assessed(2, BoneHealthLevels.Provisional, true) };
        var review = facts.Evaluate().Requirement("bone-health-reviewed");
        Assert.False(review.Met);
        Assert.Contains("Triad risk score 2", review.Detail);
        Assert.True((facts with { BoneHealth = Assessed(0, BoneHealthLevels.Full, false) }).Evaluate().Requirement("bone-health-reviewed").Met);
    }

    [Fact]
    public void ARestrictedTriadScoreNeedsARestrictedClearanceBeforeImpact()
    {
        var facts = Facts.InPhase("strengthening") with { BoneHealth = Assessed(6, BoneHealthLevels.Restricted, true) };
        var unsigned = facts.Evaluate().Requirement("restricted-clearance");
        Assert.False(unsigned.Met);
        Assert.Contains("score 6", unsigned.Detail);
        Assert.True(facts.WithClearance("restricted-clearance").Evaluate().Requirement("restricted-clearance").Met);
        Assert.True((facts with { BoneHealth = Assessed(5, BoneHealthLevels.Provisional, true) }).Evaluate().Requirement("restricted-clearance").Met);
    }

    [Fact]
    public void ARestrictedClearanceSignedBeforeTheLatestRestrictedAssessmentClearsNothing()
    {
        var signed = Facts.InPhase("strengthening").WithClearance("restricted-clearance", Facts.Entered.AddDays(1));
        var reassessed = signed with { BoneHealth = new BoneHealthFact(8, BoneHealthLevels.Restricted, true, Facts.Entered.AddDays(2)) };

        var requirement = reassessed.Evaluate().Requirement("restricted-clearance");
        Assert.False(requirement.Met);
        Assert.Equal("required: Triad risk score 8 (restricted); no restricted-clearance signed in this phase since that assessment", requirement.Detail);
        Assert.True(reassessed.WithClearance("restricted-clearance", Facts.Entered.AddDays(2)).Evaluate().Requirement("restricted-clearance").Met);
    }

    [Fact]
    public void TheContinuousRunIsMetByClimbingTheWholeWalkRunLadderWithoutPain()
    {
        Assert.True(Facts.InPhase("return-to-impact").WithWalkRunLadderClimbed().Evaluate().Requirement("continuous-run").Met);
        Assert.False(Facts.InPhase("return-to-impact").WithWalkRunLadderClimbed(lastStepPain: true).Evaluate().Requirement("continuous-run").Met);
    }

    [Fact]
    public void JumpingStraightToTheLastWalkRunStepDoesNotMeetTheContinuousRun()
    {
        var session = new WalkRunSessionFact(new DateOnly(2026, 5, 30), 5, true, false, Facts.At(2026, 5, 30));
        var facts = Facts.InPhase("return-to-impact") with { WalkRunSessions = [session] };
        var result = facts.Evaluate().Requirement("continuous-run");
        Assert.False(result.Met);
        Assert.Contains("step 1 of 5", result.Detail);
    }

    [Fact]
    public void AWalkRunSessionFromBeforeThePhaseWasEnteredDoesNotCount()
    {
        var climbed = Facts.InPhase("return-to-impact").WithWalkRunLadderClimbed();
        var stale = climbed with { WalkRunSessions = climbed.WalkRunSessions.Select(s => s with { EffectiveAt = Facts.At(2026, 3, 30) }).ToList() };
        Assert.False(stale.Evaluate().Requirement("continuous-run").Met);
    }

    [Fact]
    public void AContinuousRunObservationNeverMeetsTheContinuousRun()
    {
        var result = Facts.InPhase("return-to-impact").WithObservation("continuous-run-minutes", 45).Evaluate().Requirement("continuous-run");
        Assert.False(result.Met);
        Assert.Contains("step 1 of 5", result.Detail);
    }

    [Fact]
    public void TheUnmetContinuousRunGivesTheEarliestDateTheLadderCanBeComplete()
    {
        // Entered on 1 April: 25 sessions on alternate days end on 19 May at the earliest.
        var entered = Facts.InPhase("return-to-impact");
        Assert.Equal(new DateOnly(2026, 5, 19), entered.Evaluate(Facts.At(2026, 4, 1)).Requirement("continuous-run").EarliestDate);
        // Sessions may be recorded late, but the date is not shown in the past: as of 1 June, 1 June.
        Assert.Equal(new DateOnly(2026, 6, 1), entered.Evaluate().Requirement("continuous-run").EarliestDate);
    }

    [Theory]
    [InlineData("pain-free-weight-bearing", "fracture-site-pain", 1, false)]
    [InlineData("strength-symmetry", "hip-abductor-strength-lsi", 79.9, false)]
    [InlineData("strength-symmetry", "hip-abductor-strength-lsi", 80, true)]
    [InlineData("pain-free-walk", "pain-free-walk-minutes", 29, false)]
    [InlineData("pain-free-walk", "pain-free-walk-minutes", 30, true)]
    public void ObservationThresholdsAreInclusive(string code, string observation, double value, bool met)
    {
        var phase = Facts.Protocol.Gates.First(g => g.Requirements.Any(r => r.Code == code)).From;
        var result = Facts.InPhase(phase).WithObservation(observation, (decimal)value).Evaluate().Requirement(code);
        Assert.Equal(met, result.Met);
    }

    private static (Func<EpisodeFacts, EpisodeFacts>, Func<EpisodeFacts, EpisodeFacts>) Clearance(string type) =>
        (f => f.WithClearance(type), f => f.WithoutClearance(type));

    private static (Func<EpisodeFacts, EpisodeFacts>, Func<EpisodeFacts, EpisodeFacts>) Observation(string code, decimal value) =>
        (f => f.WithObservation(code, value), f => f.WithoutObservation(code));
}
