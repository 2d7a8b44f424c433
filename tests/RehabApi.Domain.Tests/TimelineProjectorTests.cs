using RehabApi.Domain.Gates;
using RehabApi.Domain.Tests.Support;
using RehabApi.Domain.Timeline;

namespace RehabApi.Domain.Tests;

/// <summary>The projected timeline, against dates worked out by hand. Every episode here was diagnosed,
/// and taken off the leg, on Monday 5 January 2026: 4 weeks later is 2 Feb, 6 weeks 16 Feb, 12 weeks
/// 30 Mar, 16 weeks 27 Apr. Typical days: non-weight-bearing the planned weeks, imaging 7, partial 14, full 14,
/// mobility 7, strengthening 21, return to impact 42, but the walk–run ladder takes at least 48 (25 sessions on
/// alternate days), so return to impact lasts 48 days at the earliest and as expected.</summary>
public sealed class TimelineProjectorTests
{
    private static readonly DateOnly DiagnosisDay = Facts.Diagnosed;

    [Fact]
    public void AFreshPubicRamusEpisodeIsProjectedFromTheDayOfDiagnosis()
    {
        var timeline = Project(Episode("non-weight-bearing", DiagnosisDay), DiagnosisDay);

        Assert.Equal(
        [
            // Earliest and expected: the 4 planned weeks off the leg, 5 Jan + 28 = 2 Feb (not a fixed six weeks).
            "non-weight-bearing earliest -..2026-02-02 expected -..2026-02-02",
            // Imaging counts from 5 Jan + 28 = 2 Feb, no later than the entry. Expected 2 Feb + 7 = 9 Feb.
            "imaging-confirmation earliest 2026-02-02..2026-02-02 expected 2026-02-02..2026-02-09",
            // 7 days partial: 2 Feb + 7 = 9 Feb. Expected 9 Feb + 14 = 23 Feb.
            "partial-weight-bearing earliest 2026-02-02..2026-02-09 expected 2026-02-09..2026-02-23",
            // No time requirement: left the day it is entered. Expected 23 Feb + 14 = 9 Mar.
            "full-weight-bearing earliest 2026-02-09..2026-02-09 expected 2026-02-23..2026-03-09",
            "mobility earliest 2026-02-09..2026-02-09 expected 2026-03-09..2026-03-16",
            // 12 weeks since the injury (the diagnosis), 30 Mar. Expected 16 Mar + 21 = 6 Apr.
            "strengthening earliest 2026-02-09..2026-03-30 expected 2026-03-16..2026-04-06",
            // The ladder's 48 days, 30 Mar + 48 = 17 May, outlast the 16 weeks since diagnosis (27 Apr).
            // Expected 6 Apr + 48 = 24 May (the typical 42 days are shorter than the ladder).
            "return-to-impact earliest 2026-03-30..2026-05-17 expected 2026-04-06..2026-05-24",
            "discharged earliest 2026-05-17..- expected 2026-05-24..-",
        ], Rows(timeline));
        Assert.Equal((new DateOnly(2026, 5, 17), new DateOnly(2026, 5, 24)),
            (timeline.ProjectedDischargeEarliest, timeline.ProjectedDischargeExpected));
        Assert.Equal(["current", "upcoming", "upcoming", "upcoming", "upcoming", "upcoming", "upcoming", "upcoming"],
            timeline.Phases.Select(p => p.State));
        Assert.Equal(DiagnosisDay, timeline.Phases[0].EnteredOn);
    }

    [Fact]
    public void AtTheSacrumTheEarliestDatesWaitForTwelveAndSixteenWeeksSinceDiagnosis()
    {
        var timeline = Project(Episode("non-weight-bearing", DiagnosisDay, "sacrum"), DiagnosisDay);

        Assert.Equal(
        [
            // 6 weeks at a high-risk site: 16 Feb, which is also the typical 42 days.
            "non-weight-bearing earliest -..2026-02-16 expected -..2026-02-16",
            "imaging-confirmation earliest 2026-02-16..2026-02-16 expected 2026-02-16..2026-02-23",
            "partial-weight-bearing earliest 2026-02-16..2026-02-23 expected 2026-02-23..2026-03-09",
            "full-weight-bearing earliest 2026-02-23..2026-02-23 expected 2026-03-09..2026-03-23",
            "mobility earliest 2026-02-23..2026-02-23 expected 2026-03-23..2026-03-30",
            // Entered 23 Feb at the earliest, but impact waits for 12 weeks: 30 Mar.
            "strengthening earliest 2026-02-23..2026-03-30 expected 2026-03-30..2026-04-20",
            // Entered 30 Mar at the earliest; discharge waits for 16 weeks (27 Apr) and the ladder's 48 days: 17 May.
            "return-to-impact earliest 2026-03-30..2026-05-17 expected 2026-04-20..2026-06-07",
            "discharged earliest 2026-05-17..- expected 2026-06-07..-",
        ], Rows(timeline));
    }

