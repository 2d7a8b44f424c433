using RehabApi.Domain.Episodes;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The phase machine (PROTOCOL.md, "Transitions"): advance only through a met gate and only to the
/// next phase; regress, hold, resume and withdraw by the roles and rules the protocol gives.</summary>
public sealed class PhaseMachineTests
{
    private static readonly string[] Physician = ["physician"];
    private static readonly string[] Therapist = ["therapist"];

    private static EpisodeFacts ReadyMobility => Facts.InPhase("mobility").WithClearance("full-pain-free-range-of-motion");

    private static TransitionOutcome Apply(EpisodeFacts facts, string action, string[] roles, string? toPhase = null, string? reason = null) =>
        PhaseMachine.Apply(Facts.Protocol, facts, new TransitionCommand(action, Facts.AsOf, roles, toPhase, reason));

    [Fact]
    public void AnAdvanceThroughAMetGateEntersTheNextPhaseAtItsEffectiveTime()
    {
        var applied = Assert.IsType<TransitionApplied>(Apply(ReadyMobility, "advance", Therapist));
        Assert.Equal(new EpisodeState("strengthening", "active", null, Facts.AsOf), applied.To);
        Assert.Equal("mobility", applied.From.Phase);
    }

    [Fact]
    public void ABlockedAdvanceCarriesTheGateWithWhatIsUnmet()
    {
        var rejected = Assert.IsType<TransitionRejected>(Apply(Facts.InPhase("mobility"), "advance", Physician));
        Assert.Equal(RejectionKind.GateBlocked, rejected.Kind);
        Assert.Equal(["full-pain-free-range-of-motion"], rejected.Gate!.UnmetCodes());
    }

    [Fact]
    public void PhasesCannotBeSkipped()
    {
        var rejected = Assert.IsType<TransitionRejected>(Apply(ReadyMobility, "advance", Physician, toPhase: "return-to-impact"));
        Assert.Equal((RejectionKind.Invalid, "toPhase"), (rejected.Kind, rejected.Field));
        Assert.IsType<TransitionApplied>(Apply(ReadyMobility, "advance", Physician, toPhase: "strengthening"));
    }

    [Fact]
    public void TheLastGateDischargesAndClosesTheEpisode()
    {
        var facts = Facts.InPhase("return-to-impact").WithClearance("discharge-approved").WithWalkRunLadderClimbed();
        var applied = Assert.IsType<TransitionApplied>(Apply(facts, "advance", Therapist));
        Assert.Equal(("discharged", "closed"), (applied.To.Phase, applied.To.Status));
    }

    [Theory]
    [InlineData("advance")]
    [InlineData("regress")]
    [InlineData("hold")]
    [InlineData("resume")]
    [InlineData("withdraw")]
    public void AClosedEpisodeNeverChanges(string action)
    {
        var closed = ReadyMobility with { Status = "closed" };
        Assert.Equal(RejectionKind.Conflict, Assert.IsType<TransitionRejected>(Apply(closed, action, Physician, reason: "other")).Kind);
    }

    [Theory]
    [InlineData("advance", "clinic-admin")]
    [InlineData("advance", "patient-app")]
    [InlineData("advance", "clinic-system")]
    [InlineData("withdraw", "therapist")]
    public void RolesTheProtocolDoesNotNameAreForbidden(string action, string role) =>
        Assert.Equal(RejectionKind.Forbidden, Assert.IsType<TransitionRejected>(Apply(ReadyMobility, action, [role])).Kind);

    [Theory]
    [InlineData("physician")]
    [InlineData("clinic-system")]
    public void APhysicianOrTheClinicSystemWithdrawsAnEpisode(string role)
    {
        var applied = Assert.IsType<TransitionApplied>(Apply(Facts.InPhase("strengthening"), "withdraw", [role]));
        Assert.Equal(("strengthening", "closed"), (applied.To.Phase, applied.To.Status));
    }

    [Fact]
    public void ARegressionStepsBackOnePhaseByDefaultOrToANamedEarlierOne()
    {
        var facts = Facts.InPhase("strengthening");
        var oneBack = Assert.IsType<TransitionApplied>(Apply(facts, "regress", Therapist, reason: "fracture-site-pain"));
        Assert.Equal(new EpisodeState("mobility", "active", null, Facts.AsOf), oneBack.To);
        Assert.Equal("fracture-site-pain", oneBack.Reason);

        var toStart = Assert.IsType<TransitionApplied>(Apply(facts, "regress", Physician, toPhase: "non-weight-bearing", reason: "re-injury"));
        Assert.Equal(("non-weight-bearing", Facts.AsOf), (toStart.To.Phase, toStart.To.PhaseEnteredAt));
    }

