using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RehabApi.Domain;
using RehabApi.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RehabApi.Tests.ClinicianConsole;

/// <summary>The clinicians' console in a real headless Chromium against the real service: what a therapist does in the
/// morning, and what the console must refuse. Each test owns its clinic.</summary>
public sealed class ConsoleTests(ConsoleBrowser browser) : IClassFixture<ConsoleBrowser>
{
    private static readonly DateTimeOffset InFullWeightBearing = JourneySteps.Day(2, 11);

    [Fact]
    public async Task TherapistFindsReadyPatientsInTheCaseloadRecordsTheMissingClearanceAndAdvances()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var therapistKey = await browser.KeyAsync(slug, Roles.Therapist, "Sam Stride");
        // Fixed references (the clinic is this test's own), so that the screenshots only change when the pages do.
        var ready = await EpisodeInFullWeightBearingAsync(api, "MRN-1001", exactRef: true);
        await api.SignAsync(ready.Id, "normal-gait", RehabClient.Therapist, InFullWeightBearing);
        var missingGait = await EpisodeInFullWeightBearingAsync(api, "MRN-1002", exactRef: true);
        var justDiagnosed = await NewEpisodeAsync(api, "MRN-1003", diagnosedOn: Dates.Today.AddDays(-10), exactRef: true);
        var held = await NewEpisodeAsync(api, "MRN-1004", exactRef: true);
        Assert.Equal(HttpStatusCode.OK, (await api.TransitionAsync(held.Id, "hold", RehabClient.Therapist, reason: "clinical-review")).StatusCode);

