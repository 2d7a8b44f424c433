using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using RehabApi.Clinics;
using RehabApi.Domain.Protocols;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>Every endpoint × every role (API.md, "Resources"): the roles the contract names get their answer,
/// every other role a 403 problem+json that writes nothing.</summary>
public sealed class RoleMatrixTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const string Admin = "clinic-admin", System = "clinic-system", Physician = "physician", Therapist = "therapist", PatientApp = "patient-app";
    private static readonly string[] AllRoles = [Admin, System, Physician, Therapist, PatientApp];
    private static readonly string[] ClinicStaff = [Admin, System, Physician, Therapist];
    private static readonly string[] RecordsCare = [System, Physician, Therapist];

    /// <summary>An endpoint, how to call it for one episode, and who may. <paramref name="OwnClinic"/>: called in a
    /// fresh clinic, for a write that would otherwise change what every other test's episodes start on.</summary>
    public sealed record Endpoint(
        string Name, HttpMethod Method, Func<Target, string> Path, Func<string, object?>? Body, string[] Allowed, bool OwnClinic = false);

    /// <summary>What a call is aimed at: a fresh patient with one episode.</summary>
    public sealed record Target(Guid PatientId, Guid EpisodeId, string ExternalRef);

    private static readonly Endpoint[] Endpoints =
    [
        new("create patient", HttpMethod.Post, _ => "/api/v1/patients", _ => new { externalRef = $"MRN-{Guid.NewGuid():N}" }, RecordsCare),
        new("read patient", HttpMethod.Get, t => $"/api/v1/patients/{t.PatientId}", null, ClinicStaff),
        new("find patient", HttpMethod.Get, t => $"/api/v1/patients?externalRef={t.ExternalRef}", null, ClinicStaff),
        new("create episode", HttpMethod.Post, t => $"/api/v1/patients/{t.PatientId}/episodes",
            _ => new { site = "pubic-ramus", side = "left", diagnosedOn = "2026-05-01" }, RecordsCare),
        new("read episode", HttpMethod.Get, t => $"/api/v1/episodes/{t.EpisodeId}", null, AllRoles),
        new("list episodes", HttpMethod.Get, t => $"/api/v1/episodes?patientId={t.PatientId}", null, AllRoles),
        new("read gate", HttpMethod.Get, t => $"/api/v1/episodes/{t.EpisodeId}/gate", null, AllRoles),
        new("read history", HttpMethod.Get, t => $"/api/v1/episodes/{t.EpisodeId}/history", null, AllRoles),
        new("sign clearance", HttpMethod.Post, t => $"/api/v1/episodes/{t.EpisodeId}/clearances",
            role => WithClinician(role, new { type = "no-pain-at-rest" }), RecordsCare),
        new("record observation", HttpMethod.Post, t => $"/api/v1/episodes/{t.EpisodeId}/observations",
            role => WithClinician(role, new { code = "fracture-site-pain", value = 1 }), RecordsCare),
        new("record imaging", HttpMethod.Post, t => $"/api/v1/episodes/{t.EpisodeId}/imaging",
            role => WithClinician(role, new { modality = "mri", performedOn = "2026-05-20", finding = "healing" }), [System, Physician]),
        new("transition", HttpMethod.Post, t => $"/api/v1/episodes/{t.EpisodeId}/transitions",
            role => WithClinician(role, new { action = "hold", reason = "clinical-review" }), RecordsCare),
        new("report symptoms", HttpMethod.Post, t => $"/api/v1/episodes/{t.EpisodeId}/symptoms",
            _ => new { date = "2026-05-20", painAtRest = 0, painWithActivity = 0 }, [PatientApp, System, Physician, Therapist]),
        new("list pain reports", HttpMethod.Get, t => $"/api/v1/episodes/{t.EpisodeId}/pain-reports", null, ClinicStaff),
        new("read the change feed", HttpMethod.Get, _ => "/api/v1/events", null, [Admin, System]),
        new("list webhooks", HttpMethod.Get, _ => "/api/v1/webhooks", null, [Admin]),
        new("list protocols", HttpMethod.Get, _ => "/api/v1/protocols", null, AllRoles),
        new("read protocol", HttpMethod.Get, _ => "/api/v1/protocols/hip-bsi/versions/1", null, AllRoles),
        new("read protocol diagram", HttpMethod.Get, _ => "/api/v1/protocols/hip-bsi/versions/1/diagram?format=mermaid", null, AllRoles),
        new("publish protocol version", HttpMethod.Post, _ => "/api/v1/protocols/hip-bsi/versions",
            _ => JsonSerializer.SerializeToNode(ProtocolCatalog.Default, ProtocolCatalog.JsonOptions), [Admin], OwnClinic: true),
    ];

    public static TheoryData<string, string> Matrix()
    {
        var rows = new TheoryData<string, string>();
        foreach (var endpoint in Endpoints)
            foreach (var role in AllRoles)
                rows.Add(endpoint.Name, role);
        return rows;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachRoleGetsExactlyWhatTheContractGivesIt(string endpointName, string role)
    {
        var endpoint = Endpoints.Single(e => e.Name == endpointName);
        var clinic = endpoint.OwnClinic ? await factory.CreateClinicAsync("matrix") : Clinic.DefaultSlug;
        var setup = new RehabClient(endpoint.OwnClinic ? factory.CreateClient(await factory.CreateKeyAsync(clinic, System, "Test EHR")) : factory.CreateClient());
        var patient = await setup.CreatePatientAsync();
        var episode = await setup.CreateEpisodeForAsync(patient.Id, new DateOnly(2026, 5, 1));
        var target = new Target(patient.Id, episode.Id, patient.ExternalRef);

        var key = await factory.CreateKeyAsync(clinic, role, $"{role} under test", role == PatientApp ? patient.Id : null);
        using var request = new HttpRequestMessage(endpoint.Method, endpoint.Path(target));
        if (endpoint.Body is not null) request.Content = JsonContent.Create(endpoint.Body(role));
        var historyBefore = (await setup.GetHistoryAsync(episode.Id)).Items.Count;

        var response = await factory.CreateClient(key).SendAsync(request);

        if (endpoint.Allowed.Contains(role))
        {
            Assert.True(response.IsSuccessStatusCode,
                $"{role} should be able to {endpointName}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        else
        {
            var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.Forbidden);
            Assert.Contains(role, (string)problem["detail"]!);
            Assert.Equal(historyBefore, (await setup.GetHistoryAsync(episode.Id)).Items.Count);
        }
    }

    /// <summary>A clinic system writes in a named clinician's name; clinicians sign as themselves.</summary>
    private static object WithClinician(string role, object body)
    {
        var node = JsonSerializer.SerializeToNode(body, RehabClient.Json)!.AsObject();
        if (role == System)
            node["onBehalfOf"] = JsonSerializer.SerializeToNode(RehabClient.Physician, RehabClient.Json);
        return node;
    }
}
