using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.PatientApp;

/// <summary>The Female Athlete Triad cumulative risk assessment (De Souza 2014) recorded on an episode: the
/// score and clearance level, and what they add to the gate before impact.</summary>
public sealed class BoneHealthTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());

    /// <summary>Worked examples from the paper's table, scored by hand: (site, factors, total, level).</summary>
    public static TheoryData<string, string, int, string> WorkedExamples() => new()
    {
        // Some dietary restriction 1, BMI 17.0 2, menarche 15.5 1, 5 menses 2, Z −1.5 1, femoral neck 2 = 9.
        { "femoral-neck-compression",
          """{"dietaryRestriction": "some-restriction-or-history", "bmi": 17.0, "menarcheAgeYears": 15.5, "mensesLast12Months": 5, "bmdZScore": -1.5}""",
          9, "restricted" },
        // No restriction 0, BMI 18.0 1, menarche 13 0, 8 menses 1, Z −0.5 0, pubic ramus (pelvis) 2 = 4.
        { "pubic-ramus",
          """{"dietaryRestriction": "none", "bmi": 18.0, "menarcheAgeYears": 13, "mensesLast12Months": 8, "bmdZScore": -0.5}""",
          4, "provisional" },
        // No restriction 0, BMI 21 0, menarche 12 0, 12 menses 0, Z 0.3 0, femoral shaft first injury 1 = 1.
        { "femoral-shaft",
          """{"dietaryRestriction": "none", "bmi": 21, "menarcheAgeYears": 12, "mensesLast12Months": 12, "bmdZScore": 0.3}""",
          1, "full" },
        // Eating disorder 2, BMI 17.5 2, menarche 16 2, no menses 2, Z −2.0 2, sacrum 2 = 12.
        { "sacrum",
          """{"dietaryRestriction": "eating-disorder", "bmi": 17.5, "menarcheAgeYears": 16, "mensesLast12Months": 0, "bmdZScore": -2.0}""",
          12, "restricted" },
    };

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public async Task TheScoreAndClearanceLevelMatchTheWorkedExamples(string site, string factors, int total, string level)
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1), site);
        var body = JsonNode.Parse(factors)!.AsObject();
        body["onBehalfOf"] = JsonNode.Parse("""{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""");

        var recorded = await RehabClient.ReadAsync<JsonObject>(await clinic.PostJsonAsync($"/episodes/{episode.Id}/bone-health", body.ToJsonString()), HttpStatusCode.Created);
        var latest = await RehabClient.ReadAsync<JsonObject>(await clinic.Http.GetAsync($"/api/v1/episodes/{episode.Id}/bone-health"), HttpStatusCode.OK);

        Assert.Equal((total, level), ((int)recorded["score"]!, (string)recorded["clearanceLevel"]!));
        Assert.Equal(6, latest["factors"]!.AsArray().Count);
        Assert.Equal(total, latest["factors"]!.AsArray().Sum(f => (int)f!["points"]!));
    }

    [Fact]
    public async Task ARestrictedScoreAddsTheRestrictedClearanceBeforeImpactAndAReviewOfBoneHealth()
    {
        var journey = new JourneySteps(clinic);
        var episode = await journey.NewEpisodeAsync();
        await journey.ReachAsync(episode.Id, "strengthening");
        Assert.True(Met(await clinic.GetGateAsync(episode.Id), "restricted-clearance"));
        Assert.True(Met(await clinic.GetGateAsync(episode.Id), "bone-health-reviewed"));

        await RecordAsync(episode.Id, """{"dietaryRestriction": "eating-disorder", "bmi": 17.0, "mensesLast12Months": 3, "bmdZScore": -2.5}""");

        var gate = await clinic.GetGateAsync(episode.Id);
        Assert.False(Met(gate, "restricted-clearance"));
        Assert.False(Met(gate, "bone-health-reviewed"));
        await clinic.SignAsync(episode.Id, "restricted-clearance", RehabClient.Physician);
        await clinic.SignAsync(episode.Id, "bone-health-reviewed", RehabClient.Physician);
        gate = await clinic.GetGateAsync(episode.Id);
        Assert.True(Met(gate, "restricted-clearance") && Met(gate, "bone-health-reviewed"));
    }

    [Fact]
    public async Task AScoreFromTheCurrentFractureAloneAsksForNoReview()
    {
        var journey = new JourneySteps(clinic);
        var episode = await journey.NewEpisodeAsync();
        await journey.ReachAsync(episode.Id, "strengthening");

        var recorded = await RecordAsync(episode.Id, """{"dietaryRestriction": "none", "bmi": 22, "menarcheAgeYears": 12, "mensesLast12Months": 12, "bmdZScore": 0}""");

        Assert.Equal((2, false), ((int)recorded["score"]!, (bool)recorded["boneHealthReviewRequired"]!));
        Assert.True(Met(await clinic.GetGateAsync(episode.Id), "bone-health-reviewed"));
    }

    [Theory]
    [InlineData("""{"bmi": 5}""", "bmi")]
    [InlineData("""{"dietaryRestriction": "keto"}""", "dietaryRestriction")]
    [InlineData("""{"bmdZScore": -9}""", "bmdZScore")]
    [InlineData("""{"mensesLast12Months": 40}""", "mensesLast12Months")]
    public async Task OutOfRangeFactorsAre400AndRecordNothing(string factors, string field)
    {
        var episode = await clinic.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var body = JsonNode.Parse(factors)!.AsObject();
        body["onBehalfOf"] = JsonNode.Parse("""{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""");

        var problem = await RehabClient.ProblemAsync(await clinic.PostJsonAsync($"/episodes/{episode.Id}/bone-health", body.ToJsonString()), HttpStatusCode.BadRequest);

        Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        await RehabClient.ProblemAsync(await clinic.Http.GetAsync($"/api/v1/episodes/{episode.Id}/bone-health"), HttpStatusCode.NotFound);
    }

    private async Task<JsonObject> RecordAsync(Guid episode, string factors)
    {
        var body = JsonNode.Parse(factors)!.AsObject();
        body["onBehalfOf"] = JsonNode.Parse("""{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""");
        return await RehabClient.ReadAsync<JsonObject>(await clinic.PostJsonAsync($"/episodes/{episode}/bone-health", body.ToJsonString()), HttpStatusCode.Created);
    }

    private static bool Met(JsonObject gate, string code) =>
        (bool)gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == code)!["met"]!;
}
