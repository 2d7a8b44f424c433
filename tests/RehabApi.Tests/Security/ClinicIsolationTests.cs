using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Episodes;
using RehabApi.Patients;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>Two clinics side by side: neither sees nor touches the other's rows through any endpoint.
/// Another clinic's id answers 404 exactly like a missing one, and lists never include it.</summary>
public sealed class ClinicIsolationTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task AnotherClinicsPatientsAndEpisodesAreInvisibleAndUntouchable()
    {
        var (riverside, hillside) = (await ClinicAsync(), await ClinicAsync());
        var ownPatient = await riverside.CreatePatientAsync("MRN-SHARED-1");
        var own = await riverside.CreateEpisodeForAsync(ownPatient.Id, new DateOnly(2026, 5, 1));
        // The same clinic reference in another clinic is another patient, not a conflict.
        var otherPatient = await hillside.CreatePatientAsync("MRN-SHARED-1");
        var other = await hillside.CreateEpisodeForAsync(otherPatient.Id, new DateOnly(2026, 5, 1));
        var otherHistory = (await hillside.GetHistoryAsync(other.Id)).Items.Count;

        string[] reads =
        [
            $"/api/v1/patients/{otherPatient.Id}",
            $"/api/v1/episodes/{other.Id}",
            $"/api/v1/episodes/{other.Id}/gate",
            $"/api/v1/episodes/{other.Id}/history",
        ];
        foreach (var path in reads)
            await RehabClient.ProblemAsync(await riverside.Http.GetAsync(path), HttpStatusCode.NotFound);

        (string Path, object Body)[] writes =
        [
            ($"/api/v1/patients/{otherPatient.Id}/episodes", new { site = "pubic-ramus", side = "left", diagnosedOn = "2026-05-01" }),
            ($"/api/v1/episodes/{other.Id}/clearances", new { type = "no-pain-at-rest", onBehalfOf = RehabClient.Therapist }),
            ($"/api/v1/episodes/{other.Id}/observations", new { code = "fracture-site-pain", value = 0, onBehalfOf = RehabClient.Therapist }),
            ($"/api/v1/episodes/{other.Id}/imaging",
                new { modality = "mri", performedOn = "2026-05-20", finding = "displacement", onBehalfOf = RehabClient.Physician }),
            ($"/api/v1/episodes/{other.Id}/transitions", new { action = "withdraw", onBehalfOf = RehabClient.Physician }),
        ];
        foreach (var (path, body) in writes)
            await RehabClient.ProblemAsync(await riverside.Http.PostAsJsonAsync(path, body), HttpStatusCode.NotFound);

        // Nothing reached the other clinic's episode, which is still where it was.
        Assert.Equal(otherHistory, (await hillside.GetHistoryAsync(other.Id)).Items.Count);
        Assert.Equal(("non-weight-bearing", "active"), ((await hillside.GetEpisodeAsync(other.Id)).Phase, (await hillside.GetEpisodeAsync(other.Id)).Status));
        Assert.Single((await hillside.Http.GetFromJsonAsync<EpisodePage>($"/api/v1/episodes?patientId={otherPatient.Id}", RehabClient.Json))!.Items);

        // Lists and lookups show each clinic only its own rows.
        var found = await riverside.Http.GetFromJsonAsync<PatientPage>("/api/v1/patients?externalRef=MRN-SHARED-1", RehabClient.Json);
        Assert.Equal([ownPatient.Id], found!.Items.Select(p => p.Id));
        Assert.Empty((await riverside.Http.GetFromJsonAsync<EpisodePage>($"/api/v1/episodes?patientId={otherPatient.Id}", RehabClient.Json))!.Items);
        var allOfRiverside = await AllEpisodesAsync(riverside);
        Assert.Equal([own.Id], allOfRiverside);
        Assert.Equal([other.Id], await AllEpisodesAsync(hillside));
        var allPatients = await riverside.Http.GetFromJsonAsync<PatientPage>("/api/v1/patients?limit=100", RehabClient.Json);
        Assert.Equal([ownPatient.Id], allPatients!.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task APatientAppKeySeesOnlyItsOwnPatientsEpisodes()
    {
        var clinic = await factory.CreateClinicAsync();
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var mine = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var someoneElses = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 2));
        var app = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "patient-app", "Patient app", mine.PatientId)));

        Assert.Equal(mine.Id, (await app.GetEpisodeAsync(mine.Id)).Id);
        Assert.NotNull((await app.GetGateAsync(mine.Id))["requirements"]);
        Assert.NotEmpty((await app.GetHistoryAsync(mine.Id)).Items);
        var listed = await app.Http.GetFromJsonAsync<EpisodePage>("/api/v1/episodes", RehabClient.Json);
        Assert.Equal([mine.Id], listed!.Items.Select(e => e.Id));

        // Another patient of the same clinic is as invisible as another clinic's.
        foreach (var path in new[] { $"/api/v1/episodes/{someoneElses.Id}", $"/api/v1/episodes/{someoneElses.Id}/gate", $"/api/v1/episodes/{someoneElses.Id}/history" })
            await RehabClient.ProblemAsync(await app.Http.GetAsync(path), HttpStatusCode.NotFound);
        Assert.Empty((await app.Http.GetFromJsonAsync<EpisodePage>($"/api/v1/episodes?patientId={someoneElses.PatientId}", RehabClient.Json))!.Items);
    }

    private async Task<RehabClient> ClinicAsync()
    {
        var slug = await factory.CreateClinicAsync();
        return new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-system", $"EHR of {slug}")));
    }

    private static async Task<List<Guid>> AllEpisodesAsync(RehabClient client)
    {
        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await client.Http.GetFromJsonAsync<JsonObject>($"/api/v1/episodes?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}");
            ids.AddRange(page!["items"]!.AsArray().Select(e => Guid.Parse((string)e!["id"]!)));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);
        return ids;
    }
}