        await using var context = await browser.NewContextAsync();
        var signIn = await context.NewPageAsync();
        await signIn.GotoAsync("/console/sign-in");
        await ConsoleBrowser.AssertAccessibleAsync(signIn);
        var page = await ConsoleBrowser.SignInAsync(context, therapistKey);
        // The session cookie holds no key, and no script can read it.
        var session = (await context.CookiesAsync()).Single(c => c.Name == "rehab-console");
        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, session.SameSite);
        Assert.DoesNotContain(therapistKey, session.Value);
        // Patient data stays out of a shared tablet's cache, and no other site may frame a sign-off.
        var headers = (await page.ReloadAsync())!.Headers;
        Assert.Contains("no-store", headers["cache-control"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "State" }).GetByRole(AriaRole.Link, new() { Name = "Ready to advance" }).ClickAsync();
        await Expect(Row(page, ready.Ref)).ToContainTextAsync("Ready to advance");
        await Expect(Row(page, missingGait.Ref)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Link, new() { Name = "Any state" }).ClickAsync();
        await Expect(Row(page, missingGait.Ref)).ToContainTextAsync("Blocked by 1 requirement");
        await Expect(Row(page, justDiagnosed.Ref)).ToContainTextAsync("(soonest ");
        await Expect(Row(page, held.Ref)).ToContainTextAsync("On hold: clinical-review");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = ConsoleBrowser.ScreenshotPath("caseload"), FullPage = true });

        await Row(page, missingGait.Ref).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Patient {missingGait.Ref}" })).ToBeVisibleAsync();
        await Expect(page.Locator("#gate li.unmet")).ToHaveAttributeAsync("data-code", "normal-gait");
        await ConsoleBrowser.AssertAccessibleAsync(page);
        await page.ScreenshotAsync(new() { Path = ConsoleBrowser.ScreenshotPath("episode"), FullPage = true });
        await page.Locator("#timeline").ScreenshotAsync(new() { Path = ConsoleBrowser.ScreenshotPath("timeline") });

        await page.GetByLabel("Clearance").SelectOptionAsync("normal-gait");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record clearance" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Clearance recorded.");
        await Expect(page.Locator("#gate li.unmet")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Advance to Mobility" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Advanced to Mobility.");

        Assert.Equal("mobility", (await api.GetEpisodeAsync(missingGait.Id)).Phase);
        var history = (await api.GetHistoryAsync(missingGait.Id)).Items;
        var clearance = history.Single(i => i.Kind == "clearance" && i.Type == "normal-gait");
        // Signed by the clinician whose key signed in, in their own name.
        Assert.Equal(("Sam Stride", Roles.Therapist), (clearance.RecordedBy.ClinicianName, clearance.RecordedBy.ClinicianRole));
        Assert.Equal(Roles.Therapist, history.Last(i => i.Kind == "transition").RecordedBy.CallerRole);
    }

    [Fact]
    public async Task BlockedAdvanceShowsItsUnmetCodesAndDatesInThePageAndChangesNothing()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await NewEpisodeAsync(api, "NEW", diagnosedOn: Dates.Today.AddDays(-7));
        var gate = await api.GetGateAsync(episode.Id);
        var earliest = (string)gate["requirements"]!.AsArray().Single(r => (string?)r!["code"] == "min-non-weight-bearing-time")!["earliestDate"]!;

        await using var context = await browser.NewContextAsync();
        var page = await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(slug, Roles.Physician, "Dr Ada Bone"));
        await page.GotoAsync($"/console/episodes/{episode.Id}");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Advance to Imaging confirmation" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.Conflict, answer.Status);
        await Expect(page.Locator("#unmet")).ToContainTextAsync("min-non-weight-bearing-time");
        await Expect(page.Locator("#unmet")).ToContainTextAsync("no-pain-at-rest");
        await Expect(page.Locator("#unmet")).ToContainTextAsync($"earliest {earliest}");
        Assert.Equal("non-weight-bearing", (await api.GetEpisodeAsync(episode.Id)).Phase);
        await ConsoleBrowser.AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task TherapistIsNotOfferedPhysicianOnlySignOffsAndForgedPostsWriteNothing()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await NewEpisodeAsync(api, "PWB");
        await new JourneySteps(api).ReachAsync(episode.Id, "partial-weight-bearing");

        await using var context = await browser.NewContextAsync();
        var page = await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(slug, Roles.Therapist, "Sam Stride"));
        await page.GotoAsync($"/console/episodes/{episode.Id}");
        var offered = await page.GetByLabel("Clearance").Locator("option").AllTextContentsAsync();
        Assert.Contains("normal-gait", offered);
        Assert.DoesNotContain("full-weight-bearing-approved", offered);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record imaging" })).ToHaveCountAsync(0);

        // The therapist's own session and antiforgery token, but a physician's sign-off typed in by hand: the API's rule refuses it.
        var form = page.Locator("form:has(#clearance-type)");
        var token = await form.Locator("input[name=__RequestVerificationToken]").InputValueAsync();
        var version = await form.Locator("input[name=version]").InputValueAsync();
        var url = $"/console/episodes/{episode.Id}?handler=Clearance";
        var forged = await page.APIRequest.PostAsync(url, new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("version", version)
                .Set("type", "full-weight-bearing-approved"),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, forged.Status);
        // A post without the page's antiforgery token (another site's form, say) is refused before anything runs.
        var tokenless = await page.APIRequest.PostAsync(url, new()
        {
            Form = page.APIRequest.CreateFormData().Set("version", version).Set("type", "normal-gait"),
        });
        Assert.Equal((int)HttpStatusCode.BadRequest, tokenless.Status);

        var clearances = (await api.GetHistoryAsync(episode.Id)).Items.Where(i => i.Kind == "clearance").ToList();
        Assert.DoesNotContain(clearances, c => c.Type is "normal-gait" or "full-weight-bearing-approved" || c.RecordedBy.CallerRole == Roles.Therapist);
    }

    [Fact]
    public async Task TheConsoleSessionIsNoApiKey()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await NewEpisodeAsync(api, "SESSION");
        await using var context = await browser.NewContextAsync();
        await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(slug, Roles.Physician, "Dr Ada Bone"));
        var session = (await context.CookiesAsync()).Single(c => c.Name == "rehab-console");

        // A signed-in physician's session cookie, sent by hand (the browser keeps it to /console): it opens the console's
        // page of the episode, but the API knows no caller by it, so it gets neither a read nor a sign-off out of the API.
        using var http = new HttpClient { BaseAddress = browser.Service.Address };
        http.DefaultRequestHeaders.Add("Cookie", $"{session.Name}={session.Value}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/console/episodes/{episode.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"/api/v1/episodes/{episode.Id}")).StatusCode);
        var signOff = await http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/clearances", new { type = "no-pain-at-rest" });
        Assert.Equal(HttpStatusCode.Unauthorized, signOff.StatusCode);
        Assert.DoesNotContain((await api.GetHistoryAsync(episode.Id)).Items, i => i.Kind == "clearance");
    }

    [Fact]
    public async Task AClinicAdminReadsTheEpisodeButIsOfferedNoActionAndCanPostNone()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await EpisodeInFullWeightBearingAsync(api, "ADMIN");

        await using var context = await browser.NewContextAsync();
        var page = await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(slug, Roles.ClinicAdmin, "Clinic office"));
        await page.GotoAsync($"/console/episodes/{episode.Id}");
        await Expect(page.Locator("#gate li")).Not.ToHaveCountAsync(0);
        await Expect(page.Locator("main form")).ToHaveCountAsync(0);

        var token = await page.Locator("header input[name=__RequestVerificationToken]").InputValueAsync();
        var posted = await page.APIRequest.PostAsync($"/console/episodes/{episode.Id}?handler=Clearance", new()
        {
            Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("version", "1").Set("type", "normal-gait"),
        });
        Assert.Equal((int)HttpStatusCode.Forbidden, posted.Status);
        Assert.DoesNotContain((await api.GetHistoryAsync(episode.Id)).Items, i => i.Type == "normal-gait");
    }

    [Fact]
    public async Task AnOpenPainReportShowsInTheCaseloadAndATherapistResolvesItWithANote()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await EpisodeInFullWeightBearingAsync(api, "PAIN");
        await api.SignAsync(episode.Id, "normal-gait", RehabClient.Therapist, InFullWeightBearing);
        var report = await api.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/symptoms",
            new { date = Dates.Today, painAtRest = 0, painWithActivity = 3 });
        Assert.Equal(HttpStatusCode.Created, report.StatusCode);

        await using var context = await browser.NewContextAsync();
        var page = await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(slug, Roles.Therapist, "Sam Stride"));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "State" }).GetByRole(AriaRole.Link, new() { Name = "Open pain report" }).ClickAsync();
        // The open report blocks the gate that was otherwise met (and the pain itself counts against pain-free weight-bearing).
        await Expect(Row(page, episode.Ref)).ToContainTextAsync("Blocked by");
        await Expect(Row(page, episode.Ref)).ToContainTextAsync("Open pain report");

        await Row(page, episode.Ref).GetByRole(AriaRole.Link).ClickAsync();
        await Expect(page.Locator("#gate li.unmet[data-code=no-open-pain-reports]")).ToHaveCountAsync(1);
        await page.GetByLabel("What was decided").FillAsync("Pain settled after one day of reduced load; continue.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Pain report resolved.");
        await Expect(page.GetByText("No open pain report.")).ToBeVisibleAsync();
        await Expect(page.Locator("#gate li.met[data-code=no-open-pain-reports]")).ToHaveCountAsync(1);

        var resolution = (await api.GetHistoryAsync(episode.Id)).Items.Single(i => i.Kind == "pain-report-resolution");
        Assert.Equal(("Sam Stride", "Pain settled after one day of reduced load; continue."), (resolution.RecordedBy.ClinicianName, resolution.Note));
    }

    [Fact]
    public async Task AKeyFromAnotherClinicSeesNoneOfThisClinic()
    {
        var (_, api) = await browser.NewClinicAsync();
        var episode = await EpisodeInFullWeightBearingAsync(api, "MINE");
        var (otherSlug, otherApi) = await browser.NewClinicAsync();
        var theirs = await NewEpisodeAsync(otherApi, "THEIRS");

        await using var context = await browser.NewContextAsync();
        var page = await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(otherSlug, Roles.Physician, "Dr Elsewhere"));
        await Expect(Row(page, theirs.Ref)).ToHaveCountAsync(1);
        await Expect(page.GetByText(episode.Ref)).ToHaveCountAsync(0);
        var answer = await page.GotoAsync($"/console/episodes/{episode.Id}");
        Assert.Equal((int)HttpStatusCode.NotFound, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Episode not found" })).ToBeVisibleAsync();
        await Expect(page.GetByText(episode.Ref)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TheConsoleIsNotPartOfTheApiDocumentAndAnswersNothingWithoutASession()
    {
        var document = await browser.Service.CreateClient(apiKey: null).GetStringAsync("/openapi/v1.json");
        Assert.DoesNotContain("/console", document);

        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var caseload = await page.APIRequest.GetAsync("/console", new() { MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, caseload.Status);
        Assert.StartsWith("/console/sign-in", new Uri(caseload.Headers["location"]).PathAndQuery);
        // An API key in the header opens no console page: only a signed-in session does.
        var withHeader = await page.APIRequest.GetAsync("/console", new()
        {
            MaxRedirects = 0,
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = await browser.KeyAsync((await browser.NewClinicAsync()).Slug, Roles.Physician, "Dr Header") },
        });
        Assert.Equal((int)HttpStatusCode.Redirect, withHeader.Status);
    }

    [Fact]
    public async Task RevokingTheKeyEndsItsSessionOnTheNextRequest()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await NewEpisodeAsync(api, "REVOKED");
        var key = await browser.KeyAsync(slug, Roles.Therapist, "Sam Stride");
        await using var context = await browser.NewContextAsync();
        var page = await ConsoleBrowser.SignInAsync(context, key);
        await Expect(Row(page, episode.Ref)).ToHaveCountAsync(1);

        await browser.RevokeAsync(key);

        // The revocation reaches this instance's key cache by a database notification: the next request after it signs out.
        await Eventually.UntilAsync(async () =>
        {
            await page.GotoAsync("/console");
            return page.Url.Contains("/console/sign-in", StringComparison.Ordinal);
        }, "the revoked key's session to end");
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "rehab-console");
        await Expect(page.GetByText(episode.Ref)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task TwoTabsChangingOneEpisodeGiveTheSecondTheConflictPage()
    {
        var (slug, api) = await browser.NewClinicAsync();
        var episode = await EpisodeInFullWeightBearingAsync(api, "TABS");
        await api.SignAsync(episode.Id, "normal-gait", RehabClient.Therapist, InFullWeightBearing);

        await using var context = await browser.NewContextAsync();
        var first = await ConsoleBrowser.SignInAsync(context, await browser.KeyAsync(slug, Roles.Therapist, "Sam Stride"));
        var second = await context.NewPageAsync();
        await first.GotoAsync($"/console/episodes/{episode.Id}");
        await second.GotoAsync($"/console/episodes/{episode.Id}");

        await first.GetByRole(AriaRole.Button, new() { Name = "Advance to Mobility" }).ClickAsync();
        await Expect(first.GetByRole(AriaRole.Status)).ToHaveTextAsync("Advanced to Mobility.");

        // The second tab still shows full weight-bearing: its sign-off would be recorded against a phase the patient has left.
        await second.GetByLabel("Clearance").SelectOptionAsync("full-pain-free-range-of-motion");
        var answer = await second.RunAndWaitForResponseAsync(
            () => second.GetByRole(AriaRole.Button, new() { Name = "Record clearance" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal((int)HttpStatusCode.PreconditionFailed, answer.Status);
        await Expect(second.GetByRole(AriaRole.Heading, new() { Name = "Changed since you opened it" })).ToBeVisibleAsync();
        await Expect(second.GetByRole(AriaRole.Alert)).ToContainTextAsync("nothing was recorded");
        // The fresh state: the first tab's advance.
        await Expect(second.Locator("#gate-heading")).ToHaveTextAsync("Gate to Strengthening");
        await ConsoleBrowser.AssertAccessibleAsync(second);
        Assert.DoesNotContain((await api.GetHistoryAsync(episode.Id)).Items, i => i.Type == "full-pain-free-range-of-motion");
    }

    private static ILocator Row(IPage page, string patientRef) => page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = patientRef, Exact = true }) });

    private sealed record PatientEpisode(Guid Id, string Ref);

    private static async Task<PatientEpisode> NewEpisodeAsync(RehabClient api, string prefix, DateOnly? diagnosedOn = null, bool exactRef = false)
    {
        var patientRef = exactRef ? prefix : $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";
        var patient = await api.CreatePatientAsync(patientRef);
        var episode = await api.CreateEpisodeForAsync(patient.Id, diagnosedOn ?? JourneySteps.Diagnosed);
        return new PatientEpisode(episode.Id, patientRef);
    }

    /// <summary>An episode in full weight-bearing with a pain-free score recorded: only normal gait (a therapist's) is missing.</summary>
    private static async Task<PatientEpisode> EpisodeInFullWeightBearingAsync(RehabClient api, string prefix, bool exactRef = false)
    {
        var episode = await NewEpisodeAsync(api, prefix, exactRef: exactRef);
        await new JourneySteps(api).ReachAsync(episode.Id, "full-weight-bearing");
        await api.ObserveAsync(episode.Id, "fracture-site-pain", 0, InFullWeightBearing);
        return episode;
    }
}
