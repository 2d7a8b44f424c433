using RehabApi.Domain.Episodes;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>Version 2 beside version 1: the same journeys judged on both. An episode opened on version 1 keeps version 1's
/// rules (PROTOCOL.md, "Version 1"); version 2 restarts clocks on regression and on lifting a surgical referral, and asks
/// more before impact and, at high-risk sites, of who discharges.</summary>
public sealed class Version2Tests
{
    private static readonly string[] Physician = ["physician"];
    private static readonly string[] Therapist = ["therapist"];

    private static TransitionOutcome Apply(ProtocolDefinition protocol, EpisodeFacts facts, string action, string[] roles,
        string? toPhase = null, string? reason = null, DateOnly? nonWeightBearingSince = null, DateTimeOffset? at = null) =>
        PhaseMachine.Apply(protocol, facts, new TransitionCommand(action, at ?? Facts.AsOf, roles, toPhase, reason, nonWeightBearingSince));

    /// <summary>The evidence that opens each gate of version 1, at <paramref name="site"/>: a clinic's version 1 journey.</summary>
    private static EpisodeFacts Version1Journey(string phase, string site)
    {
        var ready = RequirementCoverageTests.Ready(1, phase) with { Site = site };
        return site == "sacrum" && phase == "strengthening" ? ready.WithClearance("bone-health-reviewed") : ready;
    }

    public static TheoryData<string> GatedPhases() => new(Facts.V1.Gates.Select(g => g.From));

    [Theory]
    [MemberData(nameof(GatedPhases))]
    public void AVersion1JourneyAtALowRiskSiteOpensTheSameGatesOnVersion2SaveTheBoneHealthAssessmentBeforeImpact(string phase)
    {
        var facts = Version1Journey(phase, "pubic-ramus");
        Assert.True(facts.EvaluateOn(Facts.V1).CanAdvance);
        var onVersion2 = facts.EvaluateOn(Facts.V2);
        Assert.Equal(phase == "strengthening" ? ["bone-health-assessed"] : [], onVersion2.UnmetCodes());
    }

    [Theory]
    [MemberData(nameof(GatedPhases))]
    public void AVersion1JourneyAtTheSacrumAlsoNeedsHealingConfirmedBeforeImpactOnVersion2(string phase)
    {
        var facts = Version1Journey(phase, "sacrum");
        Assert.True(facts.EvaluateOn(Facts.V1).CanAdvance, string.Join(", ", facts.EvaluateOn(Facts.V1).UnmetCodes()));
        Assert.Equal(phase == "strengthening" ? ["bone-health-assessed", "healing-confirmed-before-impact"] : [],
            facts.EvaluateOn(Facts.V2).UnmetCodes());
    }

    [Fact]
    public void AVersion1EpisodeAtAHighRiskSiteStillNeedsTheReviewWithoutAnyAssessmentAndVersion2TheAssessment()
    {
        var facts = Version1Journey("strengthening", "sacrum").WithoutClearance("bone-health-reviewed");
        Assert.Equal(["bone-health-reviewed"], facts.EvaluateOn(Facts.V1).UnmetCodes());
        Assert.Equal(["bone-health-assessed", "healing-confirmed-before-impact"], facts.EvaluateOn(Facts.V2).UnmetCodes());
    }

    [Theory]
    [InlineData("sacrum", 1, true)]
    [InlineData("sacrum", 2, false)]
    [InlineData("pubic-ramus", 2, true)]
    public void ATherapistSignsADischargeExceptAtAHighRiskSiteOnVersion2(string site, int version, bool therapistMay)
    {
        var signers = Facts.Version(version).SignersOf("discharge-approved", site)!;
        Assert.Equal(therapistMay, signers.Contains("therapist"));
        Assert.Contains("physician", signers);
    }

