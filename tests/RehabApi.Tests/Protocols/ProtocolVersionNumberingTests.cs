using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Protocols;

/// <summary>A clinic's own protocol versions are numbered within the clinic, on from the newest built-in version:
/// the number tells nothing of what other clinics published, and two clinics' versions of one number are each
/// their own definition.</summary>
public sealed class ProtocolVersionNumberingTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private static readonly int NewestBuiltIn = RehabApi.Domain.Protocols.ProtocolCatalog.Default.Version;

    [Fact]
    public async Task AClinicsFirstVersionFollowsTheNewestBuiltInWhateverOtherClinicsPublished()
    {
        var (first, second) = (await ClinicAsync(), await ClinicAsync());

        Assert.Equal(NewestBuiltIn + 1, await PublishAsync(first, weeks: 7));
        Assert.Equal(NewestBuiltIn + 2, await PublishAsync(first, weeks: 8));
        Assert.Equal(NewestBuiltIn + 1, await PublishAsync(second, weeks: 8));
    }

    [Fact]
    public async Task TwoClinicsVersionsOfOneNumberAreEachTheirOwn()
    {
        var (seven, eight) = (await ClinicAsync(), await ClinicAsync());
        var version = await PublishAsync(seven, weeks: 7);
        Assert.Equal(version, await PublishAsync(eight, weeks: 8));

        foreach (var (clinic, weeks) in new[] { (seven, 7), (eight, 8) })
        {
            var stored = (await clinic.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/protocols/hip-bsi/versions/{version}"))!;
            Assert.Equal(weeks, (int)stored["nonWeightBearingWeeks"]!["defaultAtHighRiskSite"]!);
            var episode = await clinic.Care.CreateEpisodeAsync(new DateOnly(2026, 5, 1), site: "femoral-head");
            Assert.Equal((version, weeks), (episode.Protocol.Version, episode.PlannedNonWeightBearingWeeks));
            // Read again through the pin (the plan of the episode): still this clinic's definition.
            Assert.Equal(version, (await clinic.Care.GetEpisodeAsync(episode.Id)).Protocol.Version);
            Assert.Equal(HttpStatusCode.OK, (await clinic.Care.Http.GetAsync($"/api/v1/episodes/{episode.Id}/plan")).StatusCode);
        }
    }

    [Fact]
    public async Task OneClinicPublishingSeveralVersionsAtOnceGetsDistinctNumbers()
    {
        var clinic = await ClinicAsync();

        var versions = await Task.WhenAll(Enumerable.Range(81, 4).Select(threshold => PublishAsync(clinic, weeks: 8, threshold)));

        Assert.Equal(Enumerable.Range(NewestBuiltIn + 1, 4), versions.Order());
        Assert.Equal(versions.Max(), (await clinic.Care.CreateEpisodeAsync(new DateOnly(2026, 5, 1))).Protocol.Version);
    }

    private sealed record TestClinic(HttpClient Admin, RehabClient Care);

    private async Task<TestClinic> ClinicAsync()
    {
        var slug = await factory.CreateClinicAsync("protocol-numbers");
        return new TestClinic(factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-admin", "Clinic admin")),
            new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-system", "Test EHR"))));
    }

    /// <summary>Publishes the built-in version with <paramref name="weeks"/> off the leg at high-risk sites (stricter
    /// than its 6) and a strength threshold of <paramref name="threshold"/> (stricter than its 80); the version the
    /// server gave it.</summary>
    private static async Task<int> PublishAsync(TestClinic clinic, int weeks, int threshold = 85)
    {
        var body = (await clinic.Admin.GetFromJsonAsync<JsonObject>($"/api/v1/protocols/hip-bsi/versions/{NewestBuiltIn}"))!;
        body.Remove("version");
        body["nonWeightBearingWeeks"]!["defaultAtHighRiskSite"] = weeks;
        body["gates"]!.AsArray().SelectMany(g => g!["requirements"]!.AsArray())
            .Single(r => (string)r!["code"]! == "strength-symmetry")!["threshold"] = threshold;
        var published = await RehabClient.ReadAsync<JsonObject>(
            await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", body), HttpStatusCode.Created);
        return (int)published["version"]!;
    }
}
