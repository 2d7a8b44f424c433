using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Episodes;
using RehabApi.Patients;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.PatientApp;

/// <summary>Bone-health assessments as a clinic system records them, for patients of a given sex.</summary>
public sealed class BoneHealthSteps(RehabClient clinic)
{
    public const string PhysicianJson = """{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""";

    /// <summary>Every factor at its highest: 12 at a trabecular site such as the pubic ramus (restricted).</summary>
    public const string Restricted12 =
        """{"dietaryRestriction": "eating-disorder", "bmi": 17.5, "menarcheAgeYears": 16, "mensesLast12Months": 0, "bmdZScore": -2.0, "priorBoneStressInjuries": 1}""";

    /// <summary>Every factor low: at the pubic ramus only the fracture itself scores (2, provisional, no review).</summary>
    public const string LowRiskFemale =
        """{"dietaryRestriction": "none", "bmi": 22, "menarcheAgeYears": 12, "mensesLast12Months": 12, "bmdZScore": 0, "priorBoneStressInjuries": 0}""";

    /// <summary>A patient of <paramref name="sex"/> (null: not recorded) with one episode.</summary>
    public async Task<EpisodeResponse> EpisodeForAsync(string? sex, string site = "pubic-ramus", DateOnly? diagnosedOn = null)
    {
        var created = await clinic.Http.PostAsJsonAsync("/api/v1/patients", new { externalRef = $"MRN-{Guid.NewGuid():N}", sex });
        var patient = await RehabClient.ReadAsync<PatientResponse>(created, HttpStatusCode.Created);
        // Version 2 routes a compression-side femoral neck by its fracture line: a fifth of the neck, non-operative.
        return await clinic.CreateEpisodeForAsync(patient.Id, diagnosedOn ?? JourneySteps.Diagnosed, site,
            site == "femoral-neck-compression" ? new { neckWidthPercent = 20 } : null);
    }

    /// <summary>POSTs the factors with the clinic system's key in a physician's name, or with <paramref name="sender"/>'s
    /// key in the name of <paramref name="onBehalfOf"/> (null: none, a clinician's own key).</summary>
    public Task<HttpResponseMessage> PostAsync(Guid episode, string factors, string? onBehalfOf = PhysicianJson, HttpClient? sender = null)
    {
        var body = JsonNode.Parse(factors)!.AsObject();
        if (onBehalfOf is not null) body["onBehalfOf"] = JsonNode.Parse(onBehalfOf);
        return new RehabClient(sender ?? clinic.Http).PostJsonAsync($"/episodes/{episode}/bone-health", body.ToJsonString());
    }

    public async Task<JsonObject> RecordAsync(Guid episode, string factors) =>
        await RehabClient.ReadAsync<JsonObject>(await PostAsync(episode, factors), HttpStatusCode.Created);

    public async Task<HttpResponseMessage> LatestAsync(Guid episode) =>
        await clinic.Http.GetAsync($"/api/v1/episodes/{episode}/bone-health");

    public static bool Met(JsonObject gate, string code) =>
        (bool)gate["requirements"]!.AsArray().Single(r => (string)r!["code"]! == code)!["met"]!;
}
