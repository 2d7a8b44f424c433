using System.Net;
using System.Text;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>Every route that takes an id answers 404 problem+json for an id that does not exist, and writes nothing.</summary>
public sealed class NotFoundTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const string Physician = """{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""";

    public static TheoryData<string, string, string?> Routes() => new()
    {
        { "GET", "/api/v1/patients/{id}", null },
        { "POST", "/api/v1/patients/{id}/episodes", """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01"}""" },
        { "GET", "/api/v1/episodes/{id}", null },
        { "GET", "/api/v1/episodes/{id}/gate", null },
        { "GET", "/api/v1/episodes/{id}/history", null },
        { "POST", "/api/v1/episodes/{id}/clearances", $$"""{"type": "no-pain-at-rest", "onBehalfOf": {{Physician}}}""" },
        { "POST", "/api/v1/episodes/{id}/observations", $$"""{"code": "fracture-site-pain", "value": 0, "onBehalfOf": {{Physician}}}""" },
        { "POST", "/api/v1/episodes/{id}/imaging", $$"""{"modality": "mri", "performedOn": "2026-05-20", "finding": "healing", "onBehalfOf": {{Physician}}}""" },
        { "POST", "/api/v1/episodes/{id}/transitions", $$"""{"action": "hold", "reason": "other", "onBehalfOf": {{Physician}}}""" },
        { "POST", "/api/v1/episodes/{id}/symptoms", """{"date": "2026-05-30", "painAtRest": 0, "painWithActivity": 0}""" },
        { "GET", "/api/v1/episodes/{id}/pain-reports", null },
        { "POST", "/api/v1/episodes/{id}/walk-run-sessions", """{"date": "2026-05-30", "step": 1, "completed": true, "pain": false}""" },
        { "POST", "/api/v1/episodes/{id}/bone-health", $$"""{"bmi": 20, "onBehalfOf": {{Physician}}}""" },
        { "GET", "/api/v1/episodes/{id}/bone-health", null },
        { "GET", "/api/v1/episodes/{id}/plan", null },
        { "GET", "/api/v1/episodes/{id}/timeline", null },
        { "GET", "/api/v1/protocols/hip-bsi/versions/99", null },
        { "GET", "/api/v1/protocols/no-such-protocol/versions/1", null },
        { "GET", "/api/v1/protocols/hip-bsi/versions/99/diagram", null },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task AnUnknownIdIs404ProblemJson(string method, string route, string? body)
    {
        var clinic = await factory.CreateClinicAsync("not-found");
        var client = factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR"));
        var missing = Guid.CreateVersion7();
        using var request = new HttpRequestMessage(new HttpMethod(method), route.Replace("{id}", missing.ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        var problem = await RehabClient.ProblemAsync(await client.SendAsync(request), HttpStatusCode.NotFound);

        Assert.Equal("Not found", (string)problem["title"]!);
        Assert.All(await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic), count => Assert.Equal(0, count.Value));
    }
}
