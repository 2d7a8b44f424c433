using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.PatientApp;

/// <summary>What the patient's app shows: the plan of each phase, what is still needed (the same gate an advance
/// uses), a stop on every exercise when the bone may displace, and the walk–run ladder up and down.</summary>
public sealed class PlanTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());

    /// <summary>(phase, weight bearing words, an aid or "", an exercise of that phase).</summary>
    public static TheoryData<string, string, string, string> Phases() => new()
    {
        // The journey's pubic ramus leaves out the pull buoy (squeezing it pulls on the bone): arm work instead.
        { "non-weight-bearing", "not put any weight", "two crutches", "Arm bike" },
        { "imaging-confirmation", "not put any weight", "two crutches", "Seated upper-body weights" },
        { "partial-weight-bearing", "part of your weight", "two crutches", "Heel slides" },
        { "full-weight-bearing", "full weight", "", "Walking" },
        { "mobility", "full weight", "", "Hip flexor stretch" },
        { "strengthening", "full weight", "", "Glute bridge" },
        { "return-to-impact", "full weight", "", "Walk–run session" },
        { "discharged", "full weight", "", "Glute bridge" },
    };

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task ThePlanOfEachPhaseShowsThatPhasesInstructionsExercisesAndWhatIsStillNeeded(
        string phase, string weightBearing, string aid, string exercise)
    {
        var journey = new JourneySteps(clinic);
        var episode = await journey.NewEpisodeAsync();
        await journey.ReachAsync(episode.Id, phase);

        var plan = await PlanAsync(await factory.PatientAppAsync(episode.PatientId), episode.Id);

        Assert.Equal(phase, (string)plan["phase"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)plan["title"]));
        Assert.Contains(weightBearing, (string)plan["weightBearing"]!, StringComparison.OrdinalIgnoreCase);
        var aids = plan["aids"]!.AsArray().Select(a => (string)a!).ToList();
        if (aid.Length > 0) Assert.Contains(aid, aids); else Assert.Empty(aids);
        var exercises = plan["exercises"]!.AsArray();
        Assert.Contains(exercises, e => (string)e!["name"]! == exercise);
        Assert.All(exercises, e => Assert.False(string.IsNullOrWhiteSpace((string?)e!["dosage"])));

        // What is still needed is the gate's own unmet list, in the gate's order.
        var gate = await clinic.GetGateAsync(episode.Id);
        var unmet = gate["requirements"]!.AsArray().Where(r => !(bool)r!["met"]!).Select(r => (string)r!["code"]!).ToList();
        Assert.Equal(unmet, plan["stillNeeded"]!.AsArray().Select(s => (string)s!["code"]!).ToList());
        Assert.All(plan["stillNeeded"]!.AsArray(), s => Assert.False(string.IsNullOrWhiteSpace((string?)s!["text"])));
        Assert.Equal(phase == "return-to-impact", plan["walkRun"] is not null);
        Assert.Equal(phase == "discharged" ? "closed" : "active", (string)plan["status"]!);
    }

    [Fact]
    public async Task ATimeRequirementTellsThePatientTheDateItWillBeMet()
    {
        // Diagnosed on 22 May 2026: four weeks off the leg end on 19 June 2026 (22 May + 28 days).
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 5, 22));
        var plan = await PlanAsync(await factory.PatientAppAsync(episode.PatientId), episode.Id);

        var time = plan["stillNeeded"]!.AsArray().Single(s => (string)s!["code"]! == "min-non-weight-bearing-time")!;
        Assert.Equal("2026-06-19", (string)time["earliestDate"]!);
        Assert.Contains("2026-06-19", (string)time["text"]!);
    }

    [Fact]
    public async Task OnVersion1OnHoldForDisplacementRiskAllExerciseIsStopped()
    {
        var episode = await factory.CreateVersion1EpisodeAsync(clinic, new DateOnly(2026, 4, 1));
        await clinic.ImageAsync(episode.Id, new DateOnly(2026, 5, 20), "displacement");

        var plan = await PlanAsync(await factory.PatientAppAsync(episode.PatientId), episode.Id);

        Assert.Equal("on-hold", (string)plan["status"]!);
        Assert.Empty(plan["exercises"]!.AsArray());
        var notice = plan["notice"]!;
        Assert.Equal(("displacement-risk", true), ((string)notice["code"]!, (bool)notice["suspendsPlan"]!));
        Assert.Contains("exercise", (string)notice["message"]!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("not-on-hold", (string)plan["stillNeeded"]![0]!["code"]!);
    }

    [Fact]
    public async Task SixPainFreeSessionsMoveThePatientUpAStepAndPainSendsThemBackAfterARestDay()
    {
        var (episode, app) = await InReturnToImpactAsync();
        Assert.Equal(1, (int)(await PlanAsync(app, episode))["walkRun"]!["step"]!);

        var day = new DateOnly(2026, 4, 1);
        for (var i = 0; i < 6; i++, day = day.AddDays(2)) await SessionAsync(app, episode, day, step: 1);
        var up = (await PlanAsync(app, episode))["walkRun"]!;
        Assert.Equal((2, 0, false), ((int)up["step"]!, (int)up["painFreeSessions"]!, (bool)up["restingAfterPain"]!));

        // Step 3 is not the patient's yet.
        await RehabClient.ProblemAsync(await PostSessionAsync(app, episode, day, step: 3), HttpStatusCode.Conflict);

        await SessionAsync(app, episode, day, step: 2, pain: true);
        var down = (await PlanAsync(app, episode))["walkRun"]!;
        Assert.Equal((1, true), ((int)down["step"]!, (bool)down["restingAfterPain"]!));
        Assert.Equal(day.AddDays(2).ToString("yyyy-MM-dd"), (string)down["nextSessionOn"]!);
        Assert.False(string.IsNullOrWhiteSpace((string?)down["message"]));
    }

    [Fact]
    public async Task CompletingTheLastStepWithoutPainMeetsTheContinuousRun()
    {
        var (episode, app) = await InReturnToImpactAsync();
        var day = new DateOnly(2026, 3, 31);
        foreach (var step in Enumerable.Range(1, 4).SelectMany(s => Enumerable.Repeat(s, 6)))
        {
            await SessionAsync(app, episode, day, step);
            day = day.AddDays(2);
        }
        Assert.False(ContinuousRunMet(await clinic.GetGateAsync(episode)));
        Assert.Equal(5, (int)(await PlanAsync(app, episode))["walkRun"]!["step"]!);

        await SessionAsync(app, episode, day, step: 5);

        Assert.True(ContinuousRunMet(await clinic.GetGateAsync(episode)));
        Assert.True((bool)(await PlanAsync(app, episode))["walkRun"]!["ladderComplete"]!);
    }

    [Fact]
    public async Task WalkRunSessionsBelongToReturnToImpact()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var app = await factory.PatientAppAsync(episode.PatientId);
        await RehabClient.ProblemAsync(await PostSessionAsync(app, episode.Id, Dates.Today, 1), HttpStatusCode.Conflict);
    }

    private static bool ContinuousRunMet(JsonObject gate) =>
        (bool)gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "continuous-run")!["met"]!;

    private async Task<(Guid Episode, RehabClient App)> InReturnToImpactAsync()
    {
        var journey = new JourneySteps(clinic);
        var episode = await journey.NewEpisodeAsync();
        await journey.ReachAsync(episode.Id, "return-to-impact");
        return (episode.Id, await factory.PatientAppAsync(episode.PatientId));
    }

    private static Task<HttpResponseMessage> PostSessionAsync(RehabClient app, Guid episode, DateOnly date, int step, bool pain = false) =>
        app.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/walk-run-sessions", new { date, step, completed = true, pain });

    private static async Task SessionAsync(RehabClient app, Guid episode, DateOnly date, int step, bool pain = false) =>
        await RehabClient.ReadAsync<JsonObject>(await PostSessionAsync(app, episode, date, step, pain), HttpStatusCode.Created);

    private static async Task<JsonObject> PlanAsync(RehabClient app, Guid episode) =>
        await RehabClient.ReadAsync<JsonObject>(await app.Http.GetAsync($"/api/v1/episodes/{episode}/plan"), HttpStatusCode.OK);
}
