using System.Net;
using System.Text.Json.Nodes;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;
using static RehabApi.Tests.PatientApp.BoneHealthSteps;

namespace RehabApi.Tests.PatientApp;

/// <summary>The Female Athlete Triad cumulative risk assessment (De Souza 2014) recorded on an episode: who records
/// it, which factors a patient's sex requires, the score and level, and what they add to the gate before impact.</summary>
public sealed class BoneHealthTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient clinic = new(factory.CreateClient());
    private BoneHealthSteps Steps => new(clinic);
    private JourneySteps Journey => new(clinic);

    private const string TherapistJson = """{"clinicianId":"pt-1","name":"Sam Stride","role":"therapist"}""";
    private const string ClinicAdminJson = """{"clinicianId":"admin-1","name":"Ann Admin","role":"clinic-admin"}""";

    /// <summary>Worked examples from the paper's table, scored by hand: (site, factors, total, level).</summary>
    public static TheoryData<string, string, int, string> WorkedExamples() => new()
    {
        // Some dietary restriction 1, BMI 17.0 2, menarche 15.5 1, 5 menses 2, Z −1.5 1, femoral neck 2 = 9.
        { "femoral-neck-compression",
          """{"dietaryRestriction": "some-restriction-or-history", "bmi": 17.0, "menarcheAgeYears": 15.5, "mensesLast12Months": 5, "bmdZScore": -1.5, "priorBoneStressInjuries": 0}""",
          9, "restricted" },
        // No restriction 0, BMI 18.0 1, menarche 13 0, 8 menses 1, Z −0.5 0, pubic ramus (pelvis) 2 = 4.
        { "pubic-ramus",
          """{"dietaryRestriction": "none", "bmi": 18.0, "menarcheAgeYears": 13, "mensesLast12Months": 8, "bmdZScore": -0.5, "priorBoneStressInjuries": 0}""",
          4, "provisional" },
        // No restriction 0, BMI 21 0, menarche 12 0, 12 menses 0, Z 0.3 0, femoral shaft first injury 1 = 1.
        { "femoral-shaft",
          """{"dietaryRestriction": "none", "bmi": 21, "menarcheAgeYears": 12, "mensesLast12Months": 12, "bmdZScore": 0.3, "priorBoneStressInjuries": 0}""",
          1, "full" },
        // Eating disorder 2, BMI 17.5 2, menarche 16 2, no menses 2, Z −2.0 2, sacrum 2 = 12.
        { "sacrum",
          """{"dietaryRestriction": "eating-disorder", "bmi": 17.5, "menarcheAgeYears": 16, "mensesLast12Months": 0, "bmdZScore": -2.0, "priorBoneStressInjuries": 0}""",
          12, "restricted" },
    };

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public async Task TheScoreAndClearanceLevelMatchTheWorkedExamples(string site, string factors, int total, string level)
    {
        var episode = await Steps.EpisodeForAsync("female", site, new DateOnly(2026, 4, 1));

        var recorded = await Steps.RecordAsync(episode.Id, factors);
        var latest = await RehabClient.ReadAsync<JsonObject>(await Steps.LatestAsync(episode.Id), HttpStatusCode.OK);

        Assert.Equal((total, level), ((int)recorded["score"]!, (string)recorded["clearanceLevel"]!));
        Assert.Equal(6, latest["factors"]!.AsArray().Count);
        Assert.Equal(total, latest["factors"]!.AsArray().Sum(f => (int)f!["points"]!));
    }

    [Fact]
    public async Task ARestrictedScoreAddsTheRestrictedClearanceBeforeImpactAndAReviewOfBoneHealth()
    {
        var episode = await Steps.EpisodeForAsync("female");
        await Journey.ReachAsync(episode.Id, "strengthening");
        Assert.True(Met(await clinic.GetGateAsync(episode.Id), "restricted-clearance"));
        Assert.True(Met(await clinic.GetGateAsync(episode.Id), "bone-health-reviewed"));

        await Steps.RecordAsync(episode.Id, Restricted12);

        var gate = await clinic.GetGateAsync(episode.Id);
        Assert.False(Met(gate, "restricted-clearance"));
        Assert.False(Met(gate, "bone-health-reviewed"));
        await clinic.SignAsync(episode.Id, "restricted-clearance", RehabClient.Physician);
        await clinic.SignAsync(episode.Id, "bone-health-reviewed", RehabClient.Physician);
        gate = await clinic.GetGateAsync(episode.Id);
        Assert.True(Met(gate, "restricted-clearance") && Met(gate, "bone-health-reviewed"));
    }

    [Fact]
    public async Task OnVersion1AScoreFromTheCurrentFractureAloneAsksForNoReview()
    {
        var episode = await factory.CreateVersion1EpisodeAsync(clinic, JourneySteps.Diagnosed, sex: "female");
        await Journey.ReachAsync(episode.Id, "strengthening");

        var recorded = await Steps.RecordAsync(episode.Id, LowRiskFemale);

        Assert.Equal((2, false), ((int)recorded["score"]!, (bool)recorded["boneHealthReviewRequired"]!));
        Assert.True(Met(await clinic.GetGateAsync(episode.Id), "bone-health-reviewed"));
    }

    [Theory]
    // The pubic ramus is trabecular: the fracture alone scores 2, which version 2 reviews. A first femoral shaft
    // fracture scores 1: no review.
    [InlineData("pubic-ramus", 2, true)]
    [InlineData("femoral-shaft", 1, false)]
    public async Task OnVersion2AScoreOfTwoAsksForAReviewEvenFromTheCurrentFractureAlone(string site, int score, bool review)
    {
        var episode = await Steps.EpisodeForAsync("female", site);
        await Journey.ReachAsync(episode.Id, "strengthening");
        Assert.False(Met(await clinic.GetGateAsync(episode.Id), "bone-health-assessed"));

        var recorded = await Steps.RecordAsync(episode.Id, LowRiskFemale);

        Assert.Equal((score, review), ((int)recorded["score"]!, (bool)recorded["boneHealthReviewRequired"]!));
        var gate = await clinic.GetGateAsync(episode.Id);
        Assert.True(Met(gate, "bone-health-assessed"));
        Assert.Equal(!review, Met(gate, "bone-health-reviewed"));
        var latest = await RehabClient.ReadAsync<JsonObject>(await Steps.LatestAsync(episode.Id), HttpStatusCode.OK);
        Assert.Equal(review, (bool)latest["boneHealthReviewRequired"]!);
    }

    [Fact]
    public async Task AnAssessmentWithEveryFactorLeftOutCannotReplaceARestrictedOne()
    {
        var episode = await Steps.EpisodeForAsync("female");
        await Journey.ReachAsync(episode.Id, "strengthening");
        await Steps.RecordAsync(episode.Id, Restricted12);

        var problem = await RehabClient.ProblemAsync(await Steps.PostAsync(episode.Id, "{}"), HttpStatusCode.BadRequest);

        Assert.Equal(["bmdZScore", "bmi", "dietaryRestriction", "menarcheAgeYears", "mensesLast12Months", "priorBoneStressInjuries"],
            ErrorFields(problem));
        var latest = await RehabClient.ReadAsync<JsonObject>(await Steps.LatestAsync(episode.Id), HttpStatusCode.OK);
        Assert.Equal((12, "restricted"), ((int)latest["score"]!, (string)latest["clearanceLevel"]!));
        var gate = await clinic.GetGateAsync(episode.Id);
        Assert.False(Met(gate, "restricted-clearance") || Met(gate, "bone-health-reviewed"));
    }

    [Fact]
    public async Task AFemaleAssessmentWithoutTheMensesIsRefusedNamingThem()
    {
        var episode = await Steps.EpisodeForAsync("female");
        var factors = JsonNode.Parse(LowRiskFemale)!.AsObject();
        factors.Remove("mensesLast12Months");

        var problem = await RehabClient.ProblemAsync(await Steps.PostAsync(episode.Id, factors.ToJsonString()), HttpStatusCode.BadRequest);

        Assert.Equal(["mensesLast12Months"], ErrorFields(problem));
        await RehabClient.ProblemAsync(await Steps.LatestAsync(episode.Id), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("male")]
    [InlineData("other")]
    [InlineData("unknown")]
    [InlineData(null)]
    public async Task AMenstrualHistoryIsRefusedForAPatientWhoIsNotFemale(string? sex)
    {
        var episode = await Steps.EpisodeForAsync(sex);

        var problem = await RehabClient.ProblemAsync(await Steps.PostAsync(episode.Id, LowRiskFemale), HttpStatusCode.BadRequest);

        Assert.Equal(["menarcheAgeYears", "mensesLast12Months"], ErrorFields(problem));
        await RehabClient.ProblemAsync(await Steps.LatestAsync(episode.Id), HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("male")]
    [InlineData("other")]
    [InlineData("unknown")]
    [InlineData(null)]
    public async Task ForAPatientWhoIsNotFemaleTheLevelIsLeftToThePhysiciansJudgement(string? sex)
    {
        var episode = await Steps.EpisodeForAsync(sex);
        await Journey.ReachAsync(episode.Id, "strengthening");

        // No restriction 0, BMI 22 0, Z −1.5 1, pubic ramus 2: the female score would be 3 (provisional).
        var recorded = await Steps.RecordAsync(episode.Id,
            """{"dietaryRestriction": "none", "bmi": 22, "bmdZScore": -1.5, "priorBoneStressInjuries": 0}""");

        Assert.Equal(("physician-judgement", 3, true),
            ((string)recorded["clearanceLevel"]!, (int)recorded["score"]!, (bool)recorded["boneHealthReviewRequired"]!));
        Assert.Equal(["delayed-menarche", "menstrual-dysfunction"], recorded["notAssessed"]!.AsArray().Select(f => (string)f!));
        var gate = await clinic.GetGateAsync(episode.Id);
        Assert.False(Met(gate, "bone-health-reviewed"));
        Assert.True(Met(gate, "restricted-clearance"));
    }

    [Theory]
    [InlineData("female", """{"dietaryRestriction": "eating-disorder", "bmi": 15, "menarcheAgeYears": 12, "mensesLast12Months": 12, "bmdZScore": 0, "priorBoneStressInjuries": 0}""")]
    [InlineData("male", """{"dietaryRestriction": "eating-disorder", "bmi": 15, "bmdZScore": 0, "priorBoneStressInjuries": 0}""")]
    public async Task AnEatingDisorderWithABmiUnder16IsRestrictedWhateverTheScore(string sex, string factors)
    {
        // Eating disorder 2, BMI 15 2, first femoral shaft fracture 1, everything else 0: a score of 5.
        var episode = await Steps.EpisodeForAsync(sex, "femoral-shaft");

        var recorded = await Steps.RecordAsync(episode.Id, factors);

        Assert.Equal((5, "restricted"), ((int)recorded["score"]!, (string)recorded["clearanceLevel"]!));
    }

    /// <summary>Who is refused, and how: a clinic-admin is no clinician a system may act for at all (400 naming
    /// onBehalfOf.role); the others are clinicians or keys whose role may not (403).</summary>
    public static TheoryData<string, string?, HttpStatusCode> NotAPhysician() => new()
    {
        { "clinic-system", ClinicAdminJson, HttpStatusCode.BadRequest },
        { "clinic-system", TherapistJson, HttpStatusCode.Forbidden },
        { "clinic-admin", null, HttpStatusCode.Forbidden },
        { "therapist", null, HttpStatusCode.Forbidden },
        { "patient-app", null, HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(NotAPhysician))]
    public async Task OnlyAPhysicianRecordsAnAssessment(string keyRole, string? onBehalfOf, HttpStatusCode refused)
    {
        var episode = await Steps.EpisodeForAsync("female");
        var sender = keyRole == "clinic-system"
            ? clinic.Http
            : factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, keyRole, $"A {keyRole}",
                keyRole == "patient-app" ? episode.PatientId : null));

        await RehabClient.ProblemAsync(await Steps.PostAsync(episode.Id, LowRiskFemale, onBehalfOf, sender), refused);

        await RehabClient.ProblemAsync(await Steps.LatestAsync(episode.Id), HttpStatusCode.NotFound);
        Assert.Single((await clinic.GetHistoryAsync(episode.Id)).Items);
    }

    [Fact]
    public async Task APhysicianRecordsAnAssessmentWithTheirOwnKey()
    {
        var episode = await Steps.EpisodeForAsync("female");
        var physician = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "physician", "Dr Own Key"));

        var recorded = await RehabClient.ReadAsync<JsonObject>(
            await Steps.PostAsync(episode.Id, LowRiskFemale, onBehalfOf: null, physician), HttpStatusCode.Created);

        Assert.Equal(("physician", "Dr Own Key"), ((string)recorded["recordedBy"]!["clinicianRole"]!, (string)recorded["recordedBy"]!["clinicianName"]!));
    }

    [Theory]
    [InlineData("bmi", 5)]
    [InlineData("bmdZScore", -9)]
    [InlineData("mensesLast12Months", 40)]
    [InlineData("priorBoneStressInjuries", -1)]
    public async Task OutOfRangeFactorsAre400AndRecordNothing(string field, decimal value)
    {
        var episode = await Steps.EpisodeForAsync("female", diagnosedOn: new DateOnly(2026, 4, 1));
        var factors = JsonNode.Parse(LowRiskFemale)!.AsObject();
        factors[field] = value;

        var problem = await RehabClient.ProblemAsync(await Steps.PostAsync(episode.Id, factors.ToJsonString()), HttpStatusCode.BadRequest);

        Assert.Equal([field], ErrorFields(problem));
        await RehabClient.ProblemAsync(await Steps.LatestAsync(episode.Id), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnUnknownDietaryCodeIs400()
    {
        var episode = await Steps.EpisodeForAsync("female");
        var factors = JsonNode.Parse(LowRiskFemale)!.AsObject();
        factors["dietaryRestriction"] = "keto";

        var problem = await RehabClient.ProblemAsync(await Steps.PostAsync(episode.Id, factors.ToJsonString()), HttpStatusCode.BadRequest);

        Assert.Equal(["dietaryRestriction"], ErrorFields(problem));
    }

    private static string[] ErrorFields(JsonObject problem) => problem["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
}