    [Fact]
    public void AtTheSacrumAFastStrengtheningPhaseStillWaitsForTwelveWeeksAndDischargeForSixteen()
    {
        // In strengthening since 2 Mar; today is 4 Mar. Typical days would end it on 2 Mar + 21 = 23 Mar,
        // but impact waits for 12 weeks: 30 Mar, at the earliest and as expected.
        var timeline = Project(Episode("strengthening", new DateOnly(2026, 3, 2), "sacrum"), new DateOnly(2026, 3, 4));

        Assert.Equal(
        [
            "strengthening earliest -..2026-03-30 expected -..2026-03-30",
            // The ladder: 30 Mar + 48 = 17 May, at the earliest and as expected (16 weeks, 27 Apr, and the
            // typical 42 days, 11 May, come sooner).
            "return-to-impact earliest 2026-03-30..2026-05-17 expected 2026-03-30..2026-05-17",
            "discharged earliest 2026-05-17..- expected 2026-05-17..-",
        ], Rows(timeline).Skip(5));
    }

    [Fact]
    public void ARegressionToPartialWeightBearingMovesTheExpectedDischargeOutByTheTwoPhasesToRepeat()
    {
        // Full weight-bearing from 16 Feb; on 2 Mar pain brings the patient back to partial weight-bearing.
        var today = new DateOnly(2026, 3, 2);
        var before = Project(Episode("full-weight-bearing", new DateOnly(2026, 2, 16)), today, Stays(("full-weight-bearing", Day(2, 16))));
        var after = Project(Episode("partial-weight-bearing", today), today, Stays(("full-weight-bearing", Day(2, 16)), ("partial-weight-bearing", Day(3, 2))));

        Assert.Equal(
        [
            // 16 Feb + 14 = 2 Mar, today.
            "full-weight-bearing earliest -..2026-03-02 expected -..2026-03-02",
            "mobility earliest 2026-03-02..2026-03-02 expected 2026-03-02..2026-03-09",
            "strengthening earliest 2026-03-02..2026-03-30 expected 2026-03-09..2026-03-30",
            "return-to-impact earliest 2026-03-30..2026-05-17 expected 2026-03-30..2026-05-17",
            "discharged earliest 2026-05-17..- expected 2026-05-17..-",
        ], Rows(before).Skip(3));
        Assert.Equal(
        [
            // 7 more days of partial weight-bearing from 2 Mar: 9 Mar; typically 14: 16 Mar.
            "partial-weight-bearing earliest -..2026-03-09 expected -..2026-03-16",
            // Full weight-bearing is upcoming again although it was visited: 16 Mar + 14 = 30 Mar.
            "full-weight-bearing earliest 2026-03-09..2026-03-09 expected 2026-03-16..2026-03-30",
            "mobility earliest 2026-03-09..2026-03-09 expected 2026-03-30..2026-04-06",
            "strengthening earliest 2026-03-09..2026-03-30 expected 2026-04-06..2026-04-27",
            // 27 Apr + 48 = 14 Jun.
            "return-to-impact earliest 2026-03-30..2026-05-17 expected 2026-04-27..2026-06-14",
            "discharged earliest 2026-05-17..- expected 2026-06-14..-",
        ], Rows(after).Skip(2));

        // Expected: 17 May → 14 Jun, the 14 + 14 typical days of partial and full weight-bearing again.
        Assert.Equal(28, after.ProjectedDischargeExpected!.Value.DayNumber - before.ProjectedDischargeExpected!.Value.DayNumber);
        // Earliest: mobility 2 Mar → 9 Mar (7 days of partial weight-bearing), but discharge stays on
        // 17 May because impact still waits for 12 weeks since diagnosis (30 Mar), then the ladder's 48 days.
        Assert.Equal(7, after.Phases[4].EarliestEntry!.Value.DayNumber - before.Phases[4].EarliestEntry!.Value.DayNumber);
        Assert.Equal(before.ProjectedDischargeEarliest, after.ProjectedDischargeEarliest);
        Assert.Null(after.Phases[3].EnteredOn);
    }

