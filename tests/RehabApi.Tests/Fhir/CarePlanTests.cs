// The FHIR model types every optional element as nullable; here a missing one fails the test either way.
#nullable disable warnings

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;
using ActivityStatus = Hl7.Fhir.Model.CarePlan.CarePlanActivityStatus;
using Task = System.Threading.Tasks.Task;

namespace RehabApi.Tests.Fhir;

/// <summary>GET /fhir/CarePlan/{id}: an episode as a FHIR R4 CarePlan that the Firely SDK parses strictly and
/// validates, with one activity per phase whose statuses, dates and unmet requirements follow the episode.</summary>
public sealed class CarePlanTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private static readonly string[] Phases =
    [
        "non-weight-bearing", "imaging-confirmation", "partial-weight-bearing", "full-weight-bearing",
        "mobility", "strengthening", "return-to-impact", "discharged",
    ];

    private readonly RehabClient api = new(factory.CreateClient());

    [Fact]
    public async Task AnEpisodeInStrengtheningIsAValidCarePlanWithPastPhasesCompletedAndTheGateStillUnmet()
    {
        var patient = await api.CreatePatientAsync();
        var episode = await api.CreateEpisodeForAsync(patient.Id, JourneySteps.Diagnosed);
        await new JourneySteps(api).ReachAsync(episode.Id, "strengthening");

        var carePlan = await CarePlanAsync(episode.Id);

        Assert.Equal((episode.Id.ToString(), RequestStatus.Active, CarePlan.CarePlanIntent.Plan),
            (carePlan.Id, carePlan.Status, carePlan.Intent));
        Assert.Equal("Hip and pelvic bone stress injury", carePlan.Title);
        Assert.Equal("2026-01-05", carePlan.Period.Start);
        Assert.Equal(("urn:rehabapi:clinic:default:patient", patient.ExternalRef),
            (carePlan.Subject.Identifier.System, carePlan.Subject.Identifier.Value));
        Assert.Equal(Phases, carePlan.Activity.Select(a => a.Detail.Code.Coding.Single().Code));
        Assert.All(carePlan.Activity, a => Assert.Equal("urn:rehabapi:protocol:hip-bsi:phase", a.Detail.Code.Coding.Single().System));
        Assert.Equal("Return to impact", Activity(carePlan, "return-to-impact").Detail.Code.Coding.Single().Display);
        Assert.Equal([.. Enumerable.Repeat(ActivityStatus.Completed, 5), ActivityStatus.InProgress, ActivityStatus.NotStarted, ActivityStatus.NotStarted],
            carePlan.Activity.Select(a => a.Detail.Status));

        // Stays are dated by the transitions: mobility from its advance to the next one, strengthening still open.
        Assert.Equal((JourneySteps.EnteredAt["mobility"], JourneySteps.EnteredAt["strengthening"]), Dates(Activity(carePlan, "mobility")));
        Assert.Equal((JourneySteps.EnteredAt["strengthening"], null), Dates(Activity(carePlan, "strengthening")));
        Assert.Null(Activity(carePlan, "return-to-impact").Detail.Scheduled);

        var gate = await api.GetGateAsync(episode.Id);
        var unmet = gate["requirements"]!.AsArray().Where(r => !(bool)r!["met"]!).Select(r => (string)r!["code"]!).Order().ToArray();
        Assert.NotEmpty(unmet);
        var current = Activity(carePlan, "strengthening");
        Assert.Equal(unmet, current.Progress.Select(p => p.Text.Split(':')[0]).Order());
        Assert.All(unmet, code => Assert.Contains(code, current.Detail.StatusReason.Text));
        Assert.All(carePlan.Activity.Where(a => a != current), a => Assert.Empty(a.Progress));
    }

    [Fact]
    public async Task AnEpisodeOnHoldIsAnOnHoldCarePlanWhoseCurrentActivityIsOnHold()
    {
        var episode = await api.CreateEpisodeAsync(JourneySteps.Diagnosed);
        await RehabClient.ReadAsync<JsonObject>(
            await api.TransitionAsync(episode.Id, "hold", RehabClient.Therapist, JourneySteps.Day(1, 20), reason: "clinical-review"),
            HttpStatusCode.OK);

        var carePlan = await CarePlanAsync(episode.Id);

        Assert.Equal(RequestStatus.OnHold, carePlan.Status);
        Assert.Equal([ActivityStatus.OnHold, .. Enumerable.Repeat(ActivityStatus.NotStarted, 7)], carePlan.Activity.Select(a => a.Detail.Status));
        var current = carePlan.Activity[0];
        Assert.Contains("clinical-review", current.Detail.StatusReason.Text);
        Assert.Contains(current.Progress, p => p.Text.StartsWith("not-on-hold: "));
    }

    [Fact]
    public async Task ADischargedEpisodeIsACompletedCarePlan()
    {
        var episode = await api.CreateEpisodeAsync(JourneySteps.Diagnosed);
        await new JourneySteps(api).ReachAsync(episode.Id, "discharged");

        var carePlan = await CarePlanAsync(episode.Id);

        Assert.Equal(RequestStatus.Completed, carePlan.Status);
        Assert.All(carePlan.Activity, a => Assert.Equal(ActivityStatus.Completed, a.Detail.Status));
        Assert.All(carePlan.Activity, a => Assert.Empty(a.Progress));
        Assert.Equal(JourneySteps.EnteredAt["discharged"], DateTimeOffset.Parse(carePlan.Period.End));
    }

    [Fact]
    public async Task AWithdrawnEpisodeIsRevokedWithTheCurrentPhaseStoppedAndTheRestCancelled()
    {
        var episode = await api.CreateEpisodeAsync(JourneySteps.Diagnosed);
        await new JourneySteps(api).ReachAsync(episode.Id, "mobility");
        var withdrawnAt = JourneySteps.Day(2, 20);
        await RehabClient.ReadAsync<JsonObject>(
            await api.TransitionAsync(episode.Id, "withdraw", RehabClient.Physician, withdrawnAt, reason: "other"), HttpStatusCode.OK);

        var carePlan = await CarePlanAsync(episode.Id);

        Assert.Equal(RequestStatus.Revoked, carePlan.Status);
        Assert.Equal([.. Enumerable.Repeat(ActivityStatus.Completed, 4), ActivityStatus.Stopped, .. Enumerable.Repeat(ActivityStatus.Cancelled, 3)],
            carePlan.Activity.Select(a => a.Detail.Status));
        Assert.Equal((JourneySteps.EnteredAt["mobility"], withdrawnAt), Dates(Activity(carePlan, "mobility")));
    }

    [Fact]
    public async Task AnUnknownOrAnotherClinicsEpisodeIsNotFound()
    {
        await RehabClient.ProblemAsync(await api.Http.GetAsync($"/api/v1/fhir/CarePlan/{Guid.NewGuid()}"), HttpStatusCode.NotFound);

        var otherClinic = await factory.CreateClinicAsync("fhir");
        var other = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(otherClinic, "clinic-system", "Other EHR")));
        var theirs = await other.CreateEpisodeAsync(JourneySteps.Diagnosed);
        await RehabClient.ProblemAsync(await api.Http.GetAsync($"/api/v1/fhir/CarePlan/{theirs.Id}"), HttpStatusCode.NotFound);
        // Their own clinic sees it, under their own patient-identifier system.
        var carePlan = Parse(await (await other.Http.GetAsync($"/api/v1/fhir/CarePlan/{theirs.Id}")).Content.ReadAsStringAsync());
        Assert.Equal($"urn:rehabapi:clinic:{otherClinic}:patient", carePlan.Subject.Identifier.System);
    }

    [Fact]
    public async Task APatientAppMayNotReadTheCarePlan()
    {
        var patient = await api.CreatePatientAsync();
        var episode = await api.CreateEpisodeForAsync(patient.Id, JourneySteps.Diagnosed);
        var app = factory.CreateClient(await factory.CreateKeyAsync(Clinic.DefaultSlug, "patient-app", "Patient app", patient.Id));

        await RehabClient.ProblemAsync(await app.GetAsync($"/api/v1/fhir/CarePlan/{episode.Id}"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheFhirMediaTypeAndTheErrors()
    {
        var document = (await factory.CreateClient(apiKey: null).GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var responses = document["paths"]!["/api/v1/fhir/CarePlan/{id}"]!["get"]!["responses"]!;

        Assert.NotNull(responses["200"]?["content"]?["application/fhir+json"]?["schema"]);
        foreach (var status in new[] { "401", "403", "404" })
            Assert.NotNull(responses[status]?["content"]?["application/problem+json"]);
    }

    [Fact]
    public void TheValidationUsedHereCatchesMissingRequiredElements()
    {
        // Guards the checks above: an empty CarePlan lacks status, intent and subject (each 1..1).
        Assert.NotEmpty(new CarePlan().Validate(ModelInfo.ModelInspector, validateRecursively: true));
    }

    /// <summary>Fetches the CarePlan, parses it strictly and checks it against the model's cardinalities and invariants.</summary>
    private async Task<CarePlan> CarePlanAsync(Guid episodeId)
    {
        var response = await api.Http.GetAsync($"/api/v1/fhir/CarePlan/{episodeId}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return Parse(body);
    }

    private static CarePlan Parse(string json)
    {
        var carePlan = FhirJsonDeserializer.STRICT.Deserialize<CarePlan>(json);
        var errors = carePlan.Validate(ModelInfo.ModelInspector, validateRecursively: true);
        Assert.Empty(errors);
        return carePlan;
    }

    private static CarePlan.ActivityComponent Activity(CarePlan carePlan, string phase) =>
        carePlan.Activity.Single(a => a.Detail.Code.Coding.Single().Code == phase);

    private static (DateTimeOffset Start, DateTimeOffset? End) Dates(CarePlan.ActivityComponent activity)
    {
        var period = Assert.IsType<Period>(activity.Detail.Scheduled);
        return (DateTimeOffset.Parse(period.Start), period.End is null ? null : DateTimeOffset.Parse(period.End));
    }
}
