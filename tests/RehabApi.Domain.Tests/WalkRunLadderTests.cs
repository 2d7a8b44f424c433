using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The walk–run ladder (PROTOCOL.md): alternate days, up a step after six pain-free sessions,
/// back a step after pain with a rest day, complete once the continuous run is done without pain.</summary>
public sealed class WalkRunLadderTests
{
    private static readonly WalkRunLadderDefinition Ladder = ProtocolCatalog.Default.WalkRun;
    private static readonly DateOnly Start = new(2026, 4, 2);

    /// <summary>A session <paramref name="day"/> days after <see cref="Start"/>, effective at noon that day.</summary>
    private static WalkRunSessionFact Session(int day, int step, bool completed = true, bool pain = false) =>
        new(Start.AddDays(day), step, completed, pain, new DateTimeOffset(Start.AddDays(day).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));

    /// <summary><paramref name="count"/> pain-free sessions at <paramref name="step"/> on alternate days from <paramref name="firstDay"/>.</summary>
    private static IEnumerable<WalkRunSessionFact> PainFree(int step, int count, int firstDay = 0) =>
        Enumerable.Range(0, count).Select(i => Session(firstDay + 2 * i, step));

    private static WalkRunProgress Progress(IEnumerable<WalkRunSessionFact> sessions) => WalkRunLadder.Progress(Ladder, sessions);

    [Fact]
    public void WithNoSessionsThePatientStartsAtStepOneWithNoNextDate()
    {
        var progress = Progress([]);
        Assert.Equal((1, 0, 6, false, (DateOnly?)null, false),
            (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.SessionsToMoveUp,
             progress.LadderComplete, progress.NextSessionOn, progress.RestingAfterPain));
    }

    [Fact]
    public void SixPainFreeSessionsMoveThePatientUpToStepTwo()
    {
        var progress = Progress(PainFree(1, 6));
        Assert.Equal((2, 0), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep));
    }

    [Fact]
    public void FivePainFreeSessionsLeaveThePatientAtStepOneWithFiveCounted()
    {
        var progress = Progress(PainFree(1, 5));
        Assert.Equal((1, 5, false), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.LadderComplete));
    }

    [Fact]
    public void PainAtStepThreeSendsThePatientBackToStepTwoAfterARestDay()
    {
        var sessions = PainFree(1, 6).Concat(PainFree(2, 6, 12)).Concat(PainFree(3, 2, 24)).Append(Session(28, 3, completed: false, pain: true));
        var progress = Progress(sessions);
        Assert.Equal((2, 0, true, Start.AddDays(28 + 2)),
            (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.RestingAfterPain, progress.NextSessionOn));
    }

    [Fact]
    public void PainAtStepOneKeepsThePatientAtStepOne()
    {
        var progress = Progress(PainFree(1, 3).Append(Session(6, 1, pain: true)));
        Assert.Equal((1, 0, true), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.RestingAfterPain));
    }

    [Fact]
    public void TheNextSessionAfterPainEndsTheRestAndCountsAtTheRepeatedStep()
    {
        var sessions = PainFree(1, 6).Concat(PainFree(2, 1, 12)).Append(Session(14, 2, pain: true)).Append(Session(16, 1));
        var progress = Progress(sessions);
        Assert.Equal((1, 1, false), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.RestingAfterPain));
    }

    [Fact]
    public void FourStepsOfSixSessionsAndOneContinuousRunCompleteTheLadder()
    {
        var sessions = Enumerable.Range(1, 4).SelectMany(step => PainFree(step, 6, (step - 1) * 12)).Append(Session(48, 5)).ToList();
        var progress = Progress(sessions);
        Assert.Equal((5, true, "Run 30 minutes without stopping"),
            (progress.CurrentStep.Step, progress.LadderComplete, WalkRunLadder.Describe(progress.CurrentStep)));
        Assert.False(Progress(sessions.SkipLast(1)).LadderComplete);
    }

    [Fact]
    public void PainAfterTheLadderIsCompleteDoesNotTakeTheCompletionBack()
    {
        var sessions = Enumerable.Range(1, 4).SelectMany(step => PainFree(step, 6, (step - 1) * 12))
            .Append(Session(48, 5)).Append(Session(50, 5, pain: true));
        var progress = Progress(sessions);
        Assert.Equal((5, true, false), (progress.CurrentStep.Step, progress.LadderComplete, progress.RestingAfterPain));
    }

    [Fact]
    public void ASessionAtAnotherStepDoesNotCountTowardMovingUp()
    {
        var progress = Progress(PainFree(1, 5).Append(Session(10, 2)));
        Assert.Equal((1, 5), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep));
    }

    [Fact]
    public void PainAtAnotherStepStillSendsThePatientBackFromTheCurrentStep()
    {
        var progress = Progress(PainFree(1, 6).Concat(PainFree(2, 6, 12)).Append(Session(24, 1, pain: true)));
        Assert.Equal((2, true), (progress.CurrentStep.Step, progress.RestingAfterPain));
    }

    [Fact]
    public void AnUnfinishedSessionWithoutPainNeitherCountsNorResetsTheCount()
    {
        var progress = Progress(PainFree(1, 4).Append(Session(8, 1, completed: false)));
        Assert.Equal((1, 4, false, Start.AddDays(10)),
            (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.RestingAfterPain, progress.NextSessionOn));
    }

    [Fact]
    public void TheNextSessionIsOnAlternateDaysFromTheLatest()
    {
        Assert.Equal(new DateOnly(2026, 4, 9), Progress([Session(0, 1), Session(5, 1)]).NextSessionOn);
    }

    [Fact]
    public void SessionsAreReplayedByDateThenEffectiveTimeWhateverTheirOrder()
    {
        var day = Start.AddDays(10);
        WalkRunSessionFact At(int hour, bool pain) => new(day, 1, true, pain, Facts.At(day.Year, day.Month, day.Day, hour));
        var painLast = Progress([At(18, pain: true), .. PainFree(1, 5), At(9, pain: false)]);
        var painFirst = Progress([At(18, pain: false), .. PainFree(1, 5), At(9, pain: true)]);
        Assert.Equal((1, true), (painLast.CurrentStep.Step, painLast.RestingAfterPain));
        Assert.Equal((1, 1, false), (painFirst.CurrentStep.Step, painFirst.PainFreeSessionsAtStep, painFirst.RestingAfterPain));
    }

    [Theory]
    [InlineData(1, "Walk 4 min, run 1 min, 5 times (25 minutes)")]
    [InlineData(2, "Walk 3 min, run 2 min, 5 times (25 minutes)")]
    [InlineData(4, "Walk 1 min, run 4 min, 5 times (25 minutes)")]
    [InlineData(5, "Run 30 minutes without stopping")]
    public void EachStepIsDescribedFromItsData(int step, string expected) =>
        Assert.Equal(expected, WalkRunLadder.Describe(Ladder.Steps.Single(s => s.Step == step)));

    [Fact]
    public void AStepWithoutWalkRunOrContinuousMinutesCannotBeDescribed() =>
        Assert.Throws<ArgumentException>(() => WalkRunLadder.Describe(new WalkRunStepDefinition(9, 4, null, 5, null)));
}