    [Theory]
    [InlineData("strengthening", "return-to-impact", "fracture-site-pain", RejectionKind.Invalid, "toPhase")]
    [InlineData("strengthening", "strengthening", "fracture-site-pain", RejectionKind.Invalid, "toPhase")]
    [InlineData("strengthening", null, null, RejectionKind.Invalid, "reason")]
    [InlineData("strengthening", null, "felt-like-it", RejectionKind.Invalid, "reason")]
    [InlineData("non-weight-bearing", null, "re-injury", RejectionKind.Conflict, null)]
    public void ARegressionGoesOnlyBackwardsAndNeedsAReason(string phase, string? toPhase, string? reason, RejectionKind kind, string? field)
    {
        var rejected = Assert.IsType<TransitionRejected>(Apply(Facts.InPhase(phase), "regress", Physician, toPhase, reason));
        Assert.Equal((kind, field), (rejected.Kind, rejected.Field));
    }

    [Fact]
    public void ARegressionKeepsAHold()
    {
        var onHold = Facts.InPhase("strengthening") with { Status = "on-hold", HoldReason = "clinical-review" };
        var applied = Assert.IsType<TransitionApplied>(Apply(onHold, "regress", Physician, reason: "imaging-progression"));
        Assert.Equal(("mobility", "on-hold", "clinical-review"), (applied.To.Phase, applied.To.Status, applied.To.HoldReason));
    }

    [Fact]
    public void AHoldBlocksEveryGateUntilResumed()
    {
        var held = Assert.IsType<TransitionApplied>(Apply(ReadyMobility, "hold", Therapist, reason: "clinical-review")).To;
        var onHold = ReadyMobility with { Status = held.Status, HoldReason = held.HoldReason };

        var blocked = Assert.IsType<TransitionRejected>(Apply(onHold, "advance", Physician));
        Assert.Equal(["not-on-hold"], blocked.Gate!.UnmetCodes());
        Assert.Equal("on hold: clinical-review", blocked.Gate!.Requirement("not-on-hold").Detail);
        Assert.Equal(RejectionKind.Conflict, Assert.IsType<TransitionRejected>(Apply(onHold, "hold", Therapist, reason: "other")).Kind);

        var resumed = Assert.IsType<TransitionApplied>(Apply(onHold, "resume", Therapist)).To;
        Assert.Equal(("active", null), (resumed.Status, resumed.HoldReason));
    }

