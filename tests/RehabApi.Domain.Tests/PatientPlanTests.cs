using RehabApi.Domain.Gates;
using RehabApi.Domain.Plans;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The patient's plan for today: the content is complete for the protocol, and the builder puts
/// the right content, the gate's unmet requirements and the walk–run step in front of the patient.</summary>
public sealed class PatientPlanTests
{
    private static readonly PlanContent Content = PlanContentCatalog.For(ProtocolCatalog.DefaultKey);

    private static readonly string[] TimeRules =
        [RequirementRules.PlannedNonWeightBearingTime, RequirementRules.MinDaysInPhase, RequirementRules.MinWeeksSinceDiagnosis];

    public static TheoryData<string> Phases() => new(Facts.Protocol.Phases.Select(p => p.Code));

    private static IEnumerable<RequirementDefinition> AllRequirements() =>
        Facts.Protocol.CommonRequirements.Concat(Facts.Protocol.Gates.SelectMany(g => g.Requirements));

    private static PatientPlan Plan(EpisodeFacts facts, WalkRunProgress? walkRun = null) =>
        PatientPlanBuilder.Build(Facts.Protocol, Content, facts, facts.Evaluate(), walkRun);

    /// <summary>On hold at a femoral shaft fracture: no site or side variant changes its wording.</summary>
    private static EpisodeFacts OnHold(string phase, string reason, string site = "femoral-shaft") =>
        Facts.InPhase(phase, site) with { Status = EpisodeStatuses.OnHold, HoldReason = reason };

    private static WalkRunProgress AtStep(int step, int painFree = 0, bool resting = false, DateOnly? next = null) =>
        new(Facts.Protocol.WalkRun.Steps.Single(s => s.Step == step), painFree, Facts.Protocol.WalkRun.SessionsToMoveUp,
            LadderComplete: false, next, resting);

    [Theory]
    [MemberData(nameof(Phases))]
    public void EveryPhaseOfTheProtocolHasCompleteContent(string phase)
    {
        var content = Content.Phase(phase);
        Assert.NotNull(content);
        Assert.False(string.IsNullOrWhiteSpace(content.Title));
        Assert.False(string.IsNullOrWhiteSpace(content.Summary));
        Assert.False(string.IsNullOrWhiteSpace(content.WeightBearing));
        Assert.NotEmpty(content.Allowed);
        Assert.NotEmpty(content.Avoid);
        Assert.NotEmpty(content.Exercises);
        Assert.All(content.Exercises, e => Assert.False(string.IsNullOrWhiteSpace(e.Name) || string.IsNullOrWhiteSpace(e.Dosage), e.Name));
    }

    [Fact]
    public void TheContentNamesOnlyCodesTheProtocolKnowsEachOnce()
    {
        Assert.Equal(Facts.Protocol.Phases.Select(p => p.Code), Content.Phases.Select(p => p.Code));
        Assert.Equal(AllRequirements().Select(r => r.Code).Distinct().Order(), Content.Requirements.Select(r => r.Code).Order());
        Assert.Equal(HoldReasons.All.Order(), Content.Holds.Select(h => h.Code).Order());
        Assert.Equal(ClosureKinds.All.Order(), Content.Closures.Select(c => c.Code).Order());
    }

    [Fact]
    public void EveryRequirementCodeInTheProtocolHasPatientTextAndTimeRequirementsADatedText()
    {
        foreach (var requirement in AllRequirements())
        {
            var text = Content.Requirement(requirement.Code);
            Assert.NotNull(text);
            Assert.False(string.IsNullOrWhiteSpace(text.PatientText), requirement.Code);
            Assert.DoesNotContain("{", text.PatientText);
            if (TimeRules.Contains(requirement.Rule)) Assert.Contains("{date}", text.PatientTextWithDate);
        }
        Assert.Equal("Your physiotherapist or doctor needs to confirm you have no pain at rest.", Content.Requirement("no-pain-at-rest")!.PatientText);
    }