    [Fact]
    public void ARegressionToNonWeightBearingRestartsItsStartOnVersion2Only()
    {
        // Back to the start on 1 June from strengthening, for pain: the imaging of 1 March no longer counts on version 2.
        var facts = Facts.InPhase("strengthening");
        var v2 = Assert.IsType<TransitionApplied>(Apply(Facts.V2, facts, "regress", Physician, "non-weight-bearing", "fracture-site-pain"));
        Assert.Equal(((DateOnly?)new DateOnly(2026, 6, 1), (DateOnly?)null), (v2.NonWeightBearingSince, v2.InjuryOn));
        var v1 = Assert.IsType<TransitionApplied>(Apply(Facts.V1, facts, "regress", Physician, "non-weight-bearing", "fracture-site-pain"));
        Assert.Equal(((DateOnly?)null, (DateOnly?)null), (v1.NonWeightBearingSince, v1.InjuryOn));

        // A regression to a later phase keeps the start.
        var partial = Assert.IsType<TransitionApplied>(Apply(Facts.V2, facts, "regress", Physician, "partial-weight-bearing", "fracture-site-pain"));
        Assert.Null(partial.NonWeightBearingSince);
    }

    [Fact]
    public void AReInjuryMovesTheInjuryDateOnVersion2WhereverItRegressesTo()
    {
        var facts = Facts.InPhase("strengthening");
        var toStart = Assert.IsType<TransitionApplied>(Apply(Facts.V2, facts, "regress", Therapist, "non-weight-bearing", "re-injury"));
        Assert.Equal(((DateOnly?)new DateOnly(2026, 6, 1), (DateOnly?)new DateOnly(2026, 6, 1)), (toStart.NonWeightBearingSince, toStart.InjuryOn));
        var toMobility = Assert.IsType<TransitionApplied>(Apply(Facts.V2, facts, "regress", Therapist, "mobility", "re-injury"));
        Assert.Equal(((DateOnly?)null, (DateOnly?)new DateOnly(2026, 6, 1)), (toMobility.NonWeightBearingSince, toMobility.InjuryOn));
        Assert.Null(Assert.IsType<TransitionApplied>(Apply(Facts.V1, facts, "regress", Therapist, "non-weight-bearing", "re-injury")).InjuryOn);
    }

    [Fact]
    public void AfterAReInjuryTheOldImagingNoLongerShowsHealingOnVersion2ButStillDoesOnVersion1()
    {
        // Imaged healing on 1 March; re-injured on 1 April and back to the start: in imaging confirmation again on 1 June.
        var confirming = Facts.InPhase("imaging-confirmation")
            .WithImaging(new DateOnly(2026, 3, 1), "healing", "mri")
            .WithClearance("partial-weight-bearing-approved");
        var restarted = confirming with { NonWeightBearingSince = new DateOnly(2026, 4, 1), InjuryOn = new DateOnly(2026, 4, 1) };

        Assert.True(confirming.EvaluateOn(Facts.V1).CanAdvance);
        var healing = restarted.EvaluateOn(Facts.V2).Requirement("imaging-shows-healing");
        Assert.Equal((false, new DateOnly(2026, 4, 29)), (healing.Met, healing.EarliestDate));
        Assert.True(restarted.WithImaging(new DateOnly(2026, 5, 1), "healing", "mri").EvaluateOn(Facts.V2).CanAdvance);
    }

    /// <summary>Held for surgical referral since a displacement found on 10 May, in full weight-bearing since 1 April, with an
    /// open pain report; a physician lifts the referral on 1 June.</summary>
    private static EpisodeFacts Referred => Facts.InPhase("full-weight-bearing") with
    {
        Status = EpisodeStatuses.OnHold,
        HoldReason = HoldReasons.SurgicalReferral,
        HoldSince = Facts.At(2026, 5, 10),
        OpenPainReports = [new PainReportFact(Guid.NewGuid(), new DateOnly(2026, 5, 9), 4)],
    };

