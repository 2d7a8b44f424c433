using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Episodes;
using RehabApi.Patients;
using RehabApi.Tests.Infrastructure;
using static RehabApi.Tests.Infrastructure.JourneySteps;

namespace RehabApi.Tests.Episodes;

/// <summary>Protocol version 2 over HTTP, with dates worked out by hand (PROTOCOL.md): the MRI grade and site set the
/// weeks, imaging is a safety event, a surgical referral restarts every clock when it is lifted, a re-injury restarts the
/// non-weight-bearing start and the injury date, and bone health is assessed for everyone. Today is 1 June 2026.</summary>
public sealed class ProtocolVersion2Tests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());
    private JourneySteps Steps => new(api);

    [Fact]
    public async Task AGradeFourFemoralShaftFractureTakesEightWeeksOffTheLegFourteenBeforeImpactAndTwentyBeforeDischarge()
    {
        // Diagnosed Monday 5 January: 8 weeks is 2 March, 14 weeks 13 April, 20 weeks 25 May.
        var episode = await api.CreateEpisodeAsync(Diagnosed, "femoral-shaft", new { mriGrade = 4 });
        Assert.Equal((2, 4, 8, 14, 20, Diagnosed),
            (episode.Protocol.Version, episode.MriGrade, episode.PlannedNonWeightBearingWeeks, episode.MinWeeksBeforeImpact, episode.MinWeeksBeforeDischarge, episode.InjuryOn));
        var id = episode.Id;

        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, Day(2, 20));
        Assert.Equal([("min-non-weight-bearing-time", "2026-03-02")], await UnmetAsync(id, Day(3, 1)));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, Day(3, 2, 13))).Phase);

        await api.ImageAsync(id, new DateOnly(2026, 3, 2), "healing", Day(3, 3));
        await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, Day(3, 3));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(id, Day(3, 3, 13))).Phase);

        // Seven days of partial weight-bearing from 3 March: 10 March.
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(3, 4));
        await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, Day(3, 4));
        Assert.Equal([("min-partial-weight-bearing-time", "2026-03-10")], await UnmetAsync(id, Day(3, 9)));
        Assert.Equal("full-weight-bearing", (await api.AdvanceAsync(id, Day(3, 10, 13))).Phase);

        await api.SignAsync(id, "normal-gait", RehabClient.Therapist, Day(3, 11));
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(3, 11));
        Assert.Equal("mobility", (await api.AdvanceAsync(id, Day(3, 11, 13))).Phase);
        await api.SignAsync(id, "full-pain-free-range-of-motion", RehabClient.Therapist, Day(3, 12));
        Assert.Equal("strengthening", (await api.AdvanceAsync(id, Day(3, 12, 13))).Phase);

        // Fourteen weeks, not twelve: on 12 April (15 weeks minus a day) only the time is missing.
        await api.ObserveAsync(id, "hip-abductor-strength-lsi", 85, Day(4, 10));
        await api.ObserveAsync(id, "pain-free-walk-minutes", 30, Day(4, 10));
        await api.SignAsync(id, "ready-to-run-tests-passed", RehabClient.Therapist, Day(4, 10));
        Assert.Equal([("bone-health-assessed", null), ("impact-approved", null), ("min-time-before-impact", "2026-04-13")],
            await UnmetAsync(id, Day(4, 10, 13)));
        // A first femoral shaft fracture with every other factor low scores 1: no review is asked.
        await Steps.RecordLowRiskBoneHealthAsync(id, Day(4, 11));
        await api.SignAsync(id, "impact-approved", RehabClient.Physician, Day(4, 11));
        Assert.Equal([("min-time-before-impact", "2026-04-13")], await UnmetAsync(id, Day(4, 12, 23)));
        Assert.Equal("return-to-impact", (await api.AdvanceAsync(id, Day(4, 13, 13))).Phase);

        // Twenty weeks: 25 May. The ladder from 14 April, 25 sessions two days apart, ends on 1 June (+48 days).
        Assert.Equal([("continuous-run", "2026-05-31"), ("discharge-approved", null), ("min-time-before-discharge", "2026-05-25")],
            await UnmetAsync(id, Day(4, 13, 14)));
        foreach (var i in Enumerable.Range(0, 25))
            await api.RunAsync(id, new DateOnly(2026, 4, 14).AddDays(2 * i), LadderSessions[i].Step);
        // At a low-risk site a therapist may discharge.
        await api.SignAsync(id, "discharge-approved", RehabClient.Therapist);
        var discharged = await api.AdvanceAsync(id, actor: RehabClient.Therapist);
        Assert.Equal(("discharged", "closed"), (discharged.Phase, discharged.Status));
    }

    [Fact]
    public async Task GradeFourPushesTheProjectedDatesOut()
    {
        // Both diagnosed today, 1 June. Grade 2: 4 weeks (29 Jun), 12 weeks (24 Aug), then the ladder's 48 days: 11 Oct at
        // the earliest. Grade 4: 8 weeks (27 Jul), 14 weeks (7 Sep) + 48 days = 25 Oct; 20 weeks (19 Oct) comes first.
        var gradeTwo = await TimelineAsync((await api.CreateEpisodeAsync(Dates.Today, "femoral-shaft", new { mriGrade = 2 })).Id);
        var gradeFour = await TimelineAsync((await api.CreateEpisodeAsync(Dates.Today, "femoral-shaft", new { mriGrade = 4 })).Id);

        Assert.Equal(("2026-06-29", "2026-06-29"), Exit(gradeTwo, "non-weight-bearing"));
        Assert.Equal(("2026-07-27", "2026-07-27"), Exit(gradeFour, "non-weight-bearing"));
        // Expected: strengthening left 21 days after its expected entry (7 Sep), the ladder 48 days after that.
        Assert.Equal(("2026-09-07", "2026-09-28"), Exit(gradeFour, "strengthening"));
        Assert.Equal(("2026-10-11", "2026-10-18"), Discharge(gradeTwo));
        Assert.Equal(("2026-10-25", "2026-11-15"), Discharge(gradeFour));
    }

    [Fact]
    public async Task ACompressionSideFemoralNeckNeedsItsNeckWidthAndFiftyFivePercentIsReferredToASurgeon()
    {
        var patient = await api.CreatePatientAsync();
        var without = await api.Http.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/episodes",
            new { site = "femoral-neck-compression", side = "right", diagnosedOn = Dates.Today });
        var problem = await RehabClient.ProblemAsync(without, HttpStatusCode.BadRequest);
        Assert.Equal(["neckWidthPercent"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Empty((await api.Http.GetFromJsonAsync<EpisodePage>($"/api/v1/episodes?patientId={patient.Id}", RehabClient.Json))!.Items);

        var referred = await api.CreateEpisodeForAsync(patient.Id, Dates.Today, "femoral-neck-compression", new { neckWidthPercent = 55 });
        Assert.Equal(("non-weight-bearing", "on-hold", "surgical-referral"), (referred.Phase, referred.Status, referred.Hold?.Reason));
        Assert.Contains("50% of the neck width", Assert.Single((await api.GetHistoryAsync(referred.Id)).Items).Note);

        // Anywhere else the neck width means nothing, and is refused.
        var elsewhere = await api.Http.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/episodes",
            new { site = "pubic-ramus", side = "right", diagnosedOn = Dates.Today, neckWidthPercent = 10 });
        Assert.NotNull((await RehabClient.ProblemAsync(elsewhere, HttpStatusCode.BadRequest))["errors"]!["neckWidthPercent"]);
    }

    [Fact]
    public async Task ADisplacementInFullWeightBearingRefersToASurgeonAndLiftingItWithTheFixationDateRestartsEveryClock()
    {
        var id = (await Steps.NewEpisodeAsync()).Id;
        await Steps.ReachAsync(id, "full-weight-bearing");   // entered 10 February; imaged healing on 3 February

        await api.ImageAsync(id, new DateOnly(2026, 2, 20), "displacement", Day(2, 20));
        var held = await api.GetEpisodeAsync(id);
        Assert.Equal(("full-weight-bearing", "on-hold", "surgical-referral"), (held.Phase, held.Status, held.Hold?.Reason));
        var plan = await PlanAsync(id);
        Assert.Contains("Keep all weight off the injured leg", (string)plan["weightBearing"]!);
        Assert.Empty(plan["exercises"]!.AsArray());
        Assert.Equal(["two crutches"], plan["aids"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("contact your clinic today", (string)plan["summary"]!);
        Assert.Contains("lift the referral", (string)plan["stillNeeded"]![0]!["text"]!);

        // Only a physician lifts it, with the fixation date of 25 February.
        await RehabClient.ProblemAsync(await api.TransitionAsync(id, "resume", RehabClient.Therapist, Day(3, 2)), HttpStatusCode.Forbidden);
        var withAdvance = await api.Http.PostAsJsonAsync($"/api/v1/episodes/{id}/transitions",
            new { action = "advance", effectiveAt = Day(3, 2), nonWeightBearingSince = "2026-02-25", onBehalfOf = RehabClient.Physician });
        Assert.NotNull((await RehabClient.ProblemAsync(withAdvance, HttpStatusCode.BadRequest))["errors"]!["nonWeightBearingSince"]);
        var early = await ResumeAsync(id, Day(3, 2), "2026-02-19");
        Assert.NotNull((await RehabClient.ProblemAsync(early, HttpStatusCode.BadRequest))["errors"]!["nonWeightBearingSince"]);
        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(await ResumeAsync(id, Day(3, 2), "2026-02-25"), HttpStatusCode.OK);

        var fixation = new DateOnly(2026, 2, 25);
        Assert.Equal(("non-weight-bearing", "active", fixation, fixation), (resumed.Phase, resumed.Status, resumed.NonWeightBearingSince, resumed.InjuryOn));
        Assert.Equal(fixation.At(0), resumed.PhaseEnteredAt);
        var resume = (await api.GetHistoryAsync(id)).Items.Last(i => i.Kind == "transition");
        Assert.Equal(("resume", "surgical-referral", "full-weight-bearing", "non-weight-bearing"), (resume.Action, resume.Reason, resume.FromPhase, resume.ToPhase));

        // Four planned weeks from the fixation: 25 March. The no-pain-at-rest of 2 February is void.
        Assert.Equal([("min-non-weight-bearing-time", "2026-03-25"), ("no-pain-at-rest", null)], await UnmetAsync(id, Day(3, 3)));
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, Day(3, 24));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, Day(3, 25, 13))).Phase);

        // Imaging counts from 25 February + 28 days = 25 March: neither the healing of 3 February nor a study on 20 March does.
        await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, Day(3, 26));
        await api.ImageAsync(id, new DateOnly(2026, 3, 20), "healing", Day(3, 26));
        Assert.Equal([("imaging-shows-healing", "2026-03-25")], await UnmetAsync(id, Day(3, 26, 13)));
        await api.ImageAsync(id, new DateOnly(2026, 3, 26), "healing", Day(3, 27));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(id, Day(3, 27, 13))).Phase);

        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(3, 28));
        await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, Day(3, 28));
        Assert.Equal("full-weight-bearing", (await api.AdvanceAsync(id, Day(4, 3, 13))).Phase);
        await api.SignAsync(id, "normal-gait", RehabClient.Therapist, Day(4, 4));
        await api.ObserveAsync(id, "fracture-site-pain", 0, Day(4, 4));
        Assert.Equal("mobility", (await api.AdvanceAsync(id, Day(4, 4, 13))).Phase);
        await api.SignAsync(id, "full-pain-free-range-of-motion", RehabClient.Therapist, Day(4, 5));
        Assert.Equal("strengthening", (await api.AdvanceAsync(id, Day(4, 5, 13))).Phase);

        // Twelve weeks from the fixation, not from the diagnosis (30 March): 20 May.
        Assert.Contains(("min-time-before-impact", "2026-05-20"), await UnmetAsync(id, Day(4, 6)));
    }

    [Fact]
    public async Task AProgressionInReturnToImpactPutsThePatientBackOnCrutchesUntilAPhysicianResumes()
    {
        var episode = await Steps.NewEpisodeAsync();
        await Steps.ReachAsync(episode.Id, "return-to-impact");   // entered 30 March

        await api.ImageAsync(episode.Id, new DateOnly(2026, 4, 10), "progression", Day(4, 10));

        var held = await api.GetEpisodeAsync(episode.Id);
        Assert.Equal(("return-to-impact", "on-hold", "imaging-progression"), (held.Phase, held.Status, held.Hold?.Reason));
        var plan = await PlanAsync(episode.Id, await factory.PatientAppAsync(episode.PatientId));
        Assert.Equal(("imaging-progression", true), ((string)plan["notice"]!["code"]!, (bool)plan["notice"]!["suspendsPlan"]!));
        Assert.Equal(["two crutches"], plan["aids"]!.AsArray().Select(a => (string)a!));
        Assert.Contains("crutches", (string)plan["weightBearing"]!);
        Assert.Null(plan["walkRun"]);
        Assert.Equal(["Seated upper-body weights", "Arm bike"], plan["exercises"]!.AsArray().Select(e => (string)e!["name"]!));
        Assert.DoesNotContain(plan["allowed"]!.AsArray(), a => ((string)a!).Contains("walk–run", StringComparison.OrdinalIgnoreCase));

        await RehabClient.ProblemAsync(await api.TransitionAsync(episode.Id, "resume", RehabClient.Therapist, Day(4, 12)), HttpStatusCode.Forbidden);
        Assert.Equal("imaging-progression", (await api.GetEpisodeAsync(episode.Id)).Hold?.Reason);
        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(
            await api.TransitionAsync(episode.Id, "resume", RehabClient.Physician, Day(4, 12)), HttpStatusCode.OK);
        Assert.Equal(("return-to-impact", "active"), (resumed.Phase, resumed.Status));
    }

    [Fact]
    public async Task AReInjuryFromStrengtheningRestartsTheClocksAndTheOldImagingNoLongerCounts()
    {
        var id = (await Steps.NewEpisodeAsync()).Id;
        await Steps.ReachAsync(id, "strengthening");   // imaged healing on 3 February

        var regressed = await RehabClient.ReadAsync<EpisodeResponse>(
            await api.TransitionAsync(id, "regress", RehabClient.Therapist, Day(3, 1), "non-weight-bearing", "re-injury"), HttpStatusCode.OK);
        var reinjured = new DateOnly(2026, 3, 1);
        Assert.Equal(("non-weight-bearing", reinjured, reinjured, Diagnosed),
            (regressed.Phase, regressed.NonWeightBearingSince, regressed.InjuryOn, regressed.DiagnosedOn));

        // Four weeks from 1 March: 29 March; imaging from then on too.
        Assert.Equal([("min-non-weight-bearing-time", "2026-03-29"), ("no-pain-at-rest", null)], await UnmetAsync(id, Day(3, 2)));
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, Day(3, 28));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, Day(3, 29, 13))).Phase);
        await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, Day(3, 30));
        Assert.Equal([("imaging-shows-healing", "2026-03-29")], await UnmetAsync(id, Day(3, 30, 13)));

        await api.ImageAsync(id, new DateOnly(2026, 3, 30), "healing", Day(3, 31));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(id, Day(3, 31, 13))).Phase);
        // Twelve weeks before impact from the re-injury: 24 May; sixteen before discharge: 21 June.
        Assert.Equal(reinjured, (await api.GetEpisodeAsync(id)).InjuryOn);
    }

    [Fact]
    public async Task OnVersion1AReInjuryKeepsTheClocksAndTheOldImagingStillCounts()
    {
        var id = (await factory.CreateVersion1EpisodeAsync(api, Diagnosed)).Id;
        await Steps.ReachAsync(id, "strengthening");
        // Version 1's gate into impact asks no bone-health assessment and no healing on MRI or CT.
        var codes = (await api.GetGateAsync(id))["requirements"]!.AsArray().Select(r => (string)r!["code"]!).ToList();
        Assert.DoesNotContain("bone-health-assessed", codes);
        Assert.DoesNotContain("healing-confirmed-before-impact", codes);

        var regressed = await RehabClient.ReadAsync<EpisodeResponse>(
            await api.TransitionAsync(id, "regress", RehabClient.Therapist, Day(3, 1), "non-weight-bearing", "re-injury"), HttpStatusCode.OK);
        Assert.Equal((1, Diagnosed, Diagnosed), (regressed.Protocol.Version, regressed.NonWeightBearingSince, regressed.InjuryOn));
        // Version 1 too waits four weeks from re-entering non-weight-bearing...
        Assert.Equal([("min-non-weight-bearing-time", "2026-03-29"), ("no-pain-at-rest", null)], await UnmetAsync(id, Day(3, 2)));
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, Day(3, 28));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, Day(3, 29, 13))).Phase);
        // ...but lets the healing imaged on 3 February, before the re-injury, count.
        await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, Day(3, 30));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(id, Day(3, 30, 13))).Phase);
    }

    [Fact]
    public async Task OnVersion1LiftingASurgicalReferralKeepsThePhaseAndTakesNoDate()
    {
        var id = (await factory.CreateVersion1EpisodeAsync(api, Diagnosed, "femoral-neck-tension")).Id;
        Assert.Equal("surgical-referral", (await api.GetEpisodeAsync(id)).Hold?.Reason);

        var dated = await ResumeAsync(id, Day(2, 1), "2026-01-20");
        Assert.NotNull((await RehabClient.ProblemAsync(dated, HttpStatusCode.BadRequest))["errors"]!["nonWeightBearingSince"]);
        var resumed = await RehabClient.ReadAsync<EpisodeResponse>(
            await api.TransitionAsync(id, "resume", RehabClient.Physician, Day(2, 1)), HttpStatusCode.OK);
        Assert.Equal(("non-weight-bearing", "active", Diagnosed, Diagnosed.At(0)),
            (resumed.Phase, resumed.Status, resumed.NonWeightBearingSince, resumed.PhaseEnteredAt));
    }

    [Fact]
    public async Task AMalePatientsAssessmentRefusesTheMenstrualHistoryAndIsLeftToThePhysicianWhoMustReviewIt()
    {
        var created = await api.Http.PostAsJsonAsync("/api/v1/patients", new { externalRef = $"MRN-{Guid.NewGuid():N}", sex = "male" });
        var patient = await RehabClient.ReadAsync<PatientResponse>(created, HttpStatusCode.Created);
        var episode = await api.CreateEpisodeForAsync(patient.Id, Diagnosed, "femoral-shaft");
        await Steps.ReachAsync(episode.Id, "strengthening");
        Assert.False(await MetAsync(episode.Id, "bone-health-assessed"));

        var withMenarche = await PostAssessmentAsync(episode.Id,
            """{"dietaryRestriction": "none", "bmi": 17, "menarcheAgeYears": 13, "bmdZScore": 0, "priorBoneStressInjuries": 0}""");
        Assert.Equal(["menarcheAgeYears"], (await RehabClient.ProblemAsync(withMenarche, HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(e => e.Key));
        Assert.False(await MetAsync(episode.Id, "bone-health-assessed"));

        // A BMI of 17 scores 2 beyond the first femoral shaft fracture (1): 3, a factor beyond the fracture.
        var recorded = await RehabClient.ReadAsync<JsonObject>(await PostAssessmentAsync(episode.Id,
            """{"dietaryRestriction": "none", "bmi": 17, "bmdZScore": 0, "priorBoneStressInjuries": 0}"""), HttpStatusCode.Created);
        Assert.Equal(("physician-judgement", 3, true),
            ((string)recorded["clearanceLevel"]!, (int)recorded["score"]!, (bool)recorded["boneHealthReviewRequired"]!));
        Assert.True(await MetAsync(episode.Id, "bone-health-assessed"));
        Assert.False(await MetAsync(episode.Id, "bone-health-reviewed"));
        await api.SignAsync(episode.Id, "bone-health-reviewed", RehabClient.Physician);
        Assert.True(await MetAsync(episode.Id, "bone-health-reviewed"));
    }

    [Fact]
    public async Task ASacrumWithoutASideIsToldNothingAboutALegOrASide()
    {
        var episode = await api.CreateEpisodeAsync(Dates.Today, "sacrum", new { side = "not-applicable" });
        var plan = await PlanAsync(episode.Id);
        var text = plan.ToJsonString();
        Assert.DoesNotContain(" leg", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("-leg", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("side", text.Replace("\"side\"", ""), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("pelvis", (string)plan["weightBearing"]!);
    }

    /// <summary>The unmet requirements of a refused advance dated <paramref name="at"/>, in code order, each with its
    /// earliest date when it has one.</summary>
    private async Task<(string Code, string? EarliestDate)[]> UnmetAsync(Guid id, DateTimeOffset at)
    {
        var problem = await RehabClient.ProblemAsync(await api.TransitionAsync(id, "advance", RehabClient.Physician, at), HttpStatusCode.Conflict);
        return problem["unmet"]!.AsArray().Select(u => ((string)u!["code"]!, (string?)u["earliestDate"])).OrderBy(u => u.Item1).ToArray();
    }

    private Task<HttpResponseMessage> ResumeAsync(Guid id, DateTimeOffset at, string nonWeightBearingSince) =>
        api.Http.PostAsJsonAsync($"/api/v1/episodes/{id}/transitions",
            new { action = "resume", effectiveAt = at, nonWeightBearingSince, onBehalfOf = RehabClient.Physician });

    private Task<HttpResponseMessage> PostAssessmentAsync(Guid id, string factors)
    {
        var body = JsonNode.Parse(factors)!.AsObject();
        body["onBehalfOf"] = JsonNode.Parse(PatientApp.BoneHealthSteps.PhysicianJson);
        return api.PostJsonAsync($"/episodes/{id}/bone-health", body.ToJsonString());
    }

    private async Task<bool> MetAsync(Guid id, string code) =>
        (bool)(await api.GetGateAsync(id))["requirements"]!.AsArray().Single(r => (string)r!["code"]! == code)!["met"]!;

    private async Task<JsonObject> PlanAsync(Guid id, RehabClient? reader = null) =>
        await RehabClient.ReadAsync<JsonObject>(await (reader ?? api).Http.GetAsync($"/api/v1/episodes/{id}/plan"), HttpStatusCode.OK);

    private async Task<JsonObject> TimelineAsync(Guid id) =>
        await RehabClient.ReadAsync<JsonObject>(await api.Http.GetAsync($"/api/v1/episodes/{id}/timeline"), HttpStatusCode.OK);

    private static (string?, string?) Exit(JsonObject timeline, string phase)
    {
        var p = timeline["phases"]!.AsArray().Single(p => (string)p!["phase"]! == phase)!;
        return ((string?)p["earliestExit"], (string?)p["expectedExit"]);
    }

    private static (string?, string?) Discharge(JsonObject timeline) =>
        ((string?)timeline["projectedDischargeEarliest"], (string?)timeline["projectedDischargeExpected"]);
}
