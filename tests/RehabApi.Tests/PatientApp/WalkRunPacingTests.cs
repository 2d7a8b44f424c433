using System.Net;
using System.Text.Json.Nodes;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.PatientApp;

/// <summary>The walk–run ladder is paced by the calendar (PROTOCOL.md, "Walk–run ladder"): sessions count on alternate
/// days, at most one a day, not during the rest after pain; the others are recorded and shown with the reason they
/// did not count. Every episode here entered return-to-impact on 30 March 2026 (JourneySteps); today is 1 June.</summary>
public sealed class WalkRunPacingTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private static readonly DateOnly Entered = new(2026, 3, 30);

    private readonly RehabClient clinic = new(factory.CreateClient());

    [Theory]
    [InlineData("2026-06-02")]
    [InlineData("2026-03-29")]
    public async Task ASessionDatedInTheFutureOrBeforeThePhaseIs400AndRecordsNothing(string date)
    {
        var (episode, app) = await InReturnToImpactAsync();
        var before = (await clinic.GetHistoryAsync(episode)).Items.Count;

        var response = await app.PostJsonAsync($"/episodes/{episode}/walk-run-sessions",
            $$"""{"date": "{{date}}", "step": 1, "completed": true, "pain": false}""");

        Assert.True((await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("date"));
        Assert.Equal(before, (await clinic.GetHistoryAsync(episode)).Items.Count);
    }

    [Fact]
    public async Task SixSessionsPostedOnOneDayCountOnceAndLeaveThePatientOnStepOne()
    {
        var (episode, app) = await InReturnToImpactAsync();

        for (var i = 0; i < 6; i++) await app.RunAsync(episode, new DateOnly(2026, 4, 1), step: 1);

        var walkRun = (await PlanAsync(app, episode))["walkRun"]!;
        Assert.Equal((1, 1), ((int)walkRun["step"]!, (int)walkRun["painFreeSessions"]!));
    }

    [Fact]
    public async Task TwentyFiveSessionsPostedOnOneDayDoNotCompleteTheLadder()
    {
        var (episode, app) = await InReturnToImpactAsync();

        // The sessions that would climb the whole ladder, all on one day: the later steps are refused once the
        // first does not move the patient up, and none of it may meet the continuous run.
        foreach (var step in Enumerable.Range(1, 4).SelectMany(s => Enumerable.Repeat(s, 6)).Append(5))
        {
            var response = await app.PostWalkRunSessionAsync(episode, new DateOnly(2026, 4, 1), step);
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict });
        }

        Assert.False(ContinuousRunMet(await clinic.GetGateAsync(episode)));
        var walkRun = (await PlanAsync(app, episode))["walkRun"]!;
        Assert.Equal((1, 1, false), ((int)walkRun["step"]!, (int)walkRun["painFreeSessions"]!, (bool)walkRun["ladderComplete"]!));
    }

    [Fact]
    public async Task ASessionOnTheDayOfAPainfulOneDoesNotCount()
    {
        var (episode, app) = await InReturnToImpactAsync();
        await app.RunAsync(episode, new DateOnly(2026, 4, 1), step: 1);

        await app.RunAsync(episode, new DateOnly(2026, 4, 3), step: 1, pain: true);
        var sameDay = await app.RunAsync(episode, new DateOnly(2026, 4, 3), step: 1);

        var walkRun = (await PlanAsync(app, episode))["walkRun"]!;
        Assert.Equal((1, 0), ((int)walkRun["step"]!, (int)walkRun["painFreeSessions"]!));
        // The rest after pain: the next session counts two days after the painful one.
        Assert.Equal("2026-04-05", (string)walkRun["nextSessionOn"]!);
        Assert.Equal((false, "after-pain"), ((bool?)sameDay["counted"], (string?)sameDay["notCountedReason"]?["code"]));
    }

    [Fact]
    public async Task ANotCountedSessionShowsItsReasonInTheResponseThePlanAndTheHistory()
    {
        var (episode, app) = await InReturnToImpactAsync();
        var counted = await app.RunAsync(episode, new DateOnly(2026, 4, 1), step: 1);
        var tooSoon = await app.RunAsync(episode, new DateOnly(2026, 4, 2), step: 1);

        Assert.Equal(true, (bool?)counted["counted"]);
        Assert.Null(counted["notCountedReason"]);
        Assert.Equal((false, "too-soon"), ((bool)tooSoon["counted"]!, (string)tooSoon["notCountedReason"]!["code"]!));
        Assert.Contains("2026-04-03", (string)tooSoon["notCountedReason"]!["text"]!);

        // The plan tells the patient, newest first, in plain words.
        var recent = (await PlanAsync(app, episode))["walkRun"]!["recentSessions"]!.AsArray();
        Assert.Equal(["2026-04-02", "2026-04-01"], recent.Select(s => (string)s!["date"]!));
        Assert.Equal((false, "too-soon"), ((bool)recent[0]!["counted"]!, (string)recent[0]!["notCountedReason"]!));
        Assert.Contains("2026-04-03", (string)recent[0]!["text"]!);
        Assert.True((bool)recent[1]!["counted"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)recent[1]!["text"]));

        // The history shows the same verdicts.
        var sessions = (await HistoryAsync(episode)).Where(i => (string)i["kind"]! == "walk-run-session").ToList();
        Assert.Equal([(true, null), (false, "too-soon")],
            sessions.Select(s => ((bool)s["counted"]!, (string?)s["notCountedReason"]?["code"])));
        Assert.Equal((string)tooSoon["notCountedReason"]!["text"]!, (string)sessions[1]["notCountedReason"]!["text"]!);
    }

    [Fact]
    public async Task TheLadderCannotBeCompletedInFewerThanFortyEightDays()
    {
        var (episode, app) = await InReturnToImpactAsync();

        // A session every day from the day of entry, always at the step the plan names: only every other one counts.
        var day = Entered;
        for (; day < Entered.AddDays(48); day = day.AddDays(1))
        {
            var step = (int)(await PlanAsync(app, episode))["walkRun"]!["step"]!;
            await app.RunAsync(episode, day, step);
        }
        Assert.False(ContinuousRunMet(await clinic.GetGateAsync(episode)));
        var walkRun = (await PlanAsync(app, episode))["walkRun"]!;
        Assert.Equal((5, "2026-05-17"), ((int)walkRun["step"]!, (string)walkRun["nextSessionOn"]!));

        // 24 sessions 2 days apart, then the 25th on day 48: 17 May.
        await app.RunAsync(episode, day, step: 5);
        Assert.True(ContinuousRunMet(await clinic.GetGateAsync(episode)));
    }

    [Fact]
    public async Task AContinuousRunObservationOfThirtyMinutesDoesNotMeetTheContinuousRun()
    {
        var (episode, _) = await InReturnToImpactAsync();

        await clinic.ObserveAsync(episode, "continuous-run-minutes", 30);

        Assert.False(ContinuousRunMet(await clinic.GetGateAsync(episode)));
        Assert.Contains("continuous-run", await clinic.BlockedAdvanceAsync(episode));
    }

    private static bool ContinuousRunMet(JsonObject gate) =>
        (bool)gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "continuous-run")!["met"]!;

    private async Task<(Guid Episode, RehabClient App)> InReturnToImpactAsync()
    {
        var journey = new JourneySteps(clinic);
        var episode = await journey.NewEpisodeAsync();
        await journey.ReachAsync(episode.Id, "return-to-impact");
        var app = await factory.PatientAppAsync(episode.PatientId);
        return (episode.Id, app);
    }

    private static async Task<JsonObject> PlanAsync(RehabClient app, Guid episode) =>
        await RehabClient.ReadAsync<JsonObject>(await app.Http.GetAsync($"/api/v1/episodes/{episode}/plan"), HttpStatusCode.OK);

    private async Task<List<JsonObject>> HistoryAsync(Guid episode)
    {
        var history = await RehabClient.ReadAsync<JsonObject>(await clinic.Http.GetAsync($"/api/v1/episodes/{episode}/history"), HttpStatusCode.OK);
        return history["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
    }
}