    [Fact]
    public void LiftingASurgicalReferralOnVersion2ReturnsToNonWeightBearingFromTheFixationDateAndRestartsEveryClock()
    {
        var referred = Referred;
        var applied = Assert.IsType<TransitionApplied>(Apply(Facts.V2, referred, "resume", Physician, nonWeightBearingSince: new DateOnly(2026, 5, 12)));

        Assert.Equal(new EpisodeState("non-weight-bearing", "active", null, Facts.At(2026, 5, 12, 0)), applied.To);
        Assert.Equal(((DateOnly?)new DateOnly(2026, 5, 12), (DateOnly?)new DateOnly(2026, 5, 12)), (applied.NonWeightBearingSince, applied.InjuryOn));
        Assert.Equal(referred.OpenPainReports.Select(r => r.Id), applied.ResolvedPainReports);

        // Without a date, the resume's own.
        var today = Assert.IsType<TransitionApplied>(Apply(Facts.V2, Referred, "resume", Physician));
        Assert.Equal(((DateOnly?)new DateOnly(2026, 6, 1), Facts.At(2026, 6, 1, 0)), (today.NonWeightBearingSince, today.To.PhaseEnteredAt));
    }

    [Fact]
    public void TheClocksCountFromTheFixationDateAfterASurgicalReferralIsLifted()
    {
        // The episode as the resume leaves it: every time rule of version 2 counts from 12 May.
        var restarted = (Facts.InPhase("non-weight-bearing") with
        {
            PhaseEnteredAt = Facts.At(2026, 5, 12, 0),
            NonWeightBearingSince = new DateOnly(2026, 5, 12),
            InjuryOn = new DateOnly(2026, 5, 12),
        }).WithClearance("no-pain-at-rest", Facts.At(2026, 5, 11));

        var gate = restarted.EvaluateOn(Facts.V2);
        Assert.Equal(new DateOnly(2026, 6, 9), gate.Requirement("min-non-weight-bearing-time").EarliestDate);
        // The clearance of 11 May is from before the fixation: void.
        Assert.False(gate.Requirement("no-pain-at-rest").Met);
        Assert.Equal(new DateOnly(2026, 8, 4), (restarted with { Phase = "strengthening" }).EvaluateOn(Facts.V2).Requirement("min-time-before-impact").EarliestDate);
        Assert.Equal(new DateOnly(2026, 9, 1), (restarted with { Phase = "return-to-impact" }).EvaluateOn(Facts.V2).Requirement("min-time-before-discharge").EarliestDate);
    }

    [Theory]
    [InlineData("2026-05-09")]
    [InlineData("2026-06-02")]
    public void TheFixationDateLiesBetweenTheReferralAndTheResume(string date)
    {
        var rejected = Assert.IsType<TransitionRejected>(Apply(Facts.V2, Referred, "resume", Physician, nonWeightBearingSince: DateOnly.Parse(date)));
        Assert.Equal((RejectionKind.Invalid, "nonWeightBearingSince"), (rejected.Kind, rejected.Field));
        Assert.Equal("nonWeightBearingSince must be from 2026-05-10, when the surgical referral began, to 2026-06-01, the resume's date.", rejected.Message);
    }

    [Fact]
    public void OnVersion1LiftingASurgicalReferralKeepsThePhaseAndTakesNoDate()
    {
        var applied = Assert.IsType<TransitionApplied>(Apply(Facts.V1, Referred, "resume", Physician));
        Assert.Equal(("full-weight-bearing", "active"), (applied.To.Phase, applied.To.Status));
        Assert.Equal(((DateOnly?)null, (DateOnly?)null, 0), (applied.NonWeightBearingSince, applied.InjuryOn, applied.ResolvedPainReports.Count));

        var dated = Assert.IsType<TransitionRejected>(Apply(Facts.V1, Referred, "resume", Physician, nonWeightBearingSince: new DateOnly(2026, 5, 12)));
        Assert.Equal((RejectionKind.Invalid, "nonWeightBearingSince"), (dated.Kind, dated.Field));
    }

