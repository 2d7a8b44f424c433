using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>Input the service used to take as it came, or to pass on to PostgreSQL and answer 500: control characters,
/// duplicate keys (also in another letter case), numbers sent as strings, null inside arrays. Each is a 400 problem+json
/// naming the field at fault, and the clinic's rows are exactly as they were.</summary>
public sealed class StrictInputTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const string Therapist = """{"clinicianId":"pt-1","name":"Sam Stride","role":"therapist"}""";
    private const string Episode = """ "site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01" """;

    /// <summary>(what, role of the calling key, method, path with {patient} and {episode}, raw body or null, the field named).</summary>
    public static TheoryData<string, string, string, string, string?, string> Cases() => new()
    {
        // Control characters: PostgreSQL cannot store NUL in text, and none of them belongs in a clinical record.
        { "NUL in externalRef", "clinic-system", "POST", "/patients", """{"externalRef": "MRN\u0000-1"}""", "externalRef" },
        { "an escape sequence in externalRef", "clinic-system", "POST", "/patients", """{"externalRef": "MRN-\u001b[2J"}""", "externalRef" },
        { "a C1 control character in externalRef", "clinic-system", "POST", "/patients", """{"externalRef": "MRN-\u0085"}""", "externalRef" },
        { "NUL in a clearance's note", "clinic-system", "POST", "/episodes/{episode}/clearances",
            $$"""{"type": "no-pain-at-rest", "note": "fine\u0000", "onBehalfOf": {{Therapist}}}""", "note" },
        { "NUL in onBehalfOf.name", "clinic-system", "POST", "/episodes/{episode}/clearances",
            """{"type": "no-pain-at-rest", "onBehalfOf": {"clinicianId": "pt-1", "name": "Sam\u0000", "role": "therapist"}}""", "onBehalfOf.name" },
        { "NUL in a symptom report's note", "clinic-system", "POST", "/episodes/{episode}/symptoms",
            """{"date": "2026-06-01", "painAtRest": 0, "painWithActivity": 0, "note": "\u0000"}""", "note" },
        { "NUL in a risk factor", "clinic-system", "POST", "/patients/{patient}/episodes",
            $$"""{{{Episode}}, "riskFactors": ["low-bmi\u0000"]}""", "riskFactors[0]" },
        { "NUL in the externalRef query", "clinic-system", "GET", "/patients?externalRef=MRN%00", null, "externalRef" },
        { "an escape character in a path value", "clinic-system", "GET", "/protocols/hip-bsi%1B/versions/1", null, "key" },
        { "NUL in a webhook URL", "clinic-admin", "POST", "/webhooks", """{"url": "https://example.org/\u0000", "eventTypes": ["*"]}""", "url" },
        // Duplicate keys: which one counts must not depend on the parser.
        { "externalRef twice", "clinic-system", "POST", "/patients", """{"externalRef": "MRN-a", "externalRef": "MRN-b"}""", "externalRef" },
        { "externalRef twice in another letter case", "clinic-system", "POST", "/patients",
            """{"externalRef": "MRN-a", "ExternalRef": "MRN-b"}""", "ExternalRef" },
        { "onBehalfOf.role twice", "clinic-system", "POST", "/episodes/{episode}/clearances",
            """{"type": "no-pain-at-rest", "onBehalfOf": {"clinicianId": "pt-1", "name": "Sam", "role": "therapist", "role": "physician"}}""",
            "onBehalfOf.role" },
        // Numbers are numbers.
        { "birthYear as a string", "clinic-system", "POST", "/patients", """{"externalRef": "MRN-c", "birthYear": "1990"}""", "birthYear" },
        { "plannedNonWeightBearingWeeks as a string", "clinic-system", "POST", "/patients/{patient}/episodes",
            $$"""{{{Episode}}, "plannedNonWeightBearingWeeks": "6"}""", "plannedNonWeightBearingWeeks" },
        { "an observation's value as a string", "clinic-system", "POST", "/episodes/{episode}/observations",
            $$"""{"code": "fracture-site-pain", "value": "0", "onBehalfOf": {{Therapist}}}""", "value" },
        { "NaN as a string", "clinic-system", "POST", "/episodes/{episode}/observations",
            $$"""{"code": "fracture-site-pain", "value": "NaN", "onBehalfOf": {{Therapist}}}""", "value" },
        // Arrays of codes hold codes.
        { "null among the risk factors", "clinic-system", "POST", "/patients/{patient}/episodes",
            $$"""{{{Episode}}, "riskFactors": ["low-bmi", null]}""", "riskFactors[1]" },
        { "null among a webhook's event types", "clinic-admin", "POST", "/webhooks",
            """{"url": "https://example.org/hook", "eventTypes": [null]}""", "eventTypes[0]" },
        // Lengths within what PostgreSQL holds.
        { "a withdrawal reason longer than any reason", "clinic-system", "POST", "/episodes/{episode}/transitions",
            $$"""{"action": "withdraw", "reason": "{{new string('r', 65)}}"}""", "reason" },
        { "an externalRef query longer than any externalRef", "clinic-system", "GET", $"/patients?externalRef={new string('x', 129)}", null, "externalRef" },
        { "a patientId that is not an id", "clinic-system", "GET", "/episodes?patientId=not-an-id", null, "patientId" },
        { "a limit beyond any integer", "clinic-system", "GET", "/episodes?limit=99999999999", null, "limit" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task StrictInputIs400NamingTheFieldAndWritesNothing(string what, string role, string method, string path, string? body, string field)
    {
        var clinic = await factory.CreateClinicAsync("strict-input");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var api = role == "clinic-system" ? system.Http : factory.CreateClient(await factory.CreateKeyAsync(clinic, role, "Caller"));
        var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);

        using var request = new HttpRequestMessage(new HttpMethod(method),
            "/api/v1" + path.Replace("{patient}", episode.PatientId.ToString()).Replace("{episode}", episode.Id.ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await api.SendAsync(request);

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors?.ContainsKey(field) == true, $"{what}: expected an error on '{field}', got {problem.ToJsonString()}");
        Assert.Equal(before, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic));
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("utf-7")]
    [InlineData("\"utf-8\"")]
    public async Task ABodyInACharsetTheServiceCannotReadIs415AndWritesNothing(string charset)
    {
        var clinic = await factory.CreateClinicAsync("strict-input");
        var api = factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR"));
        var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);

        using var content = new StringContent("""{"externalRef": "MRN-1"}""", Encoding.UTF8);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"application/json; charset={charset}");
        var response = await api.PostAsync("/api/v1/patients", content);

        await RehabClient.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(before, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic));
    }

    [Theory]
    [InlineData("title", "title")]
    [InlineData("gates[1].requirements[0].description", "gates.1.requirements.0.description")]
    [InlineData("transitionRoles.advance[0]", "transitionRoles.advance.0")]
    [InlineData("phases[2]", "phases.2")]
    public async Task AProtocolVersionWithAHoleIs400NamingWhereAndWritesNothing(string field, string path)
    {
        var clinic = await factory.CreateClinicAsync("strict-input");
        var admin = factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-admin", "Admin"));
        var protocol = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/protocols/hip-bsi/versions/{RehabApi.Domain.Protocols.ProtocolCatalog.Default.Version}"))!;
        var steps = path.Split('.');
        JsonNode parent = protocol;
        foreach (var step in steps[..^1]) parent = int.TryParse(step, out var i) ? parent[i]! : parent[step]!;
        if (parent is JsonObject owner && field == "title") owner.Remove(steps[^1]);
        else if (parent is JsonArray array) array[int.Parse(steps[^1])] = null;
        else parent[steps[^1]] = null;
        var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);

        var response = await admin.PostAsJsonAsync("/api/v1/protocols/hip-bsi/versions", protocol);

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem["errors"]?.AsObject().ContainsKey(field) == true, $"expected an error on '{field}', got {problem.ToJsonString()}");
        Assert.Equal(before, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic));
    }
}
