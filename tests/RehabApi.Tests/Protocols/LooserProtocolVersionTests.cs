using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Domain.Protocols;
using RehabApi.Tests.Api;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Protocols;

/// <summary>Issue 15, findings 1 and 2, end to end: versions that were published as "stricter" although they loosened
/// the protocol are refused (400 naming the field), nothing is stored, and the clinic's episodes keep the built-in rules.</summary>
public sealed class LooserProtocolVersionTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const string Publish = "/api/v1/protocols/hip-bsi/versions";

    /// <summary>7 × 613566756 wraps round to −4 in 32 bits: every minimum time would be met before the diagnosis.</summary>
    private const int Wraps = 613566756;

    [Fact]
    public async Task WeeksThatOverflowAreRefusedNamingEachFieldAndAnEpisodeStillWaitsItsWeeks()
    {
        var clinic = await ClinicAsync();
        var body = await DefaultAsync(clinic.Admin);
        foreach (var field in new[] { "min", "max", "defaultAtHighRiskSite", "defaultElsewhere" }) body["nonWeightBearingWeeks"]![field] = Wraps;
        Requirement(body, "min-time-before-impact")["weeks"] = Wraps;
        Requirement(body, "min-time-before-discharge")["weeks"] = Wraps;

        var problem = await RehabClient.ProblemAsync(await clinic.Admin.PostAsJsonAsync(Publish, body), HttpStatusCode.BadRequest);

        foreach (var field in new[]
                 {
                     "nonWeightBearingWeeks.min", "nonWeightBearingWeeks.max", "nonWeightBearingWeeks.defaultAtHighRiskSite",
                     "nonWeightBearingWeeks.defaultElsewhere", "gates[5].requirements[0].weeks", "gates[6].requirements[0].weeks",
                 })
            Assert.True(problem["errors"]?[field] is not null, $"{field} is not named: {problem["errors"]}");
        Assert.Equal(0, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic.Slug))["clinic_protocol_versions"]);

        // The clinic's next episode is on the built-in version: four weeks off the leg, not a moment before.
        var diagnosed = Dates.Today.AddDays(-1);
        var episode = await clinic.Care.CreateEpisodeAsync(diagnosed);
        Assert.Equal(ProtocolCatalog.Default.Version, episode.Protocol.Version);
        await clinic.Care.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        Assert.Equal(["min-non-weight-bearing-time"], await clinic.Care.BlockedAdvanceAsync(episode.Id));
        var gate = await clinic.Care.GetGateAsync(episode.Id);
        var time = gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!;
        Assert.Equal(diagnosed.AddDays(28).ToString("yyyy-MM-dd"), (string)time["earliestDate"]!);
    }

    public static TheoryData<string, string> LooserChanges() => new()
    {
        { "pain-free walks in seconds", "observationCodes[3].unit" },
        { "normal gait no longer signed off", "gates[3].requirements" },
        { "a clinic system advances on its own", "transitionRoles.advance" },
        { "a patient's app resumes after clinical review", "resumeRoles.clinical-review" },
        { "fracture-site pain from -10", "observationCodes[0].min" },
        { "a femoral-neck alias that is not high-risk", "sites" },
        { "a typical stay of int.MaxValue days", "phases[6].typicalDays" },
    };

    [Theory]
    [MemberData(nameof(LooserChanges))]
    public async Task ALooserVersionIsRefusedNamingTheFieldAndNothingIsStored(string change, string field)
    {
        var clinic = await ClinicAsync();
        var body = await DefaultAsync(clinic.Admin);
        Loosen(body, change);

        var problem = await RehabClient.ProblemAsync(await clinic.Admin.PostAsJsonAsync(Publish, body), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]?[field] is not null, $"{field} is not named: {problem["errors"]}");
        Assert.Equal(0, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic.Slug))["clinic_protocol_versions"]);
        Assert.Equal(ProtocolCatalog.Default.Version, (await clinic.Care.CreateEpisodeAsync(Dates.Today)).Protocol.Version);
    }

    [Fact]
    public async Task AWalkRecordedInSecondsIsNotTakenForMinutes()
    {
        var clinic = await ClinicAsync();
        var body = await DefaultAsync(clinic.Admin);
        Loosen(body, "pain-free walks in seconds");
        await RehabClient.ProblemAsync(await clinic.Admin.PostAsJsonAsync(Publish, body), HttpStatusCode.BadRequest);

        // 30 seconds of walking would have met a threshold of 30 meant as minutes.
        var episode = await clinic.Care.CreateEpisodeAsync(Dates.Today);
        var response = await clinic.Care.Http.PostAsJsonAsync($"/api/v1/episodes/{episode.Id}/observations",
            new { code = "pain-free-walk-minutes", value = 30, unit = "seconds", onBehalfOf = RehabClient.Therapist });

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["unit"]);
        Assert.DoesNotContain((await clinic.Care.GetHistoryAsync(episode.Id)).Items, e => e.Kind == "observation");
    }

    private static void Loosen(JsonObject body, string change)
    {
        switch (change)
        {
            case "pain-free walks in seconds": Code(body, "pain-free-walk-minutes")["unit"] = "seconds"; break;
            case "normal gait no longer signed off":
                var requirements = body["gates"]![3]!["requirements"]!.AsArray();
                requirements.Remove(Requirement(body, "normal-gait"));
                break;
            case "a clinic system advances on its own": body["transitionRoles"]!["advance"]!.AsArray().Add("clinic-system"); break;
            case "a patient's app resumes after clinical review": body["resumeRoles"]!["clinical-review"]!.AsArray().Add("patient-app"); break;
            case "fracture-site pain from -10": Code(body, "fracture-site-pain")["min"] = -10; break;
            case "a femoral-neck alias that is not high-risk": body["sites"]!.AsArray().Add("femoral-neck"); break;
            case "a typical stay of int.MaxValue days": body["phases"]![6]!["typicalDays"] = int.MaxValue; break;
            default: throw new ArgumentException(change);
        }
    }

    private sealed record TestClinic(string Slug, HttpClient Admin, RehabClient Care);

    /// <summary>A fresh clinic, so that what it publishes reaches no other test's episodes.</summary>
    private async Task<TestClinic> ClinicAsync()
    {
        var slug = await factory.CreateClinicAsync("looser");
        var admin = factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-admin", "Clinic admin"));
        var care = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-system", "Test EHR")));
        return new TestClinic(slug, admin, care);
    }

    /// <summary>The built-in version as the API serves it, without its version (the server assigns one).</summary>
    private static async Task<JsonObject> DefaultAsync(HttpClient client)
    {
        var body = (await client.GetFromJsonAsync<JsonObject>($"/api/v1/protocols/hip-bsi/versions/{ProtocolCatalog.Default.Version}"))!;
        body.Remove("version");
        return body;
    }

    private static JsonNode Requirement(JsonObject protocol, string code) =>
        protocol["gates"]!.AsArray().SelectMany(g => g!["requirements"]!.AsArray()).First(r => (string)r!["code"]! == code)!;

    private static JsonNode Code(JsonObject protocol, string code) =>
        protocol["observationCodes"]!.AsArray().Single(o => (string)o!["code"]! == code)!;
}
