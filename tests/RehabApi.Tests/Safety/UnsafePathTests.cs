using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;
using static RehabApi.Tests.Infrastructure.JourneySteps;

namespace RehabApi.Tests.Safety;

/// <summary>Realistic sequences that once walked a patient past a gate (issue 14's findings): who signs,
/// pain the patient reported, late reports, and records dated behind what already stands.</summary>
public sealed class UnsafePathTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());

    private static readonly object ClinicAdminName = new { clinicianId = "adm-1", name = "Office manager", role = "clinic-admin" };

    [Fact]
    public async Task AClinicSystemCannotWithdrawForATherapistButMayAsItselfOrForAPhysician()
    {
        var forTherapist = await clinic.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        await RehabClient.ProblemAsync(
            await clinic.TransitionAsync(forTherapist.Id, "withdraw", RehabClient.Therapist), HttpStatusCode.Forbidden);
        Assert.Equal("active", (await clinic.GetEpisodeAsync(forTherapist.Id)).Status);

        var asItself = await clinic.Http.PostAsJsonAsync($"/api/v1/episodes/{forTherapist.Id}/transitions", new { action = "withdraw" });
        Assert.Equal(HttpStatusCode.OK, asItself.StatusCode);
        Assert.Equal("closed", (await clinic.GetEpisodeAsync(forTherapist.Id)).Status);

        var forPhysician = await clinic.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        Assert.Equal(HttpStatusCode.OK, (await clinic.TransitionAsync(forPhysician.Id, "withdraw", RehabClient.Physician)).StatusCode);
    }

    [Fact]
    public async Task AClinicAdminIsNeverTheClinicianAClinicSystemSignsFor()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 5, 1));

        var problem = await RehabClient.ProblemAsync(
            await clinic.PostClearanceAsync(episode.Id, "no-pain-at-rest", ClinicAdminName), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("onBehalfOf.role"), problem.ToJsonString());
        Assert.Single((await clinic.GetHistoryAsync(episode.Id)).Items);
    }

    [Fact]
    public async Task AClinicAdminCannotResolveAPainReportNorCanAClinicSystemForOne()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        var reportId = (Guid)(await ReportAsync(app, episode, Dates.Today, painWithActivity: 3))["id"]!;
        var path = $"/api/v1/episodes/{episode}/pain-reports/{reportId}/resolution";
        var admin = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "clinic-admin", "Office manager"));

        await RehabClient.ProblemAsync(await admin.PostAsJsonAsync(path, new { note = "Looks fine." }), HttpStatusCode.Forbidden);
        await RehabClient.ProblemAsync(
            await clinic.Http.PostAsJsonAsync(path, new { note = "Looks fine.", onBehalfOf = ClinicAdminName }), HttpStatusCode.BadRequest);

        Assert.Contains("no-open-pain-reports", await clinic.BlockedAdvanceAsync(episode));
    }

    [Fact]
    public async Task APatientsPainTodayOutweighsAClinicianPainFreeScoreFromWeeksAgo()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        var reportId = (Guid)(await ReportAsync(app, episode, Dates.Today, painWithActivity: 3))["id"]!;
        var therapist = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride"));
        Assert.Equal(HttpStatusCode.Created, (await therapist.PostAsJsonAsync(
            $"/api/v1/episodes/{episode}/pain-reports/{reportId}/resolution", new { note = "Discussed; keep to partial load." })).StatusCode);

        Assert.Equal(["pain-free-weight-bearing"], await clinic.BlockedAdvanceAsync(episode));

        // A clinician's pain-free score taken after the patient's report is the latest measure again.
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await clinic.ObserveAsync(episode, "fracture-site-pain", 0);
        Assert.Equal("full-weight-bearing", (await clinic.AdvanceAsync(episode)).Phase);
    }

    [Fact]
    public async Task APatientsOwnReportCountsAgainstPainFreeWeightBearingOnlyBesideAClinicianScore()
    {
        var journey = new JourneySteps(clinic);
        var episode = (await journey.NewEpisodeAsync()).Id;
        await journey.ReachAsync(episode, "partial-weight-bearing");
        var app = await factory.PatientAppAsync((await clinic.GetEpisodeAsync(episode)).PatientId);
        await clinic.SignAsync(episode, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 4));
        await ReportAsync(app, episode, Dates.Today);

        Assert.Equal(["pain-free-weight-bearing"], await clinic.BlockedAdvanceAsync(episode));
    }

    [Fact]
    public async Task ALateSymptomReportBelongsToThePhaseOfItsDate()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();

        var report = await ReportAsync(app, episode, new DateOnly(2026, 1, 20), painWithActivity: 3);

        Assert.Equal("non-weight-bearing", (string)report["phase"]!);
        // Pain with activity while still off the leg is not a warning sign; at rest it would be.
        Assert.False((bool)report["opensPainReport"]!);
        Assert.Equal("full-weight-bearing", (await clinic.AdvanceAsync(episode)).Phase);
    }

    [Fact]
    public async Task PainAtRestWhileOffTheLegOpensAPainReportThatBlocksTheGate()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var app = await factory.PatientAppAsync(episode.PatientId);

        var report = await ReportAsync(app, episode.Id, Dates.Today, painAtRest: 8);

        Assert.True((bool)report["opensPainReport"]!);
        await clinic.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        Assert.Contains("no-open-pain-reports", await clinic.BlockedAdvanceAsync(episode.Id));
    }

    [Fact]
    public async Task RestPainAtAHighRiskSiteIsARedFlagOnlyAPhysicianMayResolve()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1), "femoral-neck-compression", new { neckWidthPercent = 20 });
        var app = await factory.PatientAppAsync(episode.PatientId);
        var reportId = (Guid)(await ReportAsync(app, episode.Id, Dates.Today, painAtRest: 2))["id"]!;
        var path = $"/api/v1/episodes/{episode.Id}/pain-reports/{reportId}/resolution";

        await RehabClient.ProblemAsync(
            await clinic.Http.PostAsJsonAsync(path, new { note = "Settled.", onBehalfOf = RehabClient.Therapist }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Created, (await clinic.Http.PostAsJsonAsync(
            path, new { note = "Examined: no night pain; MRI booked.", onBehalfOf = RehabClient.Physician })).StatusCode);
    }

    [Fact]
    public async Task WhileAPainReportIsOpenThePlanTellsThePatientToGoBackToThePreviousLoad()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        await ReportAsync(app, episode, Dates.Today, painWithActivity: 4);

        var plan = await RehabClient.ReadAsync<JsonObject>(await app.Http.GetAsync($"/api/v1/episodes/{episode}/plan"), HttpStatusCode.OK);

        Assert.Equal("pain-report", (string)plan["notice"]!["kind"]!);
        Assert.Contains("clinic has been told", (string)plan["notice"]!["message"]!);
        // Back to the previous phase's load: no weight on the leg, as while the imaging was awaited.
        Assert.StartsWith("Do not put any weight on the injured leg", (string)plan["weightBearing"]!);
    }

    [Fact]
    public async Task AnAdvanceCannotBeDatedBehindAPainReportAndItsResolution()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        await clinic.ObserveAsync(episode, "fracture-site-pain", 0, Day(5, 20));
        var reportId = (Guid)(await ReportAsync(app, episode, Dates.Today, painAtRest: 2))["id"]!;
        Assert.Equal(HttpStatusCode.Created, (await clinic.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/pain-reports/{reportId}/resolution",
            new { note = "Reviewed.", onBehalfOf = RehabClient.Physician })).StatusCode);

        var problem = await RehabClient.ProblemAsync(
            await clinic.TransitionAsync(episode, "advance", RehabClient.Physician, Day(5, 25)), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey("effectiveAt"), problem.ToJsonString());
        Assert.Equal("partial-weight-bearing", (await clinic.GetEpisodeAsync(episode)).Phase);
    }

    [Fact]
    public async Task ARegressionCannotBeBackdatedBehindTheEvidenceItShouldVoid()
    {
        var journey = new JourneySteps(clinic);
        var episode = (await journey.NewEpisodeAsync()).Id;
        await journey.ReachAsync(episode, "full-weight-bearing");
        await clinic.ObserveAsync(episode, "fracture-site-pain", 0, Day(2, 11));
        await clinic.SignAsync(episode, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 11));

        var backdated = await clinic.TransitionAsync(episode, "regress", RehabClient.Physician,
            EnteredAt["full-weight-bearing"].AddMinutes(1), reason: "fracture-site-pain");
        Assert.True((await RehabClient.ProblemAsync(backdated, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("effectiveAt"));

        Assert.Equal(HttpStatusCode.OK,
            (await clinic.TransitionAsync(episode, "regress", RehabClient.Physician, reason: "fracture-site-pain")).StatusCode);
        Assert.Equal(["full-weight-bearing-approved", "min-partial-weight-bearing-time", "pain-free-weight-bearing"],
            await clinic.BlockedAdvanceAsync(episode));
    }

    [Fact]
    public async Task NonWeightBearingStartAndImagingCannotPredateTheDiagnosisByMoreThanTwoWeeks()
    {
        var problem = await CreateEpisodeProblemAsync(new { site = "femoral-neck-compression", side = "left", neckWidthPercent = 20,
            diagnosedOn = Dates.Today, nonWeightBearingSince = Dates.Today.AddDays(-60) });
        Assert.True(problem["errors"]!.AsObject().ContainsKey("nonWeightBearingSince"), problem.ToJsonString());

        var episode = await clinic.CreateEpisodeAsync(Dates.Today, "femoral-neck-compression",
            new { neckWidthPercent = 20, nonWeightBearingSince = Dates.Today.AddDays(-14) });
        var imaging = await clinic.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/imaging",
            new { modality = "mri", performedOn = Dates.Today.AddDays(-15), finding = "healing", onBehalfOf = RehabClient.Physician });
        Assert.True((await RehabClient.ProblemAsync(imaging, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("performedOn"));
        Assert.Single((await clinic.GetHistoryAsync(episode.Id)).Items);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("2021-05-31")]
    public async Task ADiagnosisMoreThanFiveYearsBackIsRefused(string diagnosedOn)
    {
        var problem = await CreateEpisodeProblemAsync(new { site = "pubic-ramus", side = "left", diagnosedOn });
        Assert.True(problem["errors"]!.AsObject().ContainsKey("diagnosedOn"), problem.ToJsonString());
    }

    [Theory]
    [InlineData("2026-05-31")]
    [InlineData("2026-05-31T10:00:00")]
    public async Task AnEffectiveTimeNeedsATimeAndAnOffset(string effectiveAt)
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 5, 1));

        var response = await clinic.PostJsonAsync($"/episodes/{episode.Id}/clearances",
            $$$"""{"type": "no-pain-at-rest", "effectiveAt": "{{{effectiveAt}}}", "onBehalfOf": {"clinicianId": "pt-1", "name": "Sam", "role": "therapist"}}""");

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsObject(), e => e.Key.Contains("effectiveAt", StringComparison.OrdinalIgnoreCase));
        Assert.Single((await clinic.GetHistoryAsync(episode.Id)).Items);
    }

    [Fact]
    public async Task AClinicianOwnKeyBackdatesAtMostThreeDaysAClinicSystemFurther()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var therapist = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride"));

        var tooFar = await therapist.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/observations",
            new { code = "fracture-site-pain", value = 0, effectiveAt = RehabApiFactory.Now.AddDays(-3).AddSeconds(-1) });
        Assert.True((await RehabClient.ProblemAsync(tooFar, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("effectiveAt"));

        var threeDays = await therapist.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/observations",
            new { code = "fracture-site-pain", value = 0, effectiveAt = RehabApiFactory.Now.AddDays(-3) });
        Assert.Equal(HttpStatusCode.Created, threeDays.StatusCode);
        await clinic.ObserveAsync(episode.Id, "fracture-site-pain", 0, RehabApiFactory.Now.AddDays(-20));
    }

    private async Task<JsonObject> CreateEpisodeProblemAsync(object body)
    {
        var patient = await clinic.CreatePatientAsync();
        return await RehabClient.ProblemAsync(
            await clinic.Http.PostAsJsonAsync($"/api/v1/patients/{patient.Id}/episodes", body), HttpStatusCode.BadRequest);
    }

    /// <summary>An episode in partial weight-bearing with its gate met, and the patient's app.</summary>
    private async Task<(Guid Episode, RehabClient App)> ReadyToLeavePartialWeightBearingAsync()
    {
        var episode = await new JourneySteps(clinic).ReadyToLeavePartialWeightBearingAsync();
        return (episode.Id, await factory.PatientAppAsync(episode.PatientId));
    }

    private static async Task<JsonObject> ReportAsync(RehabClient app, Guid episode, DateOnly date, int painAtRest = 0, int painWithActivity = 0)
    {
        var response = await app.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/symptoms",
            new { date, painAtRest, painWithActivity, usingCrutches = false, exercisesDone = true });
        return await RehabClient.ReadAsync<JsonObject>(response, HttpStatusCode.Created);
    }
}