    [Fact]
    public void EveryHoldReasonAndClosureHasATitleAndAMessage()
    {
        foreach (var notice in HoldReasons.All.Select(Content.Hold).Concat(ClosureKinds.All.Select(Content.Closure)))
        {
            Assert.NotNull(notice);
            Assert.False(string.IsNullOrWhiteSpace(notice.Title) || string.IsNullOrWhiteSpace(notice.Message), notice.Code);
        }
        Assert.Contains("all exercise has stopped", Content.Hold(HoldReasons.DisplacementRisk)!.Message);
        Assert.Contains("does not apply", Content.Hold(HoldReasons.SurgicalReferral)!.Message);
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public void ThePlanOfEachPhaseCarriesThatPhasesContent(string phase)
    {
        // A femoral shaft fracture: no site or side variant changes the content.
        var facts = phase == Facts.Protocol.TerminalPhase
            ? Facts.InPhase(phase, "femoral-shaft") with { Status = EpisodeStatuses.Closed }
            : Facts.InPhase(phase, "femoral-shaft");
        var plan = Plan(facts);
        var content = Content.Phase(phase)!;

        Assert.Equal((phase, content.Title, content.Summary, content.WeightBearing), (plan.Phase, plan.Title, plan.Summary, plan.WeightBearing));
        Assert.Equal(content.Aids, plan.Aids);
        Assert.Equal(content.Allowed, plan.Allowed);
        Assert.Equal(content.Avoid, plan.Avoid);
        Assert.Equal(content.Exercises, plan.Exercises);
        Assert.Equal(Content.Disclaimer, plan.Disclaimer);
    }

    [Fact]
    public void NonWeightBearingMeansCrutchesUpperBodyWorkAndNoRunning()
    {
        var plan = Plan(Facts.InPhase("non-weight-bearing", "femoral-shaft"));

        Assert.Contains("two crutches", plan.Aids);
        Assert.DoesNotContain(plan.Allowed, a => a.Contains("run", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(plan.Avoid, a => a.Contains("Running"));
        Assert.Contains(plan.Exercises, e => e.Name.Contains("pull buoy"));
        Assert.Contains(plan.Exercises, e => e.Name.Contains("upper-body"));
    }

    [Fact]
    public void MobilityHasTheSevenStretchesAndStrengtheningTheGluteBridgeHipAbductionCoreAndBalance()
    {
        var stretches = Plan(Facts.InPhase("mobility")).Exercises.Select(e => e.Name).ToList();
        foreach (var part in new[] { "Hip flexor", "Quadriceps", "Hamstring", "Glute", "Calf", "Back", "Stomach" })
            Assert.Contains(stretches, name => name.StartsWith(part) && name.Contains("stretch"));

        var strength = Plan(Facts.InPhase("strengthening")).Exercises.Select(e => e.Name).ToList();
        Assert.Contains("Glute bridge", strength);
        Assert.Contains("Side-lying hip abduction", strength);
        Assert.Contains("Plank", strength);
        Assert.Contains("Single-leg balance", strength);
    }

    [Fact]
    public void StillNeededIsTheGatesUnmetRequirementsInOrderWithTheEarliestDateInTheText()
    {
        // Back off the leg ten days ago (22 May): four more weeks make 19 June; no clearance yet.
        var facts = Facts.InPhase("non-weight-bearing") with
        {
            PhaseEnteredAt = Facts.AsOf.AddDays(-10),
            OpenPainReports = [new PainReportFact(Guid.NewGuid(), new DateOnly(2026, 5, 30), 2)],
        };
        var gate = facts.Evaluate();
        var plan = PatientPlanBuilder.Build(Facts.Protocol, Content, facts, gate, null);

        Assert.Equal(gate.Unmet.Select(r => r.Code), plan.StillNeeded.Select(s => s.Code));
        Assert.Equal(["no-open-pain-reports", "min-non-weight-bearing-time", "no-pain-at-rest"], plan.StillNeeded.Select(s => s.Code));
        var time = plan.StillNeeded[1];
        Assert.Equal(new DateOnly(2026, 6, 19), time.EarliestDate);
        Assert.Equal("The bone needs more time without weight on the leg: until at least 2026-06-19.", time.Text);
        Assert.Equal(Content.Requirement("no-pain-at-rest")!.PatientText, plan.StillNeeded[2].Text);
        Assert.Equal(new PlanNextPhase("imaging-confirmation", Content.Phase("imaging-confirmation")!.Title), plan.NextPhase);
    }

    [Fact]
    public void ImpactWaitsForTheDateTwelveWeeksAfterDiagnosis()
    {
        // Diagnosed 1 April: twelve weeks make 24 June.
        var facts = Facts.InPhase("strengthening") with { DiagnosedOn = new DateOnly(2026, 4, 1) };
        var needed = Plan(facts).StillNeeded.Single(s => s.Code == "min-time-before-impact");
        Assert.Equal((new DateOnly(2026, 6, 24), "The bone needs more time before any running or impact: not before 2026-06-24."), (needed.EarliestDate, needed.Text));
    }

    [Fact]
    public void AMetGateLeavesNothingStillNeeded()
    {
        var facts = Facts.InPhase("mobility").WithClearance("full-pain-free-range-of-motion");
        Assert.Empty(Plan(facts).StillNeeded);
    }

    [Theory]
    [InlineData("non-weight-bearing")]
    [InlineData("strengthening")]
    [InlineData("return-to-impact")]
    public void OnHoldForDisplacementRiskAllExerciseIsStopped(string phase)
    {
        var plan = Plan(OnHold(phase, HoldReasons.DisplacementRisk), AtStep(2));
        var hold = Content.Hold(HoldReasons.DisplacementRisk)!;

        Assert.Equal(EpisodeStatuses.OnHold, plan.Status);
        Assert.Equal(new PlanNotice(PlanNoticeKinds.Hold, HoldReasons.DisplacementRisk, hold.Title, hold.Message, SuspendsPlan: true), plan.Notice);
        Assert.Contains("all exercise has stopped", plan.Notice!.Message);
        Assert.Empty(plan.Exercises);
        Assert.Null(plan.WalkRun);
        Assert.Equal((hold.WeightBearing, hold.Allowed, hold.Avoid), (plan.WeightBearing, plan.Allowed, plan.Avoid));
        Assert.Equal("not-on-hold", plan.StillNeeded[0].Code);
    }

    [Fact]
    public void OnHoldForSurgicalReferralTheNonOperativePlanDoesNotApply()
    {
        var plan = Plan(OnHold("non-weight-bearing", HoldReasons.SurgicalReferral));

        Assert.True(plan.Notice!.SuspendsPlan);
        Assert.Equal(Content.Hold(HoldReasons.SurgicalReferral)!.Message, plan.Notice.Message);
        Assert.Contains("does not apply", plan.Notice.Message);
        Assert.Empty(plan.Exercises);
        Assert.DoesNotContain(plan.Allowed, a => a.Contains("Swimming"));
    }

    [Fact]
    public void OnHoldForAClinicalReviewThePhasesPlanStandsUnderTheNotice()
    {
        var plan = Plan(OnHold("strengthening", HoldReasons.ClinicalReview));

        Assert.Equal((HoldReasons.ClinicalReview, false), (plan.Notice!.Code, plan.Notice.SuspendsPlan));
        Assert.Equal(Content.Phase("strengthening")!.Exercises, plan.Exercises);
        Assert.Equal("not-on-hold", plan.StillNeeded[0].Code);
    }

    [Theory]
    [InlineData("non-weight-bearing")]
    [InlineData("strengthening")]
    [InlineData("return-to-impact")]
    public void OnHoldForBoneHealthImpactStopsAndThePhasesOtherExerciseStands(string phase)
    {
        var plan = Plan(OnHold(phase, HoldReasons.BoneHealth), AtStep(2));
        var hold = Content.Hold(HoldReasons.BoneHealth)!;

        Assert.Equal(new PlanNotice(PlanNoticeKinds.Hold, HoldReasons.BoneHealth, hold.Title, hold.Message, SuspendsPlan: false), plan.Notice);
        Assert.Equal((hold.Allowed, hold.Avoid), (plan.Allowed, plan.Avoid));
        Assert.Equal(Content.Phase(phase)!.Exercises.Where(e => !e.Impact), plan.Exercises);
        Assert.NotEmpty(plan.Exercises);
        Assert.Null(plan.WalkRun);
        Assert.Equal(("not-on-hold", hold.LiftedBy), (plan.StillNeeded[0].Code, plan.StillNeeded[0].Text));
        Assert.Contains("assessment", hold.LiftedBy);
    }

    public static TheoryData<string> HoldsWithInstructionsOfTheirOwn() =>
        new(HoldReasons.SurgicalReferral, HoldReasons.ImagingProgression, HoldReasons.DisplacementRisk);

    [Theory]
    [MemberData(nameof(HoldsWithInstructionsOfTheirOwn))]
    public void OnAHoldWithInstructionsOfItsOwnTheyReplaceThePhasesEveryOne(string reason)
    {
        var hold = Content.Hold(reason)!;
        foreach (var phase in new[] { "non-weight-bearing", "full-weight-bearing", "strengthening", "return-to-impact" })
        {
            var plan = Plan(OnHold(phase, reason), AtStep(2));
            Assert.Equal((hold.Summary, hold.WeightBearing), (plan.Summary, plan.WeightBearing));
            Assert.Equal(hold.Aids, plan.Aids);
            Assert.Equal(hold.Allowed, plan.Allowed);
            Assert.Equal(hold.Avoid, plan.Avoid);
            Assert.Equal(hold.Exercises, plan.Exercises);
            Assert.Null(plan.WalkRun);
            Assert.True(plan.Notice!.SuspendsPlan);
            // Nothing of the phase's own instructions is left beside the hold's.
            var own = Content.Phase(phase)!;
            Assert.Empty(plan.Allowed.Intersect(own.Allowed).Except(hold.Allowed!));
            Assert.Contains("two crutches", plan.Aids);
        }
    }

    [Fact]
    public void AProgressionInReturnToImpactPutsThePatientBackOnCrutchesWithUpperBodyWorkOnly()
    {
        var plan = Plan(OnHold("return-to-impact", HoldReasons.ImagingProgression), AtStep(3));

        Assert.Equal(["two crutches"], plan.Aids);
        Assert.Contains("crutches", plan.WeightBearing);
        Assert.Contains("no weight", plan.Summary);
        Assert.Equal(["Seated upper-body weights", "Arm bike"], plan.Exercises.Select(e => e.Name));
        Assert.DoesNotContain(plan.Allowed.Concat(plan.Exercises.Select(e => e.Name)), text => text.Contains("run", StringComparison.OrdinalIgnoreCase)
            || text.Contains("walk", StringComparison.OrdinalIgnoreCase));
        Assert.Null(plan.WalkRun);
        Assert.Equal(("not-on-hold", Content.Hold(HoldReasons.ImagingProgression)!.LiftedBy), (plan.StillNeeded[0].Code, plan.StillNeeded[0].Text));
    }

    [Fact]
    public void OnASurgicalReferralThePatientKeepsOffTheLegStopsAllExerciseAndContactsTheClinicToday()
    {
        var plan = Plan(OnHold("full-weight-bearing", HoldReasons.SurgicalReferral));
        Assert.Contains("Keep all weight off the injured leg", plan.WeightBearing);
        Assert.Contains("stop all exercise and contact your clinic today", plan.Summary);
        Assert.Contains("contact your clinic today", plan.Notice!.Message);
        Assert.Empty(plan.Exercises);
        Assert.DoesNotContain(plan.Allowed, a => a.Contains("Walking"));
    }

    [Theory]
    [MemberData(nameof(AllHoldReasons))]
    public void WhatIsStillNeededOnAHoldNamesWhatLiftsIt(string reason)
    {
        var hold = Content.Hold(reason)!;
        Assert.False(string.IsNullOrWhiteSpace(hold.LiftedBy));
        var plan = Plan(OnHold("strengthening", reason));
        Assert.Equal(("not-on-hold", hold.LiftedBy), (plan.StillNeeded[0].Code, plan.StillNeeded[0].Text));
    }

    public static TheoryData<string> AllHoldReasons() => new(HoldReasons.All);

    /// <summary>Every plan a sacrum episode can show: each phase active, with a pain report, on each hold, and closed.</summary>
    private static IEnumerable<PatientPlan> EveryPlanAt(string site, string side)
    {
        foreach (var phase in Facts.Protocol.Phases.Select(p => p.Code))
        {
            var facts = Facts.InPhase(phase, site) with { Side = side };
            yield return Plan(facts, AtStep(2, painFree: 1, next: new DateOnly(2026, 6, 3)));
            yield return Plan(facts with { OpenPainReports = [new PainReportFact(Guid.NewGuid(), new DateOnly(2026, 5, 30), 3)] });
            yield return Plan(facts with { Status = EpisodeStatuses.Closed });
            foreach (var reason in HoldReasons.All) yield return Plan(OnHold(phase, reason, site) with { Side = side });
        }
    }

    private static IEnumerable<string> Texts(PatientPlan plan) =>
        new[] { plan.Title, plan.Summary, plan.WeightBearing, plan.Disclaimer, plan.NextPhase?.Title, plan.Notice?.Title, plan.Notice?.Message,
                plan.WalkRun?.Title, plan.WalkRun?.Description, plan.WalkRun?.Progress, plan.WalkRun?.NextSession, plan.WalkRun?.Message }
            .Concat(plan.Aids).Concat(plan.Allowed).Concat(plan.Avoid).Concat(plan.StillNeeded.Select(s => s.Text))
            .Concat(plan.Exercises.SelectMany(e => new[] { e.Name, e.Dosage, e.HowTo }))
            .OfType<string>();

    [Fact]
    public void ForTheSacrumWithoutASideNoTextSaysLegOrNamesASide()
    {
        var leg = new System.Text.RegularExpressions.Regex(@"\b(legs?|sides?|left|right)\b|side-|sideways",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        foreach (var text in EveryPlanAt("sacrum", Sides.NotApplicable).SelectMany(Texts))
            Assert.False(leg.IsMatch(text), $"says a leg or a side: {text}");
        // With a side, the same plans say "the injured leg".
        Assert.Contains(EveryPlanAt("sacrum", "left").SelectMany(Texts), text => text.Contains("the injured leg"));
    }

    [Fact]
    public void APubicRamusInjuryIsNeverToldToSqueezeAPullBuoy()
    {
        foreach (var text in EveryPlanAt("pubic-ramus", "left").SelectMany(Texts))
            Assert.DoesNotContain("pull buoy", text, StringComparison.OrdinalIgnoreCase);
        var offTheLeg = Plan(Facts.InPhase("non-weight-bearing", "pubic-ramus"));
        Assert.Contains(offTheLeg.Avoid, a => a.StartsWith("Squeezing anything between your knees or thighs"));
        Assert.Contains(offTheLeg.Exercises, e => e.Name == "Arm bike");
        // Elsewhere the pull buoy stays.
        Assert.Contains(Plan(Facts.InPhase("non-weight-bearing", "femoral-shaft")).Exercises, e => e.Name == "Swimming with a pull buoy");
    }

    [Fact]
    public void StrengtheningAllowsTheHopsOfItsOwnGateInTheReadyToRunTestsOnly()
    {
        var avoid = Plan(Facts.InPhase("strengthening")).Avoid;
        var impact = Assert.Single(avoid, a => a.Contains("hopping"));
        Assert.Contains("except in the ready-to-run tests with your physiotherapist", impact);
        Assert.Contains("hops", Content.Requirement("ready-to-run-tests-passed")!.PatientText);
    }

    [Fact]
    public void TheLastStepOfTheLadderSaysOneSessionCompletesIt()
    {
        var climbed = Facts.InPhase("return-to-impact").WithWalkRunLadderClimbed();
        var atLastStep = climbed with { WalkRunSessions = climbed.WalkRunSessions.SkipLast(1).ToList() };
        var progress = WalkRunLadder.Progress(Facts.Protocol.WalkRun, atLastStep.WalkRunSessions);
        var walkRun = Plan(atLastStep, progress).WalkRun!;

        Assert.Equal((5, 0, 1), (walkRun.Step, walkRun.PainFreeSessions, walkRun.SessionsNeeded));
        Assert.Equal("One pain-free session of this last step completes the programme.", walkRun.Progress);
        Assert.Equal("Run 30 minutes without stopping.", walkRun.Description);
    }

    [Theory]
    [InlineData("femoral-neck-compression", true)]
    [InlineData("femoral-neck-tension", true)]
    [InlineData("pubic-ramus", false)]
    public void AFemoralNeckIsDischargedToThreeMilesPainFreeThenTenPercentMoreAWeek(string site, bool femoralNeck)
    {
        var plan = Plan(Facts.InPhase("discharged", site) with { Status = EpisodeStatuses.Closed });
        Assert.Equal(femoralNeck, plan.Allowed.Any(a => a.Contains("3 miles (about 5 km) without pain, then add no more than 10% to your weekly running each week")));
        Assert.Equal(!femoralNeck, plan.Allowed.Contains("Running, adding no more than about 10% to your weekly total each week"));
    }

    [Fact]
    public void OnlyTheWalkRunSessionIsAnImpactExercise() =>
        Assert.Equal(["Walk–run session"], Content.Phases.SelectMany(p => p.Exercises)
            .Concat(Content.Holds.SelectMany(h => h.Exercises ?? [])).Where(e => e.Impact).Select(e => e.Name));

    [Fact]
    public void ReturnToImpactNamesTheWalkRunStepAndDescribesItFromItsMinutes()
    {
        var plan = Plan(Facts.InPhase("return-to-impact"), AtStep(2, painFree: 2, next: new DateOnly(2026, 6, 3)));

        var walkRun = plan.WalkRun!;
        Assert.Equal((2, 5, "Step 2 of 5"), (walkRun.Step, walkRun.Steps, walkRun.Title));
        Assert.Equal("Walk 3 minutes, then run 2 minutes; do this 5 times (25 minutes in all).", walkRun.Description);
        Assert.Equal((2, 6, "2 of 6 pain-free sessions counted at this step."), (walkRun.PainFreeSessions, walkRun.SessionsNeeded, walkRun.Progress));
        Assert.Equal((new DateOnly(2026, 6, 3), "Next session: on or after 2026-06-03. Sessions count every other day, one a day at most."),
            (walkRun.NextSessionOn, walkRun.NextSession));
        Assert.Null(walkRun.Message);
    }

    [Fact]
    public void TheFirstStepRunsOneMinuteAndTheLastIsAContinuousRun()
    {
        Assert.Equal("Walk 4 minutes, then run 1 minute; do this 5 times (25 minutes in all).",
            Plan(Facts.InPhase("return-to-impact"), AtStep(1)).WalkRun!.Description);
        Assert.Equal("Run 30 minutes without stopping.", Plan(Facts.InPhase("return-to-impact"), AtStep(5)).WalkRun!.Description);
    }

    [Fact]
    public void AfterAPainfulSessionThePlanSaysRestTodayThenRepeatThePreviousStep()
    {
        var walkRun = Plan(Facts.InPhase("return-to-impact"), AtStep(1, resting: true, next: new DateOnly(2026, 6, 3))).WalkRun!;

        Assert.True(walkRun.RestingAfterPain);
        Assert.Equal(Content.WalkRun.RestAfterPain, walkRun.Message);
        Assert.Contains("Rest today, then repeat the previous step", walkRun.Message);
    }

    [Fact]
    public void ThePlanShowsTheLatestSessionsNewestFirstAndWhyOnesDidNotCount()
    {
        DateOnly Day(int day) => new DateOnly(2026, 5, 1).AddDays(day);
        WalkRunSessionFact Session(int day, int hour = 12) => new(Day(day), 1, true, false, Facts.At(2026, 5, 1 + day, hour));
        var progress = WalkRunLadder.Progress(Facts.Protocol.WalkRun,
            [Session(0), Session(2), Session(4), Session(6), Session(8), Session(8, hour: 18), Session(9)]);

        var recent = Plan(Facts.InPhase("return-to-impact"), progress).WalkRun!.RecentSessions;

        // Six of the seven, newest first: too soon on day 9, a second session on day 8, then counted ones.
        Assert.Equal([Day(9), Day(8), Day(8), Day(6), Day(4), Day(2)], recent.Select(s => s.Date));
        Assert.Equal(["too-soon", "same-day", null, null, null, null], recent.Select(s => s.NotCountedReason));
        Assert.Equal("Not counted: sessions count every other day, to give the bone time to recover. The next can count from 2026-05-11.", recent[0].Text);
        Assert.Equal(Content.WalkRun.Counted, recent[2].Text);
    }

    [Theory]
    [MemberData(nameof(WalkRunReasonCodes))]
    public void EveryReasonASessionMayNotCountIsWordedForThePatient(string code)
    {
        var session = new WalkRunSessionFact(new DateOnly(2026, 5, 30), 2, true, false, Facts.Recently);
        var progress = AtStep(1) with { Sessions = [new WalkRunSessionOutcome(session, false, new WalkRunReason(code, "the ladder's words"), 1, new DateOnly(2026, 6, 1))] };

        var text = Plan(Facts.InPhase("return-to-impact"), progress).WalkRun!.RecentSessions.Single().Text;

        Assert.Contains(code, Content.WalkRun.NotCounted.Keys);
        Assert.NotEqual("the ladder's words", text);
        Assert.DoesNotContain("{", text);
    }

    public static TheoryData<string> WalkRunReasonCodes() => new(WalkRunReasons.All);

    [Fact]
    public void TheWalkRunPartAppearsOnlyInTheReturnToImpactPhase()
    {
        Assert.Null(Plan(Facts.InPhase("strengthening"), AtStep(1)).WalkRun);
        Assert.Null(Plan(Facts.InPhase("return-to-impact")).WalkRun);
    }

    [Fact]
    public void ADischargedEpisodeIsClosedWithTheDischargeMessageAndNoNextPhase()
    {
        var plan = Plan(Facts.InPhase("discharged") with { Status = EpisodeStatuses.Closed });

        Assert.Equal(EpisodeStatuses.Closed, plan.Status);
        Assert.Equal((PlanNoticeKinds.Closed, ClosureKinds.Discharged, false), (plan.Notice!.Kind, plan.Notice.Code, plan.Notice.SuspendsPlan));
        Assert.Equal(Content.Closure(ClosureKinds.Discharged)!.Message, plan.Notice.Message);
        Assert.Null(plan.NextPhase);
        Assert.Empty(plan.StillNeeded);
    }

    [Fact]
    public void AWithdrawnEpisodeNoLongerShowsThePhasesExercisesOrWalkRun()
    {
        var plan = Plan(Facts.InPhase("return-to-impact") with { Status = EpisodeStatuses.Closed }, AtStep(3));

        Assert.Equal((ClosureKinds.Withdrawn, true), (plan.Notice!.Code, plan.Notice.SuspendsPlan));
        Assert.Equal(Content.Closure(ClosureKinds.Withdrawn)!.WeightBearing, plan.WeightBearing);
        Assert.Empty(plan.Exercises);
        Assert.Empty(plan.Allowed);
        Assert.Null(plan.WalkRun);
        Assert.Null(plan.NextPhase);
    }

    [Fact]
    public void NoBuiltPlanLeavesAPlaceholderUnfilled()
    {
        var episodes = Facts.Protocol.Phases.SelectMany(phase => new[]
        {
            Facts.InPhase(phase.Code) with { PhaseEnteredAt = Facts.AsOf.AddDays(-1), DiagnosedOn = new DateOnly(2026, 5, 1) },
            Facts.InPhase(phase.Code) with { Status = EpisodeStatuses.Closed },
        }.Concat(HoldReasons.All.Select(reason => OnHold(phase.Code, reason))));

        foreach (var facts in episodes)
        {
            var plan = Plan(facts, AtStep(1, resting: true, next: new DateOnly(2026, 6, 3)));
            var texts = new[] { plan.Title, plan.Summary, plan.WeightBearing, plan.Disclaimer, plan.NextPhase?.Title,
                    plan.Notice?.Title, plan.Notice?.Message, plan.WalkRun?.Title, plan.WalkRun?.Description,
                    plan.WalkRun?.Progress, plan.WalkRun?.NextSession, plan.WalkRun?.Message }
                .Concat(plan.Aids).Concat(plan.Allowed).Concat(plan.Avoid).Concat(plan.StillNeeded.Select(s => s.Text))
                .Concat(plan.Exercises.SelectMany(e => new[] { e.Name, e.Dosage, e.HowTo }));
            Assert.All(texts.OfType<string>(), text => Assert.DoesNotContain("{", text));
        }
    }

    [Fact]
    public void AGateEvaluatedForAnotherPhaseIsRefused()
    {
        var gate = Facts.InPhase("mobility").Evaluate();
        Assert.Throws<ArgumentException>(() =>
            PatientPlanBuilder.Build(Facts.Protocol, Content, Facts.InPhase("strengthening"), gate, null));
    }

    [Fact]
    public void OnlyProtocolsWithContentHaveIt()
    {
        Assert.Null(PlanContentCatalog.Find("no-such-protocol"));
        Assert.Throws<KeyNotFoundException>(() => PlanContentCatalog.For("no-such-protocol"));
        Assert.Equal("hip-bsi", Content.ProtocolKey);
    }
}