    [Fact]
    public void ADateIsGivenOnlyWhenLiftingASurgicalReferral()
    {
        var review = Referred with { HoldReason = HoldReasons.ImagingProgression };
        var rejected = Assert.IsType<TransitionRejected>(Apply(Facts.V2, review, "resume", Physician, nonWeightBearingSince: new DateOnly(2026, 5, 12)));
        Assert.Equal((RejectionKind.Invalid, "nonWeightBearingSince"), (rejected.Kind, rejected.Field));
        // An imaging-progression hold is lifted in the same phase, by a physician only.
        Assert.Equal("full-weight-bearing", Assert.IsType<TransitionApplied>(Apply(Facts.V2, review, "resume", Physician)).To.Phase);
        Assert.Equal(RejectionKind.Forbidden, Assert.IsType<TransitionRejected>(Apply(Facts.V2, review, "resume", Therapist)).Kind);
    }

    [Fact]
    public void ARestrictedAssessmentLeavesAProgressionHoldInPlace()
    {
        var state = new EpisodeState("return-to-impact", EpisodeStatuses.OnHold, HoldReasons.ImagingProgression, Facts.Entered);
        Assert.Null(PhaseMachine.HoldForBoneHealth(BoneHealthLevels.Restricted, state));
    }

    [Fact]
    public void TheContinuousRunIsMetByTheLadderAloneOnBothVersions()
    {
        foreach (var protocol in Facts.Versions)
        {
            var observed = Facts.InPhase("return-to-impact", protocol: protocol).WithObservation("continuous-run-minutes", 45);
            Assert.False(observed.EvaluateOn(protocol).Requirement("continuous-run").Met);
            Assert.True(observed.WithWalkRunLadderClimbed().EvaluateOn(protocol).Requirement("continuous-run").Met);
        }
    }

    [Fact]
    public void AReInjuryPushesTheProjectedImpactAndDischargeOutOnVersion2()
    {
        // In strengthening since 1 April, projected on 1 April. Twelve weeks from the diagnosis (30 March) are past; from a
        // re-injury on 1 March they end on 24 May, and the ladder's 48 days make 11 July at the earliest.
        var strengthening = Facts.InPhase("strengthening");
        var today = new DateOnly(2026, 4, 1);
        var before = Timeline.TimelineProjector.Project(Facts.V2, strengthening, [], today);
        var after = Timeline.TimelineProjector.Project(Facts.V2, strengthening with { InjuryOn = new DateOnly(2026, 3, 1) }, [], today);
        var onVersion1 = Timeline.TimelineProjector.Project(Facts.V1, strengthening with { InjuryOn = new DateOnly(2026, 3, 1) }, [], today);

        Assert.Equal(new DateOnly(2026, 4, 1), before.Phases.Single(p => p.Phase == "strengthening").EarliestExit);
        Assert.Equal(new DateOnly(2026, 5, 24), after.Phases.Single(p => p.Phase == "strengthening").EarliestExit);
        Assert.Equal((new DateOnly(2026, 5, 19), new DateOnly(2026, 7, 11)), (before.ProjectedDischargeEarliest, after.ProjectedDischargeEarliest));
        Assert.Equal(before.ProjectedDischargeEarliest, onVersion1.ProjectedDischargeEarliest);
    }

    [Fact]
    public void TheBoneHealthReviewIsAskedForByAScoreOfTwoOnVersion2OnlyAtALowRiskSite()
    {
        var assessed = new BoneHealthFact(2, BoneHealthLevels.Provisional, false, Facts.Entered);
        Assert.True(GateEvaluator.BoneHealthReviewRequiredBy(Facts.V2, assessed));
        Assert.False(GateEvaluator.BoneHealthReviewRequiredBy(Facts.V1, assessed));
        Assert.True(GateEvaluator.BoneHealthReviewRequiredBy(Facts.V1, assessed with { AnyRiskFactor = true }));
        Assert.False(GateEvaluator.BoneHealthReviewRequiredBy(Facts.V2, assessed with { Score = 1 }));
    }
}
