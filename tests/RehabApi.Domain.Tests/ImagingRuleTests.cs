using RehabApi.Domain.Episodes;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>Imaging (PROTOCOL.md): healing on a study at least 4 weeks after the leg came off, with no later
/// study showing progression or displacement; and what a worsening finding does to the episode.</summary>
public sealed class ImagingRuleTests
{
    private static readonly Gates.EpisodeFacts Confirming = Facts.InPhase("imaging-confirmation").WithClearance("partial-weight-bearing-approved");

    [Theory]
    [InlineData("progression")]
    [InlineData("displacement")]
    public void AWorseningStudyAfterHealingVoidsIt(string finding)
    {
        var facts = Confirming.WithImaging(new DateOnly(2026, 3, 1), "healing").WithImaging(new DateOnly(2026, 3, 15), finding);
        var result = facts.Evaluate().Requirement("imaging-shows-healing");
        Assert.Equal((false, $"{finding} on 2026-03-15; needs a later study showing healing, performed on or after 2026-02-02"), (result.Met, result.Detail));
        Assert.Equal(new DateOnly(2026, 2, 2), result.EarliestDate);
    }

    [Fact]
    public void HealingAfterAWorseningStudyCountsAgain() =>
        Assert.True(Confirming.WithImaging(new DateOnly(2026, 3, 1), "progression").WithImaging(new DateOnly(2026, 4, 1), "healing")
            .Evaluate().CanAdvance);

    [Fact]
    public void OnTheSameDayTheStudyRecordedLaterIsTheLaterOne()
    {
        var day = new DateOnly(2026, 3, 1);
        var healingLast = Confirming.WithImaging(day, "progression", Facts.At(2026, 3, 1, 9)).WithImaging(day, "healing", Facts.At(2026, 3, 1, 10));
        var progressionLast = Confirming.WithImaging(day, "healing", Facts.At(2026, 3, 1, 9)).WithImaging(day, "progression", Facts.At(2026, 3, 1, 10));
        Assert.True(healingLast.Evaluate().CanAdvance);
        Assert.False(progressionLast.Evaluate().CanAdvance);
    }

    [Fact]
    public void NoChangeIsNotHealingAndAStudyAfterTheEvaluationDateIsNotSeen()
    {
        Assert.False(Confirming.WithImaging(new DateOnly(2026, 3, 1), "no-change").Evaluate().CanAdvance);
        var future = Confirming.WithImaging(new DateOnly(2026, 6, 2), "healing");
        Assert.False(future.Evaluate().CanAdvance);
        Assert.True(future.Evaluate(Facts.At(2026, 6, 2)).CanAdvance);
    }

    [Theory]
    [InlineData("displacement", "active", null, "displacement-risk")]
    [InlineData("displacement", "on-hold", "clinical-review", "displacement-risk")]
    [InlineData("displacement", "on-hold", "displacement-risk", null)]
    [InlineData("progression", "active", null, "clinical-review")]
    [InlineData("progression", "on-hold", "other", null)]
    [InlineData("healing", "active", null, null)]
    [InlineData("no-change", "active", null, null)]
    [InlineData("displacement", "closed", null, null)]
    public void OnVersion1AWorseningFindingPutsTheEpisodeOnADisplacementRiskOrReviewHold(string finding, string status, string? holdReason, string? expectedHold)
    {
        var state = new EpisodeState("partial-weight-bearing", status, holdReason, Facts.Entered);
        Assert.Equal(expectedHold, PhaseMachine.HoldForImagingFinding(Facts.V1, finding, state));
    }

    [Theory]
    [InlineData("displacement", "active", null, "surgical-referral")]
    [InlineData("displacement", "on-hold", "clinical-review", "surgical-referral")]
    [InlineData("displacement", "on-hold", "imaging-progression", "surgical-referral")]
    [InlineData("displacement", "on-hold", "bone-health", "surgical-referral")]
    [InlineData("displacement", "on-hold", "surgical-referral", null)]
    [InlineData("progression", "active", null, "imaging-progression")]
    [InlineData("progression", "on-hold", "other", "imaging-progression")]
    [InlineData("progression", "on-hold", "clinical-review", "imaging-progression")]
    [InlineData("progression", "on-hold", "bone-health", "imaging-progression")]
    [InlineData("progression", "on-hold", "imaging-progression", null)]
    [InlineData("progression", "on-hold", "surgical-referral", null)]
    [InlineData("healing", "active", null, null)]
    [InlineData("no-change", "on-hold", "other", null)]
    [InlineData("progression", "closed", null, null)]
    public void OnVersion2DisplacementRefersToASurgeonAndProgressionPutsThePatientBackOnCrutches(
        string finding, string status, string? holdReason, string? expectedHold)
    {
        var state = new EpisodeState("return-to-impact", status, holdReason, Facts.Entered);
        Assert.Equal(expectedHold, PhaseMachine.HoldForImagingFinding(Facts.V2, finding, state));
    }
}