    [Fact]
    public void CompletedPhasesShowTheActualDatesOfTheirLatestStayAndNoProjection()
    {
        // Partial weight-bearing twice: 9–16 Feb, then again after a regression on 1 Mar at 23:30 in
        // New York, which is 2 Mar in UTC, until 10 Mar. Back in full weight-bearing since 10 Mar.
        var stays = new List<PhaseStay>
        {
            new("non-weight-bearing", Facts.At(2026, 1, 5, 9), Facts.At(2026, 2, 2, 10)),
            new("imaging-confirmation", Facts.At(2026, 2, 2, 10), Facts.At(2026, 2, 9)),
            new("partial-weight-bearing", Facts.At(2026, 2, 9), Facts.At(2026, 2, 16)),
            new("full-weight-bearing", Facts.At(2026, 2, 16), new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.FromHours(-5))),
            new("partial-weight-bearing", new DateTimeOffset(2026, 3, 1, 23, 30, 0, TimeSpan.FromHours(-5)), Facts.At(2026, 3, 10)),
            new("full-weight-bearing", Facts.At(2026, 3, 10), null),
        };
        var timeline = Project(Episode("full-weight-bearing", new DateOnly(2026, 3, 10)), new DateOnly(2026, 3, 12), stays);

        Assert.Equal(
        [
            "non-weight-bearing completed entered 2026-01-05 left 2026-02-02",
            "imaging-confirmation completed entered 2026-02-02 left 2026-02-09",
            "partial-weight-bearing completed entered 2026-03-02 left 2026-03-10",
            "full-weight-bearing current entered 2026-03-10 left -",
        ], Actuals(timeline).Take(4));
        Assert.All(timeline.Phases.Take(3), p => Assert.Equal("-..- -..-", Projections(p)));
        // Today is 12 Mar: 10 Mar + 14 = 24 Mar is expected, and it could be left today.
        Assert.Equal("-..2026-03-12 -..2026-03-24", Projections(timeline.Phases[3]));
    }

    [Fact]
    public void AWithdrawnEpisodeShowsOnlyWhatHappened()
    {
        var facts = Episode("strengthening", new DateOnly(2026, 3, 16)) with { Status = EpisodeStatuses.Closed };
        var timeline = Project(facts, new DateOnly(2026, 4, 1), Stays(("full-weight-bearing", Day(2, 16)), ("mobility", Day(3, 9)), ("strengthening", Day(3, 16))));

        Assert.Equal(
        [
            "non-weight-bearing completed entered 2026-01-05 left 2026-02-02",
            "imaging-confirmation completed entered 2026-02-02 left 2026-02-09",
            "partial-weight-bearing completed entered 2026-02-09 left 2026-02-16",
            "full-weight-bearing completed entered 2026-02-16 left 2026-03-09",
            "mobility completed entered 2026-03-09 left 2026-03-16",
            "strengthening current entered 2026-03-16 left -",
            "return-to-impact upcoming entered - left -",
            "discharged upcoming entered - left -",
        ], Actuals(timeline));
        Assert.All(timeline.Phases, p => Assert.Equal("-..- -..-", Projections(p)));
        Assert.Equal(("closed", null, null), (timeline.Status, timeline.ProjectedDischargeEarliest, timeline.ProjectedDischargeExpected));
    }

    [Fact]
    public void ADischargedEpisodeShowsTheDischargeDateAndNoProjection()
    {
        var facts = Episode("discharged", new DateOnly(2026, 6, 1)) with { Status = EpisodeStatuses.Closed };
        var timeline = Project(facts, new DateOnly(2026, 6, 10),
            Stays(("full-weight-bearing", Day(2, 16)), ("mobility", Day(3, 2)), ("strengthening", Day(3, 9)),
                ("return-to-impact", Day(3, 30)), ("discharged", Day(6, 1))));

        Assert.Equal(
        [
            "strengthening completed entered 2026-03-09 left 2026-03-30",
            "return-to-impact completed entered 2026-03-30 left 2026-06-01",
            "discharged current entered 2026-06-01 left -",
        ], Actuals(timeline).Skip(5));
        Assert.All(timeline.Phases, p => Assert.Equal("-..- -..-", Projections(p)));
        Assert.Null(timeline.ProjectedDischargeExpected);
    }

    [Fact]
    public void AnEpisodeOnHoldIsProjectedAsIfItResumedToday()
    {
        // Partial weight-bearing since 2 Mar, on hold since 10 Mar; today is 20 Mar. The 7 days (9 Mar)
        // and the typical 14 (16 Mar) have passed, so the phase could end today, and everything after
        // it starts from today.
        var today = new DateOnly(2026, 3, 20);
        var active = Episode("partial-weight-bearing", new DateOnly(2026, 3, 2));
        var held = active with { Status = EpisodeStatuses.OnHold, HoldReason = "clinical-review" };
        var stays = Stays(("full-weight-bearing", Day(2, 16)), ("partial-weight-bearing", Day(3, 2)));

        var timeline = Project(held, today, stays);

        Assert.Equal(
        [
            "partial-weight-bearing earliest -..2026-03-20 expected -..2026-03-20",
            "full-weight-bearing earliest 2026-03-20..2026-03-20 expected 2026-03-20..2026-04-03",
            "mobility earliest 2026-03-20..2026-03-20 expected 2026-04-03..2026-04-10",
            "strengthening earliest 2026-03-20..2026-03-30 expected 2026-04-10..2026-05-01",
            // 1 May + 48 = 18 Jun.
            "return-to-impact earliest 2026-03-30..2026-05-17 expected 2026-05-01..2026-06-18",
            "discharged earliest 2026-05-17..- expected 2026-06-18..-",
        ], Rows(timeline).Skip(2));
        Assert.Equal(("on-hold", "current"), (timeline.Status, timeline.Phases[2].State));
        Assert.Equal(Project(active, today, stays).Phases, timeline.Phases);
    }

    [Fact]
    public void AHoldMovesTheDatesOutDayByDayWhileItLasts()
    {
        var held = Episode("partial-weight-bearing", new DateOnly(2026, 3, 2)) with
        {
            Status = EpisodeStatuses.OnHold, HoldReason = "clinical-review",
        };

        var on20th = Project(held, new DateOnly(2026, 3, 20));
        var on25th = Project(held, new DateOnly(2026, 3, 25));

        // Expected discharge 18 Jun on 20 Mar, 23 Jun five days later.
        Assert.Equal((new DateOnly(2026, 6, 18), new DateOnly(2026, 6, 23)),
            (on20th.ProjectedDischargeExpected, on25th.ProjectedDischargeExpected));
    }

    [Fact]
    public void AWorseningStudyDoesNotStopTheImagingPhaseFromBeingProjected()
    {
        // Imaging since 2 Feb; a study on 3 Feb showed progression. The projection assumes the next
        // study heals: the phase can still end today, 4 Feb, and typically on 2 Feb + 7 = 9 Feb.
        var facts = Episode("imaging-confirmation", new DateOnly(2026, 2, 2)).WithImaging(new DateOnly(2026, 2, 3), "progression");

        var timeline = Project(facts, new DateOnly(2026, 2, 4));

        Assert.Equal("-..2026-02-04 -..2026-02-09", Projections(timeline.Phases[1]));
    }

    [Fact]
    public void InReturnToImpactTheEarliestDischargeCountsTheCountedSessionsStillNeeded()
    {
        // Entered 30 Mar; counted sessions on 30 Mar and 1 Apr, so 23 to go from 3 Apr: 3 Apr + 22 × 2 = 17 May.
        // A painful session today, 10 Apr (at 15:00, after the start of the day), restarts the ladder: 25 sessions
        // from 12 Apr, the last on 12 Apr + 48 = 30 May.
        var today = new DateOnly(2026, 4, 10);
        WalkRunSessionFact Session(int month, int day, bool pain = false, int hour = 12) =>
            new(new DateOnly(2026, month, day), 1, true, pain, Facts.At(2026, month, day, hour));
        var facts = Episode("return-to-impact", new DateOnly(2026, 3, 30)) with { WalkRunSessions = [Session(3, 30, hour: 18), Session(4, 1)] };

        Assert.Equal(new DateOnly(2026, 5, 17), Project(facts, today).ProjectedDischargeEarliest);
        var hurt = facts with { WalkRunSessions = [.. facts.WalkRunSessions, Session(4, 10, pain: true, hour: 15)] };
        Assert.Equal(new DateOnly(2026, 5, 30), Project(hurt, today).ProjectedDischargeEarliest);
    }

    [Fact]
    public void TheLaddersMinimumLengthComesFromTheProtocolsLadder()
    {
        // Three days between sessions: 24 × 3 = 72 days after entering return to impact on 30 Mar, 10 Jun.
        var slower = Facts.Protocol with { WalkRun = Facts.Protocol.WalkRun with { MinDaysBetweenSessions = 3 } };
        var timeline = TimelineProjector.Project(slower, Episode("non-weight-bearing", DiagnosisDay), [], DiagnosisDay);
        Assert.Equal(new DateOnly(2026, 6, 10), timeline.ProjectedDischargeEarliest);
    }

    [Fact]
    public void TheDatesAreTheClinics()
    {
        // In Tokyo, imaging since 08:00 on 2 Feb and partial weight-bearing since 08:00 on 9 Feb: both still
        // the day before in UTC. Today is 10 Feb; seven days in the phase end on 16 Feb.
        var tokyo = ClinicCalendar.For("Asia/Tokyo");
        var facts = Facts.InPhase("partial-weight-bearing").InZone(tokyo.ZoneId) with { PhaseEnteredAt = Tokyo(2, 9) };
        var stays = new List<PhaseStay>
        {
            new("non-weight-bearing", tokyo.StartOf(DiagnosisDay), Tokyo(2, 2)),
            new("imaging-confirmation", Tokyo(2, 2), Tokyo(2, 9)),
            new("partial-weight-bearing", Tokyo(2, 9), null),
        };

        var timeline = Project(facts, new DateOnly(2026, 2, 10), stays);

        Assert.Equal(
        [
            "non-weight-bearing completed entered 2026-01-05 left 2026-02-02",
            "imaging-confirmation completed entered 2026-02-02 left 2026-02-09",
            "partial-weight-bearing current entered 2026-02-09 left -",
        ], Actuals(timeline).Take(3));
        Assert.Equal("-..2026-02-16 -..2026-02-23", Projections(timeline.Phases[2]));

        static DateTimeOffset Tokyo(int month, int day) => new(2026, month, day, 8, 0, 0, TimeSpan.FromHours(9));
    }

    [Fact]
    public void APhaseOutsideTheProtocolIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Project(Episode("swimming", DiagnosisDay), DiagnosisDay));
    }

    /// <summary>A pubic ramus (or <paramref name="site"/>) episode diagnosed on 5 Jan, in
    /// <paramref name="phase"/> since <paramref name="enteredOn"/> (at 09:00 UTC, to show only the date counts).</summary>
    private static EpisodeFacts Episode(string phase, DateOnly enteredOn, string site = "pubic-ramus") =>
        Facts.InPhase(phase, site) with { PhaseEnteredAt = new DateTimeOffset(enteredOn.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero) };

    private static EpisodeTimeline Project(EpisodeFacts facts, DateOnly today, IReadOnlyList<PhaseStay>? stays = null) =>
        TimelineProjector.Project(Facts.Protocol, facts, stays ?? [], today);

    private static DateTimeOffset Day(int month, int day) => Facts.At(2026, month, day);

    /// <summary>Off the leg on 5 Jan, imaging from 2 Feb, partial weight-bearing from 9 Feb.</summary>
    private static readonly (string Phase, DateTimeOffset At)[] QuickStart =
        [("non-weight-bearing", Day(1, 5)), ("imaging-confirmation", Day(2, 2)), ("partial-weight-bearing", Day(2, 9))];

    /// <summary>The stays of <see cref="QuickStart"/> then <paramref name="later"/>: each entry ends the stay before it.</summary>
    private static List<PhaseStay> Stays(params (string Phase, DateTimeOffset At)[] later)
    {
        (string Phase, DateTimeOffset At)[] entries = [.. QuickStart, .. later];
        return entries.Select((e, i) => new PhaseStay(e.Phase, e.At, i + 1 < entries.Length ? entries[i + 1].At : null)).ToList();
    }

    private static IEnumerable<string> Rows(EpisodeTimeline timeline) =>
        timeline.Phases.Select(p => $"{p.Phase} earliest {F(p.EarliestEntry)}..{F(p.EarliestExit)} expected {F(p.ExpectedEntry)}..{F(p.ExpectedExit)}");

    private static IEnumerable<string> Actuals(EpisodeTimeline timeline) =>
        timeline.Phases.Select(p => $"{p.Phase} {p.State} entered {F(p.EnteredOn)} left {F(p.LeftOn)}");

    private static string Projections(TimelinePhase p) =>
        $"{F(p.EarliestEntry)}..{F(p.EarliestExit)} {F(p.ExpectedEntry)}..{F(p.ExpectedExit)}";

    private static string F(DateOnly? date) => date?.ToString("yyyy-MM-dd") ?? "-";
}
