using System.Net;
using System.Net.Http.Json;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>Who may sign what comes from the protocol (PROTOCOL.md), whether a clinician signs with their own
/// key or a clinic system signs in their name; and history records exactly who it was.</summary>
public sealed class SignOffRulesTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient system = new(factory.CreateClient());

    [Theory]
    [InlineData("therapist", "impact-approved", false)]
    [InlineData("therapist", "bone-health-reviewed", false)]
    [InlineData("therapist", "partial-weight-bearing-approved", false)]
    [InlineData("therapist", "normal-gait", true)]
    [InlineData("physician", "impact-approved", true)]
    [InlineData("physician", "normal-gait", false)]
    [InlineData("physician", "no-pain-at-rest", true)]
    public async Task AClinicianKeySignsOnlyWhatItsRoleMay(string role, string type, bool allowed)
    {
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var clinician = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, role, $"A {role}"));

        var response = await clinician.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/clearances", new { type });

        if (allowed) Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        else await RehabClient.ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(allowed ? 2 : 1, (await system.GetHistoryAsync(episode.Id)).Items.Count);
    }

    [Fact]
    public async Task AClinicSystemIsHeldToTheRulesOfTheClinicianItNames()
    {
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));

        var problem = await RehabClient.ProblemAsync(
            await system.PostClearanceAsync(episode.Id, "impact-approved", RehabClient.Therapist), HttpStatusCode.Forbidden);
        Assert.Contains("physician", (string)problem["detail"]!);
        var therapist = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride")));
        await RehabClient.ProblemAsync(await therapist.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/transitions",
            new { action = "withdraw" }), HttpStatusCode.Forbidden);
        // Without a named clinician a system records nothing clinical.
        foreach (var (path, body) in new (string, object)[]
                 {
                     ("clearances", new { type = "no-pain-at-rest" }),
                     ("observations", new { code = "fracture-site-pain", value = 0 }),
                     ("imaging", new { modality = "mri", performedOn = "2026-05-20", finding = "healing" }),
                     ("transitions", new { action = "hold", reason = "clinical-review" }),
                 })
        {
            var missing = await RehabClient.ProblemAsync(
                await system.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/{path}", body), HttpStatusCode.BadRequest);
            Assert.NotNull(missing["errors"]!["onBehalfOf"]);
        }
        Assert.Single((await system.GetHistoryAsync(episode.Id)).Items);
    }

    [Fact]
    public async Task AClinicianKeyMayNotClaimToActForSomeoneElse()
    {
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var therapist = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride"));

        var problem = await RehabClient.ProblemAsync(
            await therapist.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/clearances",
                new { type = "impact-approved", onBehalfOf = RehabClient.Physician }),
            HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["onBehalfOf"]);
    }

    [Fact]
    public async Task HistoryShowsTheKeyAndTheClinicianOfEveryWrite()
    {
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var therapistKey = await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride");
        var therapist = new RehabClient(factory.CreateClient(therapistKey));
        await therapist.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/clearances", new { type = "no-pain-at-rest" });
        await system.SignAsync(episode.Id, "partial-weight-bearing-approved", RehabClient.Physician);

        var items = (await system.GetHistoryAsync(episode.Id)).Items;
        var keyIdOf = (string key) => Guid.ParseExact(key.Split('_')[1], "N");

        var created = items.Single(i => i.Kind == "transition");
        Assert.Equal(("clinic-system", "Test EHR"), (created.RecordedBy.CallerRole, created.RecordedBy.CallerName));
        Assert.NotNull(created.RecordedBy.KeyId);

        var ownSignOff = items.Single(i => i.Type == "no-pain-at-rest").RecordedBy;
        Assert.Equal((keyIdOf(therapistKey), "therapist", "Sam Stride", "therapist", "Sam Stride"),
            (ownSignOff.KeyId!.Value, ownSignOff.CallerRole, ownSignOff.CallerName, ownSignOff.ClinicianRole, ownSignOff.ClinicianName));

        var onBehalf = items.Single(i => i.Type == "partial-weight-bearing-approved").RecordedBy;
        Assert.Equal((created.RecordedBy.KeyId, "clinic-system", "dr-1", "Dr Ada Bone", "physician"),
            (onBehalf.KeyId, onBehalf.CallerRole, onBehalf.ClinicianId, onBehalf.ClinicianName, onBehalf.ClinicianRole));
    }
}
