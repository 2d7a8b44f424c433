using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Symptoms;

/// <summary>A patient reports fracture-site pain from their app once the bone is loaded: every gate stops
/// until a clinician regresses the episode or resolves the pain report with a note.</summary>
public sealed class PainReportTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());

    [Fact]
    public async Task PainReportedInPartialWeightBearingBlocksTheGateUntilATherapistResolvesItWithANote()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        Assert.True((bool)(await clinic.GetGateAsync(episode))["canAdvance"]!);

        var report = await ReportAsync(app, episode, painWithActivity: 3);
        Assert.True((bool)report["opensPainReport"]!);
        Assert.Equal(["no-open-pain-reports", "pain-free-weight-bearing"], await clinic.BlockedAdvanceAsync(episode));
        var unmet = (await clinic.GetGateAsync(episode))["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "no-open-pain-reports")!;
        Assert.False((bool)unmet["met"]!);

        var therapist = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride")));
        var reportId = (Guid)report["id"]!;
        var resolved = await therapist.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/pain-reports/{reportId}/resolution",
            new { note = "Soreness after a long walk; settled with rest. Continue as planned." });
        Assert.Equal(HttpStatusCode.Created, resolved.StatusCode);

        // The patient's 3 is still the latest pain measure until a clinician scores the pain again.
        Assert.Equal(["pain-free-weight-bearing"], await clinic.BlockedAdvanceAsync(episode));
        factory.Clock.Advance(TimeSpan.FromMinutes(5));
        await clinic.ObserveAsync(episode, "fracture-site-pain", 0);
        Assert.Equal("full-weight-bearing", (await clinic.AdvanceAsync(episode)).Phase);
        var kinds = (await clinic.GetHistoryAsync(episode)).Items.Select(i => i.Kind).ToList();
        Assert.Contains("symptom-report", kinds);
        Assert.Contains("pain-report-resolution", kinds);
        var listed = Assert.Single((await PainReportsAsync(episode))["items"]!.AsArray());
        Assert.Equal(("acknowledged", false), ((string)listed!["resolution"]!, (bool)listed["open"]!));
    }

    [Fact]
    public async Task RegressingTheEpisodeResolvesEveryOpenPainReport()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        await ReportAsync(app, episode, painAtRest: 2);
        await ReportAsync(app, episode, painWithActivity: 4);

        var regressed = await clinic.TransitionAsync(episode, "regress", RehabClient.Physician, reason: "fracture-site-pain");
        Assert.Equal(HttpStatusCode.OK, regressed.StatusCode);

        var reports = (await PainReportsAsync(episode))["items"]!.AsArray();
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.Equal(("regressed", false), ((string)r!["resolution"]!, (bool)r["open"]!)));
        var gate = await clinic.GetGateAsync(episode);
        Assert.Equal("imaging-confirmation", (string)gate["phase"]!);
        Assert.DoesNotContain(gate["requirements"]!.AsArray(), r => (string)r!["code"]! == "no-open-pain-reports" && !(bool)r["met"]!);
    }

    [Fact]
    public async Task PainWithActivityWhileStillOffTheLegOpensNoPainReport()
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var app = await factory.PatientAppAsync(episode.PatientId);
        var report = await ReportAsync(app, episode.Id, painWithActivity: 3);

        Assert.False((bool)report["opensPainReport"]!);
        await clinic.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        Assert.Equal("imaging-confirmation", (await clinic.AdvanceAsync(episode.Id)).Phase);
    }

    [Fact]
    public async Task NoPainOpensNoPainReport()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        Assert.False((bool)(await ReportAsync(app, episode))["opensPainReport"]!);
        Assert.Equal("full-weight-bearing", (await clinic.AdvanceAsync(episode)).Phase);
    }

    [Fact]
    public async Task AResolutionNeedsANoteAClinicianAndAnOpenReport()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        var reportId = (Guid)(await ReportAsync(app, episode, painAtRest: 1))["id"]!;
        var path = $"/api/v1/episodes/{episode}/pain-reports/{reportId}/resolution";
        var withNote = new { note = "Reviewed by phone.", onBehalfOf = RehabClient.Therapist };

        var noNote = await clinic.Http.PostAsJsonAsync(path, new { note = " ", onBehalfOf = RehabClient.Therapist });
        Assert.True((await RehabClient.ProblemAsync(noNote, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("note"));
        await RehabClient.ProblemAsync(await app.Http.PostAsJsonAsync(path, new { note = "I feel fine" }), HttpStatusCode.Forbidden);
        await RehabClient.ProblemAsync(await clinic.Http.PostAsJsonAsync(
            $"/api/v1/episodes/{episode}/pain-reports/{Guid.NewGuid()}/resolution", withNote), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.Created, (await clinic.Http.PostAsJsonAsync(path, withNote)).StatusCode);
        await RehabClient.ProblemAsync(await clinic.Http.PostAsJsonAsync(path, withNote), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task APainReportOfAClosedEpisodeCannotBeResolved()
    {
        var (episode, app) = await ReadyToLeavePartialWeightBearingAsync();
        var reportId = (Guid)(await ReportAsync(app, episode, painWithActivity: 2))["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await clinic.TransitionAsync(episode, "withdraw", RehabClient.Physician)).StatusCode);

        var resolved = await clinic.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/pain-reports/{reportId}/resolution",
            new { note = "Seen.", onBehalfOf = RehabClient.Therapist });

        await RehabClient.ProblemAsync(resolved, HttpStatusCode.Conflict);
        Assert.DoesNotContain((await clinic.GetHistoryAsync(episode)).Items, i => i.Kind == "pain-report-resolution");
    }

    [Theory]
    [InlineData("""{"date": "2026-06-02", "painAtRest": 0, "painWithActivity": 0}""", "date")]
    [InlineData("""{"date": "2025-01-01", "painAtRest": 0, "painWithActivity": 0}""", "date")]
    [InlineData("""{"date": "2026-05-30", "painAtRest": 11, "painWithActivity": 0}""", "painAtRest")]
    [InlineData("""{"date": "2026-05-30", "painAtRest": 0}""", "painWithActivity")]
    [InlineData("""{"date": "2026-05-30", "painAtRest": 0, "painWithActivity": 0, "mood": "good"}""", "mood")]
    public async Task ABadSymptomReportIs400AndRecordsNothing(string body, string field)
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var app = await factory.PatientAppAsync(episode.PatientId);

        var problem = await RehabClient.ProblemAsync(await app.PostJsonAsync($"/episodes/{episode.Id}/symptoms", body), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        Assert.Single((await clinic.GetHistoryAsync(episode.Id)).Items);
    }

    [Fact]
    public async Task APatientsAppCannotReportOnAnotherPatientsEpisode()
    {
        var other = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var app = await factory.PatientAppAsync((await clinic.CreatePatientAsync()).Id);
        var response = await app.PostJsonAsync($"/episodes/{other.Id}/symptoms", """{"date": "2026-05-30", "painAtRest": 0, "painWithActivity": 0}""");
        await RehabClient.ProblemAsync(response, HttpStatusCode.NotFound);
    }

    /// <summary>An episode in partial weight-bearing with its gate met, and the patient's app.</summary>
    private async Task<(Guid Episode, RehabClient App)> ReadyToLeavePartialWeightBearingAsync()
    {
        var episode = await new JourneySteps(clinic).ReadyToLeavePartialWeightBearingAsync();
        return (episode.Id, await factory.PatientAppAsync(episode.PatientId));
    }

    private static async Task<JsonObject> ReportAsync(RehabClient app, Guid episode, int painAtRest = 0, int painWithActivity = 0)
    {
        var response = await app.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/symptoms",
            new { date = Dates.Today, painAtRest, painWithActivity, usingCrutches = false, exercisesDone = true });
        return await RehabClient.ReadAsync<JsonObject>(response, HttpStatusCode.Created);
    }

    private async Task<JsonObject> PainReportsAsync(Guid episode) =>
        await RehabClient.ReadAsync<JsonObject>(await clinic.Http.GetAsync($"/api/v1/episodes/{episode}/pain-reports"), HttpStatusCode.OK);
}
