using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Api;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Protocols;

/// <summary>A clinic publishes its own, stricter version of the protocol: its new episodes start on it, open
/// episodes stay pinned to theirs, other clinics never see it, and a looser version is refused.</summary>
public sealed class ClinicProtocolVersionTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private static readonly DateOnly Diagnosed = new(2026, 5, 1);

    [Fact]
    public async Task NewEpisodesOfThePublishingClinicStartOnItsVersionWhileOpenOnesStayOnTheirs()
    {
        var clinic = await ClinicAsync();
        var before = await clinic.Care.CreateEpisodeAsync(Diagnosed, site: "femoral-head");

        var response = await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", await StricterVersionAsync(clinic.Admin));
        var published = await RehabClient.ReadAsync<JsonObject>(response, HttpStatusCode.Created);
        var version = (int)published["version"]!;
        Assert.True(version > 2);
        Assert.Equal($"/api/v1/protocols/hip-bsi/versions/{version}", response.Headers.Location?.OriginalString);

        var after = await clinic.Care.CreateEpisodeAsync(Diagnosed, site: "femoral-head");
        Assert.Equal(("hip-bsi", version), (after.Protocol.Key, after.Protocol.Version));
        Assert.Equal(8, after.PlannedNonWeightBearingWeeks);
        Assert.Equal("2026-06-26", await EarliestNonWeightBearingDateAsync(clinic.Care, after.Id));   // 1 May + 8 weeks

        // The episode opened before keeps built-in version 2 and its 6 weeks.
        Assert.Equal(2, (await clinic.Care.GetEpisodeAsync(before.Id)).Protocol.Version);
        Assert.Equal("2026-06-12", await EarliestNonWeightBearingDateAsync(clinic.Care, before.Id));

        // The clinic sees its version, stricter threshold included, marked as the one new episodes start on.
        var list = (await clinic.Admin.GetFromJsonAsync<JsonArray>("/api/v1/protocols"))!;
        Assert.Equal([(1, false), (2, false), (version, true)],
            list.Select(p => ((int)p!["version"]!, (bool)p["currentForNewEpisodes"]!)).ToList());
        var stored = (await clinic.Care.Http.GetFromJsonAsync<JsonObject>($"/api/v1/protocols/hip-bsi/versions/{version}"))!;
        Assert.Equal(85, (decimal)StrengthSymmetry(stored)["threshold"]!);
    }

    [Fact]
    public async Task AnotherClinicNeitherSeesNorStartsOnTheVersion()
    {
        var (publisher, other) = (await ClinicAsync(), await ClinicAsync());
        var published = await RehabClient.ReadAsync<JsonObject>(
            await publisher.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", await StricterVersionAsync(publisher.Admin)),
            HttpStatusCode.Created);
        var version = (int)published["version"]!;

        Assert.Equal(2, (await other.Care.CreateEpisodeAsync(Diagnosed, site: "femoral-head")).Protocol.Version);
        var list = (await other.Admin.GetFromJsonAsync<JsonArray>("/api/v1/protocols"))!;
        Assert.Equal([(1, false), (2, true)], list.Select(p => ((int)p!["version"]!, (bool)p["currentForNewEpisodes"]!)).ToList());
        foreach (var path in new[] { $"/api/v1/protocols/hip-bsi/versions/{version}", $"/api/v1/protocols/hip-bsi/versions/{version}/diagram" })
            await RehabClient.ProblemAsync(await other.Admin.GetAsync(path), HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string> UnsafeChanges() => new()
    {
        { "3 weeks without weight at high-risk sites", "nonWeightBearingWeeks.defaultAtHighRiskSite" },
        { "imaging-shows-healing dropped", "gates[1].requirements" },
        { "impact-approved dropped", "gates[5].requirements" },
        { "strength threshold lowered to 75", "gates[5].requirements[1].threshold" },
    };

    [Theory]
    [MemberData(nameof(UnsafeChanges))]
    public async Task AnUnsafeVersionIsRefusedNamingTheFieldAndNothingIsWritten(string change, string field)
    {
        var clinic = await ClinicAsync();
        var body = await DefaultAsync(clinic.Admin);
        Unsafe(body, change);

        var problem = await RehabClient.ProblemAsync(
            await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", body), HttpStatusCode.BadRequest);

        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal(0, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic.Slug))["clinic_protocol_versions"]);
        Assert.Equal(2, (await clinic.Care.CreateEpisodeAsync(Diagnosed)).Protocol.Version);
    }

    [Fact]
    public async Task AVersionLikeVersion1IsRefusedNowThatVersion2IsTheFloorNamingWhatItLacks()
    {
        var clinic = await ClinicAsync();
        var body = (await clinic.Admin.GetFromJsonAsync<JsonObject>("/api/v1/protocols/hip-bsi/versions/1"))!;
        body.Remove("version");

        var problem = await RehabClient.ProblemAsync(
            await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", body), HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "mriGrades", "imaging.holdOnDisplacement", "imaging.holdOnProgression", "gates[5].requirements",
                     "surgicalReferral.resumeReturnsToFirstPhase", "restarts.injuryDateOnReInjury" })
            Assert.True(errors.ContainsKey(field), $"no error for {field}: {errors.ToJsonString()}");
        Assert.Contains(errors["gates[5].requirements"]!.AsArray(), m => ((string)m!).Contains("bone-health-assessed"));
        Assert.Contains(errors["gates[5].requirements"]!.AsArray(), m => ((string)m!).Contains("healing-confirmed-before-impact"));
        Assert.Equal(0, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic.Slug))["clinic_protocol_versions"]);
    }

    [Fact]
    public async Task BothBuiltInVersionsAreListedAndVersion2IsWhatNewEpisodesStartOn()
    {
        var client = factory.CreateClient();
        var list = (await client.GetFromJsonAsync<JsonArray>("/api/v1/protocols"))!;
        Assert.Equal([("hip-bsi", 1, "built-in", false), ("hip-bsi", 2, "built-in", true)],
            list.Where(p => (string)p!["source"]! == "built-in")
                .Select(p => ((string)p!["key"]!, (int)p["version"]!, (string)p["source"]!, (bool)p["currentForNewEpisodes"]!)).ToList());

        var version2 = (await client.GetFromJsonAsync<JsonObject>("/api/v1/protocols/hip-bsi/versions/2"))!;
        Assert.Equal(2, (int)version2["version"]!);
        Assert.Equal("surgical-referral", (string)version2["imaging"]!["holdOnDisplacement"]!);
        Assert.Equal(4, version2["mriGrades"]!["pathways"]!.AsArray().Count);
        Assert.Equal(["physician"], version2["clearanceTypes"]!.AsArray()
            .Single(c => (string)c!["type"]! == "discharge-approved")!["signersAtHighRiskSites"]!.AsArray().Select(r => (string)r!));
        var version1 = (await client.GetFromJsonAsync<JsonObject>("/api/v1/protocols/hip-bsi/versions/1"))!;
        Assert.Equal("displacement-risk", (string)version1["imaging"]!["holdOnDisplacement"]!);
        Assert.Null(version1["mriGrades"]);
    }

    [Fact]
    public async Task AMalformedOrMisaddressedVersionIsRefused()
    {
        var clinic = await ClinicAsync();
        var body = await DefaultAsync(clinic.Admin);
        body["key"] = "knee-bsi";
        var problem = await RehabClient.ProblemAsync(await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", body), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["key"]);

        body = await DefaultAsync(clinic.Admin);
        body["extraField"] = true;
        await RehabClient.ProblemAsync(await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", body), HttpStatusCode.BadRequest);

        // Only a protocol that ships with the service can be varied.
        body = await DefaultAsync(clinic.Admin);
        await RehabClient.ProblemAsync(await clinic.Admin.PostAsJsonAsync("/api/v1/protocols/knee-bsi/versions", body), HttpStatusCode.NotFound);
        Assert.Equal(0, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic.Slug))["clinic_protocol_versions"]);
    }

    [Theory]
    [InlineData("clinic-system")]
    [InlineData("physician")]
    [InlineData("therapist")]
    public async Task OnlyAClinicAdminMayPublish(string role)
    {
        var clinic = await ClinicAsync();
        var other = factory.CreateClient(await factory.CreateKeyAsync(clinic.Slug, role, $"{role} under test"));

        var problem = await RehabClient.ProblemAsync(
            await other.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", await DefaultAsync(clinic.Admin)), HttpStatusCode.Forbidden);

        Assert.Contains(role, (string)problem["detail"]!);
        Assert.Equal(0, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic.Slug))["clinic_protocol_versions"]);
    }

    [Fact]
    public async Task TheDiagramIsMermaidWithEveryPhaseAndTheGatesRequirementCodes()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync("/api/v1/protocols/hip-bsi/versions/2/diagram?format=mermaid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var diagram = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("stateDiagram-v2", diagram);
        foreach (var phase in new[] { "non-weight-bearing", "imaging-confirmation", "partial-weight-bearing", "full-weight-bearing",
                     "mobility", "strengthening", "return-to-impact", "discharged" })
            Assert.Contains($"({phase})", diagram);
        Assert.Contains("imaging-shows-healing", diagram);
        Assert.Contains("hold", diagram);
        Assert.Contains("regress", diagram);
        // Version 2's own: the new requirements before impact, the imaging holds, the clock restarts, the grade table.
        Assert.Contains("bone-health-assessed", diagram);
        Assert.Contains("healing-confirmed-before-impact", diagram);
        Assert.Contains("imaging: displacement holds for surgical-referral, progression for imaging-progression", diagram);
        Assert.Contains("resume from surgical-referral: back to non-weight-bearing", diagram);
        Assert.Contains("grade 4 any site 8 weeks off the leg, impact 14, discharge 20", diagram);
        var version1 = await (await client.GetAsync("/api/v1/protocols/hip-bsi/versions/1/diagram")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("bone-health-assessed", version1);
        Assert.Contains("imaging: displacement holds for displacement-risk, progression for clinical-review", version1);

        var problem = await RehabClient.ProblemAsync(
            await client.GetAsync("/api/v1/protocols/hip-bsi/versions/1/diagram?format=png"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["format"]);
    }

    private sealed record TestClinic(string Slug, HttpClient Admin, RehabClient Care);

    /// <summary>A fresh clinic, so that what it publishes reaches no other test's episodes.</summary>
    private async Task<TestClinic> ClinicAsync()
    {
        var slug = await factory.CreateClinicAsync("protocols");
        var admin = factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-admin", "Clinic admin"));
        var care = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(slug, "clinic-system", "Test EHR")));
        return new TestClinic(slug, admin, care);
    }

    /// <summary>The built-in version new episodes start on (2) as the API serves it, without its version (the server assigns one).</summary>
    private static async Task<JsonObject> DefaultAsync(HttpClient client)
    {
        var body = (await client.GetFromJsonAsync<JsonObject>("/api/v1/protocols/hip-bsi/versions/2"))!;
        body.Remove("version");
        return body;
    }

    /// <summary>8 weeks without weight at high-risk sites (instead of 6) and a strength threshold of 85 (instead of 80).</summary>
    private static async Task<JsonObject> StricterVersionAsync(HttpClient client)
    {
        var body = await DefaultAsync(client);
        body["title"] = "Hip and pelvic bone stress injury (Riverside)";
        body["nonWeightBearingWeeks"]!["defaultAtHighRiskSite"] = 8;
        StrengthSymmetry(body)["threshold"] = 85;
        return body;
    }

    private static void Unsafe(JsonObject body, string change)
    {
        var gates = body["gates"]!.AsArray();
        JsonArray Requirements(int gate) => gates[gate]!["requirements"]!.AsArray();
        void Drop(int gate, string code) => Requirements(gate).Remove(Requirements(gate).Single(r => (string)r!["code"]! == code));
        switch (change)
        {
            case "3 weeks without weight at high-risk sites": body["nonWeightBearingWeeks"]!["defaultAtHighRiskSite"] = 3; break;
            case "imaging-shows-healing dropped": Drop(1, "imaging-shows-healing"); break;
            case "impact-approved dropped": Drop(5, "impact-approved"); break;
            case "strength threshold lowered to 75": StrengthSymmetry(body)["threshold"] = 75; break;
            default: throw new ArgumentException(change);
        }
    }

    private static JsonNode StrengthSymmetry(JsonObject protocol) =>
        protocol["gates"]!.AsArray().SelectMany(g => g!["requirements"]!.AsArray()).Single(r => (string)r!["code"]! == "strength-symmetry")!;

    private static async Task<string> EarliestNonWeightBearingDateAsync(RehabClient client, Guid episodeId)
    {
        var gate = await client.GetGateAsync(episodeId);
        var requirement = gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!;
        return (string)requirement["earliestDate"]!;
    }
}
