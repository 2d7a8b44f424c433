using System.Net;
using RehabApi.Tests.Api;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>An Idempotency-Key belongs to the API key that sent it: another key of the same clinic (a patient's
/// app above all) can neither replay its answer nor, by using the key first, make its later request fail.</summary>
public sealed class IdempotencyScopeTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task APatientAppUsingAKeyFirstDoesNotMakeTheEhrsRequestWithItFail()
    {
        var clinic = await factory.CreateClinicAsync("idempotency-scope");
        var ehr = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episode = await ehr.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var app = await factory.PatientAppAsync(episode.PatientId, clinic);
        var key = Guid.NewGuid().ToString();
        var report = """{"date": "2026-05-20", "painAtRest": 0, "painWithActivity": 1}""";

        Assert.Equal(HttpStatusCode.Created, (await app.PostJsonAsync($"/episodes/{episode.Id}/symptoms", report, key)).StatusCode);

        var ehrsReport = await Answer.ReadAsync(await ehr.PostJsonAsync($"/episodes/{episode.Id}/symptoms", report.Replace("05-20", "05-21"), key));
        Assert.Equal((201, false), (ehrsReport.Status, ehrsReport.Replayed));
        var patient = await Answer.ReadAsync(await ehr.PostJsonAsync("/patients", $$"""{"externalRef": "MRN-{{Guid.NewGuid():N}}"}""", key));
        Assert.Equal((422, false), (patient.Status, patient.Replayed));   // the EHR's own earlier use of the key still counts
        Assert.Equal(2, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic))["idempotency_records"]);
    }

    [Fact]
    public async Task AnotherKeyOfTheSameClinicNeitherReplaysNorIsRefusedWithTheSameIdempotencyKey()
    {
        var clinic = await factory.CreateClinicAsync("idempotency-scope");
        var first = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var second = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "Second EHR")));
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"externalRef": "MRN-{{Guid.NewGuid():N}}"}""";
        Assert.Equal(HttpStatusCode.Created, (await first.PostJsonAsync("/patients", body, key)).StatusCode);

        // The same body runs afresh for the second key (and meets the duplicate reference); another body is created.
        var same = await Answer.ReadAsync(await second.PostJsonAsync("/patients", body, key));
        Assert.Equal((409, false), (same.Status, same.Replayed));
        var other = await Answer.ReadAsync(await second.PostJsonAsync("/patients", $$"""{"externalRef": "MRN-{{Guid.NewGuid():N}}"}""", key));
        Assert.Equal((201, false), (other.Status, other.Replayed));
    }
}
