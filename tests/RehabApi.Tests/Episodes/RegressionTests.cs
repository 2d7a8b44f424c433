using System.Net;
using RehabApi.Tests.Infrastructure;
using static RehabApi.Tests.Infrastructure.JourneySteps;

namespace RehabApi.Tests.Episodes;

public sealed class RegressionTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());
    private JourneySteps Steps => new(api);

    [Fact]
    public async Task RegressingVoidsTheEvidenceOfThePhasesItStepsBackOver()
    {
        var episode = await Steps.NewEpisodeAsync();
        await Steps.ReachAsync(episode.Id, "mobility");
        await api.SignAsync(episode.Id, "full-pain-free-range-of-motion", RehabClient.Therapist, Day(2, 12));

        var regressed = await RehabClient.ReadAsync<RehabApi.Episodes.EpisodeResponse>(
            await api.TransitionAsync(episode.Id, "regress", RehabClient.Therapist, Day(2, 13), reason: "next-day-pain"), HttpStatusCode.OK);
        Assert.Equal(("full-weight-bearing", Day(2, 13)), (regressed.Phase, regressed.PhaseEnteredAt));

        // The gait clearance and pain score of the earlier stay in full weight-bearing no longer count.
        Assert.Equal(["normal-gait", "pain-free-weight-bearing"], await api.BlockedAdvanceAsync(episode.Id, Day(2, 14)));
        await api.SignAsync(episode.Id, "normal-gait", RehabClient.Therapist, Day(2, 15));
        await api.ObserveAsync(episode.Id, "fracture-site-pain", 0, Day(2, 15));
        await api.AdvanceAsync(episode.Id, Day(2, 16));

        // Nor does the range-of-motion clearance signed in mobility before the regression.
        Assert.Equal(["full-pain-free-range-of-motion"], await api.BlockedAdvanceAsync(episode.Id, Day(2, 17)));

        var regress = Assert.Single((await api.GetHistoryAsync(episode.Id)).Items, i => i.Action == "regress");
        Assert.Equal(("mobility", "full-weight-bearing", "next-day-pain"), (regress.FromPhase, regress.ToPhase, regress.Reason));
    }

    [Fact]
    public async Task ARegressionCanGoBackSeveralPhasesButNeverForwardOrFromTheFirstPhase()
    {
        var episode = await Steps.NewEpisodeAsync();
        var fromFirst = await api.TransitionAsync(episode.Id, "regress", RehabClient.Physician, Day(1, 20), reason: "re-injury");
        await RehabClient.ProblemAsync(fromFirst, HttpStatusCode.Conflict);

        await Steps.ReachAsync(episode.Id, "partial-weight-bearing");
        var forward = await api.TransitionAsync(episode.Id, "regress", RehabClient.Physician, Day(2, 5), toPhase: "mobility", reason: "re-injury");
        var problem = await RehabClient.ProblemAsync(forward, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["toPhase"]);

        var back = await RehabClient.ReadAsync<RehabApi.Episodes.EpisodeResponse>(
            await api.TransitionAsync(episode.Id, "regress", RehabClient.Physician, Day(2, 5), toPhase: "non-weight-bearing", reason: "re-injury"),
            HttpStatusCode.OK);
        Assert.Equal("non-weight-bearing", back.Phase);

        // Back in non-weight-bearing, the planned weeks run again from the regression.
        var gate = await api.GetGateAsync(episode.Id);
        var time = gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!;
        Assert.Equal("2026-03-05", (string)time["earliestDate"]!);
    }

    [Fact]
    public async Task AnAdvanceCannotBeDatedBeforeEvidenceAlreadyRecorded()
    {
        var episode = await Steps.NewEpisodeAsync();
        await api.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist, Day(2, 10));

        // Four weeks had passed by 2 February, but the clearance only took effect on 10 February: an advance dated
        // before it is refused outright, rather than judged on a clearance that did not yet stand.
        var problem = await RehabClient.ProblemAsync(
            await api.TransitionAsync(episode.Id, "advance", RehabClient.Physician, Day(2, 9)), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("effectiveAt"));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(episode.Id, Day(2, 10, 13))).Phase);
    }

    [Fact]
    public async Task ARegressionKeepsAHoldInPlace()
    {
        var episode = await Steps.NewEpisodeAsync();
        await Steps.ReachAsync(episode.Id, "full-weight-bearing");
        await RehabClient.ReadAsync<object>(
            await api.TransitionAsync(episode.Id, "hold", RehabClient.Therapist, Day(2, 11), reason: "clinical-review"), HttpStatusCode.OK);

        var regressed = await RehabClient.ReadAsync<RehabApi.Episodes.EpisodeResponse>(
            await api.TransitionAsync(episode.Id, "regress", RehabClient.Physician, Day(2, 12), reason: "fracture-site-pain"), HttpStatusCode.OK);

        Assert.Equal(("partial-weight-bearing", "on-hold", "clinical-review"), (regressed.Phase, regressed.Status, regressed.Hold?.Reason));
    }
}
