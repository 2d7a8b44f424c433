using System.Net;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.PatientApp;

/// <summary>The timeline of an episode against dates computed by hand from the protocol: time rules (4 weeks off
/// the leg, imaging from day 28, 7 days of partial weight-bearing, 12 weeks before impact, 16 before discharge, and
/// the walk–run ladder's 25 sessions on alternate days, 48 days) and typical durations (the planned weeks off the leg,
/// then 7, 14, 14, 7, 21, 42 days).
/// Today is 1 June 2026.</summary>
public sealed class TimelineTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());

    [Fact]
    public async Task AFreshEpisodeProjectsEveryPhaseFromTheProtocolsTimeRulesAndTypicalDurations()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 6, 1));

        var timeline = await TimelineAsync(episode.Id);

        // phase: earliest entry, expected entry, earliest exit, expected exit
        // Expected off the leg for the planned 4 weeks, not a fixed 6: +28 d both.
        AssertPhase(timeline, "non-weight-bearing", "current", null, null, "2026-06-29", "2026-06-29");
        AssertPhase(timeline, "imaging-confirmation", "upcoming", "2026-06-29", "2026-06-29", "2026-06-29", "2026-07-06"); // imaging from day 28; +7
        AssertPhase(timeline, "partial-weight-bearing", "upcoming", "2026-06-29", "2026-07-06", "2026-07-06", "2026-07-20"); // +7 d; +14
        AssertPhase(timeline, "full-weight-bearing", "upcoming", "2026-07-06", "2026-07-20", "2026-07-06", "2026-08-03");   // +14
        AssertPhase(timeline, "mobility", "upcoming", "2026-07-06", "2026-08-03", "2026-07-06", "2026-08-10");              // +7
        AssertPhase(timeline, "strengthening", "upcoming", "2026-07-06", "2026-08-10", "2026-08-24", "2026-08-31");         // 12 weeks = 24 Aug; +21
        // The ladder's 48 days outlast both 16 weeks (21 Sep) and the typical 42 days: 24 Aug + 48; 31 Aug + 48.
        AssertPhase(timeline, "return-to-impact", "upcoming", "2026-08-24", "2026-08-31", "2026-10-11", "2026-10-18");
        AssertPhase(timeline, "discharged", "upcoming", "2026-10-11", "2026-10-18", null, null);
        Assert.Equal(("2026-10-11", "2026-10-18"), ((string)timeline["projectedDischargeEarliest"]!, (string)timeline["projectedDischargeExpected"]!));
        Assert.Equal("2026-06-01", (string)Phase(timeline, "non-weight-bearing")["enteredOn"]!);
    }

    [Fact]
    public async Task ARegressionPushesTheDatesOut()
    {
        // Diagnosed 5 January; full weight-bearing since 10 February, so its typical 14 days are long past.
        var journey = new JourneySteps(clinic);
        var episode = await journey.NewEpisodeAsync();
        await journey.ReachAsync(episode.Id, "full-weight-bearing");
        var before = await TimelineAsync(episode.Id);
        // Leaves full weight-bearing today (1 Jun); mobility +7 = 8 Jun; strengthening +21 = 29 Jun; the ladder +48 = 16 Aug.
        Assert.Equal("2026-08-16", (string)before["projectedDischargeExpected"]!);

        var regressed = await clinic.TransitionAsync(episode.Id, "regress", RehabClient.Physician, reason: "fracture-site-pain");
        Assert.Equal(HttpStatusCode.OK, regressed.StatusCode);
        var after = await TimelineAsync(episode.Id);

        // Back in partial weight-bearing from 1 Jun: 7 days at least (8 Jun), 14 expected (15 Jun); then 14, 7, 21 days,
        // and the ladder's 48 (8 Jun + 48 = 26 Jul at the earliest, 27 Jul + 48 = 13 Sep as expected).
        AssertPhase(after, "partial-weight-bearing", "current", null, null, "2026-06-08", "2026-06-15");
        AssertPhase(after, "full-weight-bearing", "upcoming", "2026-06-08", "2026-06-15", "2026-06-08", "2026-06-29");
        AssertPhase(after, "strengthening", "upcoming", "2026-06-08", "2026-07-06", "2026-06-08", "2026-07-27");
        AssertPhase(after, "return-to-impact", "upcoming", "2026-06-08", "2026-07-27", "2026-07-26", "2026-09-13");
        Assert.Equal("2026-09-13", (string)after["projectedDischargeExpected"]!);
        // What already happened stays as it happened.
        var nonWeightBearing = Phase(after, "non-weight-bearing");
        Assert.Equal(("completed", "2026-01-05", "2026-02-02"),
            ((string)nonWeightBearing["state"]!, (string)nonWeightBearing["enteredOn"]!, (string)nonWeightBearing["leftOn"]!));
        Assert.Equal("2026-06-01", (string)Phase(after, "partial-weight-bearing")["enteredOn"]!);
    }

    private static void AssertPhase(JsonObject timeline, string phase, string state,
        string? earliestEntry, string? expectedEntry, string? earliestExit, string? expectedExit)
    {
        var p = Phase(timeline, phase);
        Assert.Equal((phase, state, earliestEntry, expectedEntry, earliestExit, expectedExit),
            (phase, (string)p["state"]!, (string?)p["earliestEntry"], (string?)p["expectedEntry"], (string?)p["earliestExit"], (string?)p["expectedExit"]));
    }

    private static JsonObject Phase(JsonObject timeline, string phase) =>
        timeline["phases"]!.AsArray().Single(p => (string)p!["phase"]! == phase)!.AsObject();

    private async Task<JsonObject> TimelineAsync(Guid episode) =>
        await RehabClient.ReadAsync<JsonObject>(await clinic.Http.GetAsync($"/api/v1/episodes/{episode}/timeline"), HttpStatusCode.OK);
}
