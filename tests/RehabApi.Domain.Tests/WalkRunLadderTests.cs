using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>The walk–run ladder (PROTOCOL.md): sessions count on alternate days and one a day, up a step after six
/// counted pain-free sessions, back a step after pain with a rest, complete once the continuous run is done without
/// pain; every session says whether it counted and why not.</summary>
public sealed class WalkRunLadderTests
{
    private static readonly WalkRunLadderDefinition Ladder = ProtocolCatalog.Default.WalkRun;
    private static readonly DateOnly Start = new(2026, 4, 2);

    /// <summary>A session <paramref name="day"/> days after <see cref="Start"/>, effective at <paramref name="hour"/> that day.</summary>
    private static WalkRunSessionFact Session(int day, int step, bool completed = true, bool pain = false, int hour = 12) =>
        new(Start.AddDays(day), step, completed, pain, new DateTimeOffset(Start.AddDays(day).ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero));

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
        // It does not restart the spacing either: the next counts 2 days after the last counted one (day 6), but not
        // on the unfinished session's own date: day 9.
        var progress = Progress(PainFree(1, 4).Append(Session(8, 1, completed: false)));
        Assert.Equal((1, 4, false, Start.AddDays(9)),
            (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.RestingAfterPain, progress.NextSessionOn));
        Assert.Equal(WalkRunReasons.NotCompleted, progress.Sessions[^1].NotCounted!.Code);
    }

    [Fact]
    public void TheNextSessionIsOnAlternateDaysFromTheLatestCounted()
    {
        Assert.Equal(new DateOnly(2026, 4, 9), Progress([Session(0, 1), Session(5, 1)]).NextSessionOn);
    }

    [Fact]
    public void SixSessionsOnOneDayCountOnce()
    {
        var progress = Progress(Enumerable.Range(8, 6).Select(hour => Session(0, 1, hour: hour)));

        Assert.Equal((1, 1, Start.AddDays(2)), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.NextSessionOn));
        Assert.True(progress.Sessions[0].Counted);
        Assert.All(progress.Sessions.Skip(1), s => Assert.Equal(WalkRunReasons.SameDay, s.NotCounted!.Code));
    }

    [Fact]
    public void ASessionTheDayAfterACountedOneIsTooSoonAndSaysWhenOneCanCount()
    {
        var progress = Progress([Session(0, 1), Session(1, 1), Session(2, 1)]);

        Assert.Equal([true, false, true], progress.Sessions.Select(s => s.Counted));
        var tooSoon = progress.Sessions[1];
        Assert.Equal((WalkRunReasons.TooSoon, Start.AddDays(2)), (tooSoon.NotCounted!.Code, tooSoon.CountsFrom));
        Assert.Contains("2026-04-04", tooSoon.NotCounted.Text);
        Assert.Equal(2, progress.PainFreeSessionsAtStep);
    }

    [Fact]
    public void OnlyTheFirstSessionOfADateCanCountEvenWhenItWasUnfinished()
    {
        var progress = Progress([Session(0, 1, completed: false, hour: 8), Session(0, 1, hour: 18), Session(1, 1)]);

        Assert.Equal([WalkRunReasons.NotCompleted, WalkRunReasons.SameDay, null], progress.Sessions.Select(s => s.NotCounted?.Code));
        Assert.Equal(1, progress.PainFreeSessionsAtStep);
    }

    [Fact]
    public void PainTakesEffectEvenWhenTooSoonAndRestartsTheSpacingClock()
    {
        // Counted on day 10 (the sixth at step 1: up to step 2); pain the next day still sends the patient back.
        var progress = Progress(PainFree(1, 6).Append(Session(11, 2, pain: true)).Append(Session(12, 1)).Append(Session(13, 1)));

        Assert.Equal([WalkRunReasons.Pain, WalkRunReasons.AfterPain, null], progress.Sessions.Skip(6).Select(s => s.NotCounted?.Code));
        var pain = progress.Sessions[6];
        Assert.Equal((1, Start.AddDays(13)), (pain.StepAfter, pain.CountsFrom));
        Assert.Equal((1, 1, false), (progress.CurrentStep.Step, progress.PainFreeSessionsAtStep, progress.RestingAfterPain));
    }

    [Fact]
    public void ASessionOnTheDayOfAPainfulOneNeverCounts()
    {
        var progress = Progress([Session(0, 1), Session(2, 1, pain: true, hour: 8), Session(2, 1, hour: 18)]);

        Assert.Equal(WalkRunReasons.AfterPain, progress.Sessions[2].NotCounted!.Code);
        Assert.Equal((0, true, Start.AddDays(4)), (progress.PainFreeSessionsAtStep, progress.RestingAfterPain, progress.NextSessionOn));
    }

    [Fact]
    public void ASessionAtAnotherStepSaysWhichStepThePatientIsOn()
    {
        var outcome = Progress(PainFree(1, 6).Append(Session(12, 1))).Sessions[^1];
        Assert.Equal((WalkRunReasons.OtherStep, 2), (outcome.NotCounted!.Code, outcome.StepAfter));
        Assert.Contains("on step 2", outcome.NotCounted.Text);
    }

    [Fact]
    public void ASessionAfterTheLadderIsCompleteSaysSo()
    {
        var sessions = Enumerable.Range(1, 4).SelectMany(step => PainFree(step, 6, (step - 1) * 12)).Append(Session(48, 5)).Append(Session(50, 5));
        Assert.Equal(WalkRunReasons.LadderComplete, Progress(sessions).Sessions[^1].NotCounted!.Code);
    }

    [Fact]
    public void ASessionEveryDayCompletesTheLadderNoSoonerThanFortyEightDaysAfterTheFirst()
    {
        Assert.Equal(25, WalkRunLadder.SessionsToComplete(Ladder));
        var sessions = new List<WalkRunSessionFact>();
        for (var day = 0; day < 48; day++) sessions.Add(Session(day, Progress(sessions).CurrentStep.Step));

        var before = Progress(sessions);
        Assert.Equal((5, false, Start.AddDays(48)), (before.CurrentStep.Step, before.LadderComplete, before.NextSessionOn));
        Assert.Equal(24, before.Sessions.Count(s => s.Counted));
        Assert.True(Progress([.. sessions, Session(48, 5)]).LadderComplete);
    }

    [Fact]
    public void TheEarliestCompletionCountsTheSessionsStillNeededOnAlternateDays()
    {
        // Before any session: 25 sessions from the day of entry, (25 − 1) × 2 = 48 days.
        Assert.Equal(Start.AddDays(48), WalkRunLadder.EarliestCompletion(Ladder, Progress([]), Start));
        // Two counted at step 2 (the next from day 16): 4 more there, 6 at each of steps 3 and 4 and one at step 5,
        // 17 sessions, the last 16 × 2 days after the next.
        Assert.Equal(Start.AddDays(16 + 16 * 2), WalkRunLadder.EarliestCompletion(Ladder, Progress(PainFree(1, 6).Concat(PainFree(2, 2, 12))), Start));
        // Pain at step 2 sends the patient back to step 1 with the count restarted, counting from day 16.
        Assert.Equal(Start.AddDays(16 + 24 * 2),
            WalkRunLadder.EarliestCompletion(Ladder, Progress(PainFree(1, 6).Append(Session(14, 2, pain: true))), Start));
        Assert.Null(WalkRunLadder.EarliestCompletion(Ladder,
            Progress(Enumerable.Range(1, 4).SelectMany(step => PainFree(step, 6, (step - 1) * 12)).Append(Session(48, 5))), Start));
    }

    [Fact]
    public void SessionsAreReplayedByDateThenEffectiveTimeWhateverTheirOrder()
    {
        var day = Start.AddDays(10);
        WalkRunSessionFact At(int hour, bool pain) => new(day, 1, true, pain, Facts.At(day.Year, day.Month, day.Day, hour));
        var painLast = Progress([At(18, pain: true), .. PainFree(1, 5), At(9, pain: false)]);
        var painFirst = Progress([At(18, pain: false), .. PainFree(1, 5), At(9, pain: true)]);
        // The sixth counted session moved the patient up to step 2, and pain later that day back to 1.
        Assert.Equal((1, true), (painLast.CurrentStep.Step, painLast.RestingAfterPain));
        // After pain in the morning, the evening's session does not count.
        Assert.Equal((1, 0, true), (painFirst.CurrentStep.Step, painFirst.PainFreeSessionsAtStep, painFirst.RestingAfterPain));
        Assert.Equal([9, 18], painFirst.Sessions.Skip(5).Select(s => s.Session.EffectiveAt.Hour));
    }

    [Fact]
    public void SessionsOfTheSameMomentAreReplayedInTheOrderTheyWereRecorded()
    {
        var at = Facts.At(2026, 4, 2);
        WalkRunSessionFact Recorded(int minute, bool pain) => new(Start, 1, true, pain, at) { RecordedAt = at.AddMinutes(minute) };
        var painFirst = Progress([Recorded(5, pain: false), Recorded(1, pain: true)]);
        Assert.Equal([true, false], painFirst.Sessions.Select(s => s.Pain));
        Assert.Equal(0, painFirst.PainFreeSessionsAtStep);
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
