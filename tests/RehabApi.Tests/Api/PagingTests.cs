using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Episodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>Keyset paging of episodes: every episode exactly once, in a stable order, also while new
/// episodes are added between pages; filters apply to every page.</summary>
public sealed class PagingTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task FiveEpisodesInPagesOfTwoComeOnceEachInCreationOrder()
    {
        var api = await NewClinicAsync();
        var created = new List<Guid>();
        for (var i = 0; i < 5; i++) created.Add((await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1))).Id);

        var pages = new List<EpisodePage>();
        string? cursor = null;
        do
        {
            var page = (await api.Http.GetFromJsonAsync<EpisodePage>($"/api/v1/episodes?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}", RehabClient.Json))!;
            pages.Add(page);
            cursor = page.NextCursor;
        } while (cursor is not null);

        Assert.Equal([2, 2, 1], pages.Select(p => p.Items.Count));
        Assert.Equal(created, pages.SelectMany(p => p.Items).Select(e => e.Id));
        Assert.Null(pages[^1].NextCursor);
    }

    [Fact]
    public async Task AnEpisodeAddedWhilePagingNeitherShiftsNorRepeatsThePagesAlreadyRead()
    {
        var api = await NewClinicAsync();
        for (var i = 0; i < 3; i++) await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var first = (await api.Http.GetFromJsonAsync<EpisodePage>("/api/v1/episodes?limit=2", RehabClient.Json))!;

        var added = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 2));
        var second = (await api.Http.GetFromJsonAsync<EpisodePage>($"/api/v1/episodes?limit=2&cursor={first.NextCursor}", RehabClient.Json))!;

        Assert.Empty(first.Items.Select(e => e.Id).Intersect(second.Items.Select(e => e.Id)));
        Assert.Equal(added.Id, second.Items[^1].Id);
        Assert.Null(second.NextCursor);
    }

    [Fact]
    public async Task FiltersByPhaseAndStatusApplyToEveryPage()
    {
        var api = await NewClinicAsync();
        var active = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var referred = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1), site: "femoral-neck-tension");

        var onHold = await api.Http.GetFromJsonAsync<JsonObject>("/api/v1/episodes?status=on-hold");
        Assert.Equal([referred.Id.ToString()], onHold!["items"]!.AsArray().Select(e => (string)e!["id"]!));
        var inPhase = await api.Http.GetFromJsonAsync<JsonObject>("/api/v1/episodes?phase=non-weight-bearing&status=active");
        Assert.Equal([active.Id.ToString()], inPhase!["items"]!.AsArray().Select(e => (string)e!["id"]!));
        var none = await api.Http.GetFromJsonAsync<JsonObject>("/api/v1/episodes?phase=mobility");
        Assert.Empty(none!["items"]!.AsArray());
    }

    [Fact]
    public async Task PatientsAreFoundByTheClinicsReference()
    {
        var api = await NewClinicAsync();
        var patient = await api.CreatePatientAsync("MRN-PAGE-1");
        await api.CreatePatientAsync("MRN-PAGE-2");

        var found = await api.Http.GetFromJsonAsync<JsonObject>("/api/v1/patients?externalRef=MRN-PAGE-1");
        Assert.Equal([patient.Id.ToString()], found!["items"]!.AsArray().Select(p => (string)p!["id"]!));
        var duplicate = await api.Http.PostAsJsonAsync("/api/v1/patients", new { externalRef = "MRN-PAGE-1" });
        var problem = await RehabClient.ProblemAsync(duplicate, HttpStatusCode.Conflict);
        Assert.Contains("MRN-PAGE-1", (string)problem["detail"]!);
    }

    private async Task<RehabClient> NewClinicAsync()
    {
        var clinic = await factory.CreateClinicAsync("paging");
        return new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
    }
}
