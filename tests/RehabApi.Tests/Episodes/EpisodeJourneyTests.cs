using System.Net;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Episodes;

/// <summary>One femoral neck stress fracture walked from diagnosis to discharge over HTTP on protocol version 2, with
/// every gate first refused (listing exactly what is unmet) and then passed once the evidence is there.</summary>
public sealed class EpisodeJourneyTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());
    private static readonly DateOnly Diagnosed = new(2026, 1, 5);

    private static DateTimeOffset Day(int month, int day, int hour = 12) => new DateOnly(2026, month, day).At(hour);

    [Fact]
    public async Task AnEpisodeWalksFromDiagnosisToDischargeOnlyThroughClearedGates()
    {
        // A compression-side fracture line of a fifth of the neck: non-operative. No MRI grade: grade 3 at a high-risk site.
        var episode = await api.CreateEpisodeAsync(Diagnosed, site: "femoral-neck-compression", new { neckWidthPercent = 20 });
        Assert.Equal(("non-weight-bearing", "active", 6), (episode.Phase, episode.Status, episode.PlannedNonWeightBearingWeeks));
        Assert.Equal((2, 12, 16, Diagnosed), (episode.Protocol.Version, episode.MinWeeksBeforeImpact, episode.MinWeeksBeforeDischarge, episode.InjuryOn));
        var id = episode.Id;

        // Non-weight-bearing: six weeks at a high-risk site, and no pain at rest.
        Assert.Equal(["min-non-weight-bearing-time", "no-pain-at-rest"], await api.BlockedAdvanceAsync(id, Day(1, 10)));
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, Day(2, 10));
        Assert.Equal(["min-non-weight-bearing-time"], await api.BlockedAdvanceAsync(id, Day(2, 12)));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, Day(2, 16))).Phase);

        // Imaging confirmation: a study before week 4 does not count; a later healing study does.
        Assert.Equal(["imaging-shows-healing", "partial-weight-bearing-approved"], await api.BlockedAdvanceAsync(id, Day(2, 17)));
        await api.ImageAsync(id, new DateOnly(2026, 1, 20), "healing", Day(2, 17));
        await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, Day(2, 17));
        Assert.Equal(["imaging-shows-healing"], await api.BlockedAdvanceAsync(id, Day(2, 17, 13)));
        await api.ImageAsync(id, new DateOnly(2026, 2, 18), "healing", Day(2, 18));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(id, Day(2, 19))).Phase);

        // Partial weight-bearing: a week, pain-free, and a physician's approval.
        Assert.Equal(["full-weight-bearing-approved", "min-partial-weight-bearing-time", "pain-free-weight-bearing"],
            await api.BlockedAdvanceAsync(id, Day(2, 20)));
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(2, 21));
        await api.ObserveAsync(id, "fracture-site-pain", 2, Day(2, 24));
        await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 25));
        Assert.Equal(["min-partial-weight-bearing-time", "pain-free-weight-bearing"], await api.BlockedAdvanceAsync(id, Day(2, 25, 13)));
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(2, 25, 14));
        Assert.Equal("full-weight-bearing", (await api.AdvanceAsync(id, Day(2, 26))).Phase);

        // Full weight-bearing: the pain score of the previous phase does not carry over.
        Assert.Equal(["normal-gait", "pain-free-weight-bearing"], await api.BlockedAdvanceAsync(id, Day(2, 27)));
        await api.SignAsync(id, "normal-gait", RehabClient.Therapist, Day(3, 1));
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(3, 1));
        Assert.Equal("mobility", (await api.AdvanceAsync(id, Day(3, 2), RehabClient.Therapist)).Phase);

        // Mobility.
        Assert.Equal(["full-pain-free-range-of-motion"], await api.BlockedAdvanceAsync(id, Day(3, 3)));
        await api.SignAsync(id, "full-pain-free-range-of-motion", RehabClient.Therapist, Day(3, 5));
        Assert.Equal("strengthening", (await api.AdvanceAsync(id, Day(3, 6))).Phase);

        // Strengthening: twelve weeks since diagnosis, symmetry, a walk, tests, a bone-health assessment, healing on MRI
        // or CT since strengthening began (a high-risk site), impact approval. Before any assessment no review is asked.
        Assert.Equal(["bone-health-assessed", "healing-confirmed-before-impact", "impact-approved", "min-time-before-impact", "pain-free-walk",
                      "ready-to-run-tests-passed", "strength-symmetry"], await api.BlockedAdvanceAsync(id, Day(3, 10)));
        await api.ObserveAsync(id, "hip-abductor-strength-lsi", 85, Day(3, 12));
        await api.ObserveAsync(id, "hip-abductor-strength-lsi", 75, Day(3, 19));
        await api.ObserveAsync(id, "pain-free-walk-minutes", 35, Day(3, 20));
        await api.SignAsync(id, "ready-to-run-tests-passed", RehabClient.Therapist, Day(3, 20));
        // The femoral neck is trabecular: the fracture alone scores 2, which asks for a physician's review.
        await new JourneySteps(api).RecordLowRiskBoneHealthAsync(id, Day(3, 21));
        Assert.Contains("bone-health-reviewed", await api.BlockedAdvanceAsync(id, Day(3, 21, 13)));
        await api.SignAsync(id, "bone-health-reviewed", RehabClient.Physician, Day(3, 21));
        await api.ImageAsync(id, new DateOnly(2026, 3, 20), "healing", Day(3, 21));
        await api.SignAsync(id, "impact-approved", RehabClient.Physician, Day(3, 21));
        Assert.Equal(["min-time-before-impact", "strength-symmetry"], await api.BlockedAdvanceAsync(id, Day(3, 22)));
        await api.ObserveAsync(id, "hip-abductor-strength-lsi", 82, Day(3, 26));
        Assert.Equal(["min-time-before-impact"], await api.BlockedAdvanceAsync(id, Day(3, 29)));
        Assert.Equal("return-to-impact", (await api.AdvanceAsync(id, Day(3, 30))).Phase);

        // Return to impact: sixteen weeks, the walk–run ladder climbed on alternate days, discharge approval. A
        // 30-minute continuous run recorded as an observation does not stand in for the ladder.
        Assert.Equal(["continuous-run", "discharge-approved", "min-time-before-discharge"], await api.BlockedAdvanceAsync(id, Day(4, 1)));
        await api.ObserveAsync(id, "continuous-run-minutes", 30, Day(4, 10));
        // At a high-risk site a physician discharges (version 2): a therapist's sign-off is refused.
        await RehabClient.ProblemAsync(await api.PostClearanceAsync(id, "discharge-approved", RehabClient.Therapist, Day(4, 20)), HttpStatusCode.Forbidden);
        await api.SignAsync(id, "discharge-approved", RehabClient.Physician, Day(4, 20));
        Assert.Equal(["continuous-run", "min-time-before-discharge"], await api.BlockedAdvanceAsync(id, Day(4, 21)));
        Assert.Equal(["continuous-run"], await api.BlockedAdvanceAsync(id));
        foreach (var (date, step) in JourneySteps.LadderSessions) await api.RunAsync(id, date, step);
        // Sessions take effect when recorded (now), so the discharge is now too.
        var discharged = await api.AdvanceAsync(id);
        Assert.Equal(("discharged", "closed"), (discharged.Phase, discharged.Status));

        // A closed episode takes nothing more.
        var problem = await RehabClient.ProblemAsync(await api.TransitionAsync(id, "advance", RehabClient.Physician), HttpStatusCode.Conflict);
        Assert.Null(problem["unmet"]);
        await RehabClient.ProblemAsync(await api.PostClearanceAsync(id, "discharge-approved", RehabClient.Physician), HttpStatusCode.Conflict);

        // History keeps every step in order, each with who recorded it and the protocol version.
        var history = await api.GetHistoryAsync(id);
        var phases = history.Items.Where(i => i.Kind == "transition").Select(i => i.ToPhase!).ToArray();
        Assert.Equal(["non-weight-bearing", "imaging-confirmation", "partial-weight-bearing", "full-weight-bearing",
                      "mobility", "strengthening", "return-to-impact", "discharged"], phases);
        Assert.Equal(history.Items.OrderBy(i => i.EffectiveAt).Select(i => i.Id), history.Items.Select(i => i.Id));
        Assert.All(history.Items, i => Assert.Equal(("hip-bsi", 2), (i.Protocol.Key, i.Protocol.Version)));
        var impact = Assert.Single(history.Items, i => i.Type == "impact-approved");
        Assert.Equal(("Dr Ada Bone", "physician", "clinic-system"), (impact.RecordedBy.ClinicianName, impact.RecordedBy.ClinicianRole, impact.RecordedBy.CallerRole));
        Assert.Equal(Day(3, 21), impact.EffectiveAt);
        Assert.Equal(RehabApiFactory.Now, impact.RecordedAt);
    }

    [Fact]
    public async Task TheGateEndpointGivesTheSameVerdictAsTheAdvanceWithEarliestDates()
    {
        var diagnosed = Dates.Today.AddDays(-7);
        var episode = await api.CreateEpisodeAsync(diagnosed, site: "femoral-neck-compression", new { neckWidthPercent = 20 });

        var gate = await api.GetGateAsync(episode.Id);
        Assert.Equal(("non-weight-bearing", "imaging-confirmation", false),
            ((string)gate["phase"]!, (string)gate["nextPhase"]!, (bool)gate["canAdvance"]!));
        var time = gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!;
        Assert.False((bool)time["met"]!);
        Assert.Equal(diagnosed.AddDays(42).ToString("yyyy-MM-dd"), (string)time["earliestDate"]!);

        var unmetAtGate = gate["requirements"]!.AsArray().Where(r => !(bool)r!["met"]!).Select(r => (string)r!["code"]!).Order();
        Assert.Equal(unmetAtGate, await api.BlockedAdvanceAsync(episode.Id));
    }

    [Fact]
    public async Task ABackdatedAdvanceCannotSlipInBehindALaterPainScore()
    {
        var steps = new JourneySteps(api);
        var id = (await steps.NewEpisodeAsync()).Id;
        await steps.ReachAsync(id, "partial-weight-bearing");   // entered 3 February
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(2, 11));
        await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 11));
        // Later the pain came back, and the approval was signed again.
        await api.ObserveAsync(id, "fracture-site-pain", 6, Day(2, 20));
        await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 20));

        // Now the latest pain score, 6, holds the patient back...
        Assert.Equal(["pain-free-weight-bearing"], await api.BlockedAdvanceAsync(id, Day(2, 21)));
        // ...and although on 12 February the latest score was 0, an advance dated then would be slipped in behind
        // the pain recorded since: it is refused, and the patient stays where they are.
        var problem = await RehabClient.ProblemAsync(
            await api.TransitionAsync(id, "advance", RehabClient.Physician, Day(2, 12)), HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]!.AsObject().ContainsKey("effectiveAt"));
        Assert.Equal("partial-weight-bearing", (await api.GetEpisodeAsync(id)).Phase);
    }

    [Fact]
    public async Task ALowRiskSiteDefaultsToFourWeeksAndNeedsNoBoneHealthReview()
    {
        var episode = await api.CreateEpisodeAsync(Dates.Today, site: "pubic-ramus");
        Assert.Equal(4, episode.PlannedNonWeightBearingWeeks);
        var gate = await api.GetGateAsync(episode.Id);
        var time = gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!;
        Assert.Equal(Dates.Today.AddDays(28).ToString("yyyy-MM-dd"), (string)time["earliestDate"]!);
    }
}