    [Theory]
    [InlineData("displacement-risk", "therapist", false)]
    [InlineData("displacement-risk", "physician", true)]
    [InlineData("surgical-referral", "therapist", false)]
    [InlineData("surgical-referral", "physician", true)]
    [InlineData("clinical-review", "therapist", true)]
    [InlineData("other", "therapist", true)]
    [InlineData("bone-health", "therapist", false)]
    [InlineData("bone-health", "physician", true)]
    [InlineData("imaging-progression", "therapist", false)]
    [InlineData("imaging-progression", "physician", true)]
    public void OnlyAPhysicianLiftsADisplacementSurgicalOrBoneHealthHold(string reason, string role, bool allowed)
    {
        var onHold = Facts.InPhase("partial-weight-bearing") with { Status = "on-hold", HoldReason = reason };
        var outcome = Apply(onHold, "resume", [role]);
        if (allowed) Assert.IsType<TransitionApplied>(outcome);
        else Assert.Equal(RejectionKind.Forbidden, Assert.IsType<TransitionRejected>(outcome).Kind);
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public void ARestrictedBoneHealthAssessmentHoldsAnActiveEpisodeInAnyPhase(string phase)
    {
        var active = new EpisodeState(phase, "active", null, Facts.Entered);
        Assert.Equal("bone-health", PhaseMachine.HoldForBoneHealth("restricted", active));
        Assert.All(new[] { "full", "provisional", "physician-judgement" }, level => Assert.Null(PhaseMachine.HoldForBoneHealth(level, active)));
    }

    public static TheoryData<string> Phases() => new(Facts.Protocol.Phases.SkipLast(1).Select(p => p.Code));

    [Theory]
    [InlineData("on-hold", "clinical-review", "bone-health")]
    [InlineData("on-hold", "other", "bone-health")]
    [InlineData("on-hold", "surgical-referral", null)]
    [InlineData("on-hold", "displacement-risk", null)]
    [InlineData("on-hold", "bone-health", null)]
    [InlineData("closed", null, null)]
    public void ARestrictedAssessmentReplacesAMilderHoldAndKeepsOneThatStopsMore(string status, string? holdReason, string? hold) =>
        Assert.Equal(hold, PhaseMachine.HoldForBoneHealth("restricted", new EpisodeState("strengthening", status, holdReason, Facts.Entered)));

    /// <summary>On hold for bone health since an assessment scoring 9 (restricted), recorded a day after the phase began.</summary>
    private static EpisodeFacts HeldForBoneHealth(string holdReason = "bone-health") => Facts.InPhase("strengthening") with
    {
        Status = "on-hold",
        HoldReason = holdReason,
        BoneHealth = new BoneHealthFact(9, "restricted", true, Facts.Entered.AddDays(1)),
    };

    [Fact]
    public void ABoneHealthHoldIsLiftedOnlyAfterARestrictedClearanceOrAnAssessmentThatIsNotRestricted()
    {
        var held = HeldForBoneHealth();
        Assert.Equal(RejectionKind.Forbidden, Assert.IsType<TransitionRejected>(Apply(held.WithClearance("restricted-clearance"), "resume", Therapist)).Kind);

        var refused = Assert.IsType<TransitionRejected>(Apply(held, "resume", Physician));
        Assert.Equal(RejectionKind.Conflict, refused.Kind);
        Assert.Equal("The latest bone-health assessment (Triad risk score 9) is restricted. Before the hold is lifted, a physician records " +
                     "a later assessment that is not restricted, or signs restricted-clearance after that assessment.", refused.Message);
        // A clearance signed before the restricted assessment was for an earlier one.
        Assert.IsType<TransitionRejected>(Apply(held.WithClearance("restricted-clearance", Facts.Entered), "resume", Physician));

        var cleared = Assert.IsType<TransitionApplied>(Apply(held.WithClearance("restricted-clearance"), "resume", Physician));
        Assert.Equal(("active", null, "bone-health"), (cleared.To.Status, cleared.To.HoldReason, cleared.Reason));
        var reassessed = held with { BoneHealth = new BoneHealthFact(3, "provisional", true, Facts.Recently) };
        Assert.Equal("active", Assert.IsType<TransitionApplied>(Apply(reassessed, "resume", Physician)).To.Status);
    }

    [Theory]
    // Version 2 returns a lifted surgical referral to non-weight-bearing; the bone-health hold comes along.
    [InlineData("surgical-referral", "physician", "non-weight-bearing")]
    [InlineData("clinical-review", "therapist", "strengthening")]
    public void LiftingAnotherHoldWhileBoneHealthIsRestrictedLeavesTheEpisodeOnTheBoneHealthHold(string holdReason, string role, string phase)
    {
        var applied = Assert.IsType<TransitionApplied>(Apply(HeldForBoneHealth(holdReason), "resume", [role]));
        Assert.Equal((phase, "on-hold", "bone-health", holdReason), (applied.To.Phase, applied.To.Status, applied.To.HoldReason, applied.Reason));

        var cleared = Assert.IsType<TransitionApplied>(Apply(HeldForBoneHealth(holdReason).WithClearance("restricted-clearance"), "resume", [role]));
        Assert.Equal(("active", null), (cleared.To.Status, cleared.To.HoldReason));
    }

    [Fact]
    public void AProtocolVersionPublishedWithoutABoneHealthResumeRoleStillNeedsAPhysician()
    {
        var older = Facts.Protocol with { ResumeRoles = Facts.Protocol.ResumeRoles.Where(r => r.Key != "bone-health").ToDictionary() };
        var held = HeldForBoneHealth().WithClearance("restricted-clearance");
        TransitionOutcome Resume(string[] roles) =>
            PhaseMachine.Apply(older, held, new TransitionCommand("resume", Facts.AsOf, roles));

        Assert.Equal(RejectionKind.Forbidden, Assert.IsType<TransitionRejected>(Resume(Therapist)).Kind);
        Assert.Equal(RejectionKind.Forbidden, Assert.IsType<TransitionRejected>(Resume(["clinic-system"])).Kind);
        Assert.IsType<TransitionApplied>(Resume(Physician));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bored")]
    public void AHoldNeedsAKnownReason(string? reason) =>
        Assert.Equal((RejectionKind.Invalid, "reason"),
            (Assert.IsType<TransitionRejected>(Apply(ReadyMobility, "hold", Physician, reason: reason)).Kind,
             Assert.IsType<TransitionRejected>(Apply(ReadyMobility, "hold", Physician, reason: reason)).Field));

    [Fact]
    public void ResumingAnActiveEpisodeAndUnknownActionsAreRefused()
    {
        Assert.Equal(RejectionKind.Conflict, Assert.IsType<TransitionRejected>(Apply(ReadyMobility, "resume", Physician)).Kind);
        var unknown = Assert.IsType<TransitionRejected>(Apply(ReadyMobility, "teleport", Physician));
        Assert.Equal((RejectionKind.Invalid, "action"), (unknown.Kind, unknown.Field));
    }
}
