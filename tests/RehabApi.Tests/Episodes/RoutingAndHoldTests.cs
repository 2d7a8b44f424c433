using System.Net;
using RehabApi.Episodes;
using RehabApi.Tests.Infrastructure;
using static RehabApi.Tests.Infrastructure.JourneySteps;

namespace RehabApi.Tests.Episodes;

public sealed class RoutingAndHoldTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());
    private JourneySteps Steps => new(api);

    public static TheoryData<string, object?> SurgicalReferrals => new()
    {
        { "femoral-neck-tension", null },
        { "femoral-neck-compression", new { displaced = true, neckWidthPercent = 10 } },
        { "femoral-neck-compression", new { neckWidthPercent = 50 } },
    };

    [Theory]
    [MemberData(nameof(SurgicalReferrals))]
    public async Task AFractureAtRiskOfDisplacementStartsOnHoldForSurgicalReferral(string site, object? extra)
    {
        var episode = await api.CreateEpisodeAsync(Diagnosed, site, extra);

        Assert.Equal(("non-weight-bearing", "on-hold", "surgical-referral"), (episode.Phase, episode.Status, episode.Hold?.Reason));
        Assert.Contains("not-on-hold", await api.BlockedAdvanceAsync(episode.Id, Day(3, 1)));
        var created = Assert.Single((await api.GetHistoryAsync(episode.Id)).Items);
        Assert.Equal(("create", "surgical-referral"), (created.Action, created.Reason));
        Assert.Contains("surgical referral", created.Note);
    }

    [Fact]
    public async Task AFractureLineUnderHalfTheNeckWidthStartsActive()
    {
        var episode = await api.CreateEpisodeAsync(Diagnosed, "femoral-neck-compression", new { neckWidthPercent = 49.9 });
        Assert.Equal(("active", null), (episode.Status, episode.Hold));
    }

    [Fact]
    public async Task OnlyAPhysicianResumesASurgicalReferral()
    {
        var episode = await api.CreateEpisodeAsync(Diagnosed, "femoral-neck-tension");

        await RehabClient.ProblemAsync(await api.TransitionAsync(episode.Id, "resume", RehabClient.Therapist, Day(2, 1)), HttpStatusCode.Forbidden);
        Assert.Equal("on-hold", (await api.GetEpisodeAsync(episode.Id)).Status);

        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(
            await api.TransitionAsync(episode.Id, "resume", RehabClient.Physician, Day(2, 1)), HttpStatusCode.OK);
        Assert.Equal(("active", "non-weight-bearing"), (resumed.Status, resumed.Phase));
        Assert.Null(resumed.Hold);
    }

    [Fact]
    public async Task OnVersion1ImagingShowingDisplacementStopsEverythingInTheSameRequest()
    {
        var episode = await factory.CreateVersion1EpisodeAsync(api, Diagnosed);
        await Steps.ReachAsync(episode.Id, "imaging-confirmation");

        await api.ImageAsync(episode.Id, new DateOnly(2026, 2, 3), "displacement", Day(2, 3));

        var held = await api.GetEpisodeAsync(episode.Id);
        Assert.Equal(("on-hold", "displacement-risk"), (held.Status, held.Hold?.Reason));
        var hold = Assert.Single((await api.GetHistoryAsync(episode.Id)).Items, i => i.Action == "hold");
        Assert.Equal(("displacement-risk", Day(2, 3)), (hold.Reason, hold.EffectiveAt));
        await RehabClient.ProblemAsync(await api.TransitionAsync(episode.Id, "resume", RehabClient.Therapist, Day(2, 4)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OnVersion1ProgressionHoldsForReviewAndVoidsEarlierHealingUntilALaterStudyHeals()
    {
        var episode = await factory.CreateVersion1EpisodeAsync(api, Diagnosed);
        await Steps.ReachAsync(episode.Id, "imaging-confirmation");
        await api.SignAsync(episode.Id, "partial-weight-bearing-approved", RehabClient.Physician, Day(2, 3));
        await api.ImageAsync(episode.Id, new DateOnly(2026, 2, 3), "healing", Day(2, 3));
        await api.ImageAsync(episode.Id, new DateOnly(2026, 2, 6), "progression", Day(2, 6));
        Assert.Equal("clinical-review", (await api.GetEpisodeAsync(episode.Id)).Hold?.Reason);

        // A therapist may lift a clinical-review hold; the earlier healing still does not count.
        await RehabClient.ReadAsync<EpisodeResponse>(await api.TransitionAsync(episode.Id, "resume", RehabClient.Therapist, Day(2, 7)), HttpStatusCode.OK);
        Assert.Equal(["imaging-shows-healing"], await api.BlockedAdvanceAsync(episode.Id, Day(2, 8)));

        await api.ImageAsync(episode.Id, new DateOnly(2026, 2, 20), "healing", Day(2, 20));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(episode.Id, Day(2, 21))).Phase);
    }

    [Fact]
    public async Task AHoldNeedsAReasonAndAnActiveEpisode()
    {
        var episode = await Steps.NewEpisodeAsync();
        var noReason = await api.TransitionAsync(episode.Id, "hold", RehabClient.Therapist, Day(1, 10));
        Assert.NotNull((await RehabClient.ProblemAsync(noReason, HttpStatusCode.BadRequest))["errors"]!["reason"]);

        await RehabClient.ReadAsync<EpisodeResponse>(
            await api.TransitionAsync(episode.Id, "hold", RehabClient.Therapist, Day(1, 10), reason: "other"), HttpStatusCode.OK);
        await RehabClient.ProblemAsync(
            await api.TransitionAsync(episode.Id, "hold", RehabClient.Therapist, Day(1, 11), reason: "clinical-review"), HttpStatusCode.Conflict);
        Assert.Equal(2, (await api.GetHistoryAsync(episode.Id)).Items.Count);
    }
}
