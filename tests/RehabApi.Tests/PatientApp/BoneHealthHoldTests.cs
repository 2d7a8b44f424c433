using System.Net;
using System.Text.Json.Nodes;
using RehabApi.Clinics;
using RehabApi.Episodes;
using RehabApi.Tests.Infrastructure;
using static RehabApi.Tests.Infrastructure.JourneySteps;
using static RehabApi.Tests.PatientApp.BoneHealthSteps;

namespace RehabApi.Tests.PatientApp;

/// <summary>A restricted bone-health assessment puts the episode on hold (bone-health) at once, in any phase, and only
/// a physician lifts that hold, after a later assessment that is not restricted or a restricted-clearance.</summary>
public sealed class BoneHealthHoldTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());
    private BoneHealthSteps Steps => new(clinic);

    [Fact]
    public async Task ARestrictedScoreInReturnToImpactHoldsTheEpisodeAtOnceAndDischargeWaitsForAPhysician()
    {
        var episode = await Steps.EpisodeForAsync("female");
        await new JourneySteps(clinic).ReachAsync(episode.Id, "return-to-impact");
        foreach (var (date, step) in JourneySteps.LadderSessions) await clinic.RunAsync(episode.Id, date, step);
        await clinic.SignAsync(episode.Id, "discharge-approved", RehabClient.Therapist, Day(5, 18));

        await Steps.RecordAsync(episode.Id, Restricted12);

        var held = await clinic.GetEpisodeAsync(episode.Id);
        Assert.Equal(("return-to-impact", "on-hold", "bone-health"), (held.Phase, held.Status, held.Hold?.Reason));
        var hold = (await clinic.GetHistoryAsync(episode.Id)).Items.Last(i => i.Kind == "transition");
        Assert.Equal(("hold", "bone-health", "physician"), (hold.Action, hold.Reason, hold.RecordedBy.ClinicianRole));

        var discharge = await RehabClient.ProblemAsync(
            await clinic.TransitionAsync(episode.Id, "advance", RehabClient.Therapist), HttpStatusCode.Conflict);
        Assert.Equal(["not-on-hold"], discharge["unmet"]!.AsArray().Select(u => (string)u!["code"]!));
        await RehabClient.ProblemAsync(await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Therapist), HttpStatusCode.Forbidden);
        var notYet = await RehabClient.ProblemAsync(
            await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Physician), HttpStatusCode.Conflict);
        Assert.Contains("restricted-clearance", (string)notYet["detail"]!);

        await clinic.SignAsync(episode.Id, "restricted-clearance", RehabClient.Physician);
        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(
            await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Physician), HttpStatusCode.OK);
        Assert.Equal("active", resumed.Status);
        Assert.Null(resumed.Hold);
        Assert.Equal("discharged", (await clinic.AdvanceAsync(episode.Id, actor: RehabClient.Therapist)).Phase);
    }

    [Fact]
    public async Task WhileOnTheBoneHealthHoldThePlanStopsImpactAndSaysWhatLiftsTheHold()
    {
        var episode = await Steps.EpisodeForAsync("female");
        await new JourneySteps(clinic).ReachAsync(episode.Id, "return-to-impact");
        await Steps.RecordAsync(episode.Id, Restricted12);

        var plan = await RehabClient.ReadAsync<JsonObject>(await clinic.Http.GetAsync($"/api/v1/episodes/{episode.Id}/plan"), HttpStatusCode.OK);

        Assert.Equal(("hold", "bone-health", false), ((string)plan["notice"]!["kind"]!, (string)plan["notice"]!["code"]!, (bool)plan["notice"]!["suspendsPlan"]!));
        Assert.Null(plan["walkRun"]);
        Assert.DoesNotContain(plan["exercises"]!.AsArray(), e => ((string)e!["name"]!).Contains("run", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(plan["exercises"]!.AsArray(), e => (string)e!["name"]! == "Glute bridge");
        var stillNeeded = plan["stillNeeded"]!.AsArray()[0]!;
        Assert.Equal("not-on-hold", (string)stillNeeded["code"]!);
        Assert.Contains("assessment", (string)stillNeeded["text"]!);
    }

    [Fact]
    public async Task ALaterAssessmentThatIsNotRestrictedLetsAPhysicianResumeInAnyPhase()
    {
        var episode = await Steps.EpisodeForAsync("female", diagnosedOn: new DateOnly(2026, 5, 1));
        await RehabClient.ReadAsync<JsonObject>(
            await clinic.TransitionAsync(episode.Id, "hold", RehabClient.Therapist, reason: "clinical-review"), HttpStatusCode.OK);

        await Steps.RecordAsync(episode.Id, Restricted12);
        var held = await clinic.GetEpisodeAsync(episode.Id);
        Assert.Equal(("non-weight-bearing", "bone-health"), (held.Phase, held.Hold?.Reason));
        await RehabClient.ProblemAsync(await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Physician), HttpStatusCode.Conflict);

        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await Steps.RecordAsync(episode.Id, LowRiskFemale);
        Assert.Equal("bone-health", (await clinic.GetEpisodeAsync(episode.Id)).Hold?.Reason);

        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(
            await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Physician), HttpStatusCode.OK);
        Assert.Equal(("non-weight-bearing", "active"), (resumed.Phase, resumed.Status));
    }

    [Fact]
    public async Task ASurgicalReferralIsKeptAndLiftingItWhileBoneHealthIsRestrictedLeavesTheBoneHealthHold()
    {
        var episode = await Steps.EpisodeForAsync("female", "femoral-neck-tension", new DateOnly(2026, 5, 1));
        Assert.Equal("surgical-referral", episode.Hold?.Reason);

        await Steps.RecordAsync(episode.Id, Restricted12);
        Assert.Equal("surgical-referral", (await clinic.GetEpisodeAsync(episode.Id)).Hold?.Reason);

        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(
            await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Physician), HttpStatusCode.OK);
        Assert.Equal(("on-hold", "bone-health"), (resumed.Status, resumed.Hold?.Reason));

        await clinic.SignAsync(episode.Id, "restricted-clearance", RehabClient.Physician);
        var active = await RehabClient.ReadAsync<EpisodeResponse>(
            await clinic.TransitionAsync(episode.Id, "resume", RehabClient.Physician), HttpStatusCode.OK);
        Assert.Equal("active", active.Status);
        Assert.Null(active.Hold);
    }

    [Fact]
    public async Task APhysiciansOwnKeyLiftsTheHoldAfterSigningTheClearance()
    {
        var episode = await Steps.EpisodeForAsync("female", diagnosedOn: new DateOnly(2026, 5, 1));
        await Steps.RecordAsync(episode.Id, Restricted12);
        var physician = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "physician", "Dr Own Key")));
        var therapist = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Pat Own Key")));

        await RehabClient.ProblemAsync(await therapist.PostJsonAsync($"/episodes/{episode.Id}/transitions", """{"action":"resume"}"""), HttpStatusCode.Forbidden);
        await RehabClient.ReadAsync<JsonObject>(
            await physician.PostJsonAsync($"/episodes/{episode.Id}/clearances", """{"type":"restricted-clearance"}"""), HttpStatusCode.Created);
        await RehabClient.ReadAsync<JsonObject>(
            await physician.PostJsonAsync($"/episodes/{episode.Id}/transitions", """{"action":"resume"}"""), HttpStatusCode.OK);

        Assert.Equal("active", (await clinic.GetEpisodeAsync(episode.Id)).Status);
    }
}
