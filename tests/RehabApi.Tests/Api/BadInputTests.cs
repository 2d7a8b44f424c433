using System.Net;
using System.Text;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>Bad input of every kind, on every write and list endpoint: each answers 400 problem+json naming
/// the field at fault, and the clinic's rows are exactly as they were.</summary>
public sealed class BadInputTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const string Physician = """{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""";
    private const string Therapist = """{"clinicianId":"pt-1","name":"Sam Stride","role":"therapist"}""";

    /// <summary>(what, method, path with {patient} and {episode}, raw body or null, the field named in errors).</summary>
    public static TheoryData<string, string, string, string?, string> Cases() => new()
    {
        // Patients
        { "malformed JSON", "POST", "/patients", """{"externalRef": "MRN-1" """, "body" },
        { "no body", "POST", "/patients", "", "body" },
        { "wrong type", "POST", "/patients", """{"externalRef": 5}""", "externalRef" },
        { "missing externalRef", "POST", "/patients", "{}", "externalRef" },
        { "blank externalRef", "POST", "/patients", """{"externalRef": "   "}""", "externalRef" },
        { "unknown field", "POST", "/patients", """{"externalRef": "MRN-2", "nickname": "Speedy"}""", "nickname" },
        { "unknown sex code", "POST", "/patients", """{"externalRef": "MRN-3", "sex": "robot"}""", "sex" },
        { "birth year out of range", "POST", "/patients", """{"externalRef": "MRN-4", "birthYear": 1800}""", "birthYear" },
        { "externalRef too long", "POST", "/patients", $$"""{"externalRef": "{{new string('x', 129)}}"}""", "externalRef" },
        // Episodes
        { "unknown site", "POST", "/patients/{patient}/episodes", """{"site": "knee", "side": "left", "diagnosedOn": "2026-05-01"}""", "site" },
        { "unknown side", "POST", "/patients/{patient}/episodes", """{"site": "sacrum", "side": "middle", "diagnosedOn": "2026-05-01"}""", "side" },
        { "diagnosis in the future", "POST", "/patients/{patient}/episodes", """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-06-02"}""", "diagnosedOn" },
        { "date in the wrong format", "POST", "/patients/{patient}/episodes", """{"site": "sacrum", "side": "left", "diagnosedOn": "01/05/2026"}""", "diagnosedOn" },
        { "3 weeks off the leg (under the floor)", "POST", "/patients/{patient}/episodes",
            """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01", "plannedNonWeightBearingWeeks": 3}""", "plannedNonWeightBearingWeeks" },
        { "9 weeks off the leg", "POST", "/patients/{patient}/episodes",
            """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01", "plannedNonWeightBearingWeeks": 9}""", "plannedNonWeightBearingWeeks" },
        { "MRI grade 5", "POST", "/patients/{patient}/episodes",
            """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01", "mriGrade": 5}""", "mriGrade" },
        { "neck width over 100%", "POST", "/patients/{patient}/episodes",
            """{"site": "femoral-neck-compression", "side": "left", "diagnosedOn": "2026-05-01", "neckWidthPercent": 150}""", "neckWidthPercent" },
        { "unknown risk factor", "POST", "/patients/{patient}/episodes",
            """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01", "riskFactors": ["ice-cream"]}""", "riskFactors" },
        // Clearances
        { "unknown clearance type", "POST", "/episodes/{episode}/clearances", $$"""{"type": "vibes", "onBehalfOf": {{Therapist}}}""", "type" },
        { "effective in the future", "POST", "/episodes/{episode}/clearances",
            $$"""{"type": "no-pain-at-rest", "effectiveAt": "2026-06-01T12:05:00Z", "onBehalfOf": {{Therapist}}}""", "effectiveAt" },
        { "effective before the latest transition", "POST", "/episodes/{episode}/clearances",
            $$"""{"type": "no-pain-at-rest", "effectiveAt": "2026-04-30T12:00:00Z", "onBehalfOf": {{Therapist}}}""", "effectiveAt" },
        { "system without onBehalfOf", "POST", "/episodes/{episode}/clearances", """{"type": "no-pain-at-rest"}""", "onBehalfOf" },
        { "onBehalfOf with an unknown role", "POST", "/episodes/{episode}/clearances",
            """{"type": "no-pain-at-rest", "onBehalfOf": {"clinicianId": "x", "name": "X", "role": "janitor"}}""", "onBehalfOf.role" },
        { "note too long", "POST", "/episodes/{episode}/clearances",
            $$"""{"type": "no-pain-at-rest", "note": "{{new string('n', 4001)}}", "onBehalfOf": {{Therapist}}}""", "note" },
        // Observations
        { "unknown observation code", "POST", "/episodes/{episode}/observations", $$"""{"code": "mood", "value": 3, "onBehalfOf": {{Therapist}}}""", "code" },
        { "pain above 10", "POST", "/episodes/{episode}/observations", $$"""{"code": "fracture-site-pain", "value": 11, "onBehalfOf": {{Therapist}}}""", "value" },
        { "negative minutes", "POST", "/episodes/{episode}/observations", $$"""{"code": "pain-free-walk-minutes", "value": -1, "onBehalfOf": {{Therapist}}}""", "value" },
        { "the wrong unit", "POST", "/episodes/{episode}/observations",
            $$"""{"code": "hip-abductor-strength-lsi", "value": 90, "unit": "kg", "onBehalfOf": {{Therapist}}}""", "unit" },
        { "a value that is not a number", "POST", "/episodes/{episode}/observations",
            $$"""{"code": "fracture-site-pain", "value": "high", "onBehalfOf": {{Therapist}}}""", "value" },
        { "missing value", "POST", "/episodes/{episode}/observations", $$"""{"code": "fracture-site-pain", "onBehalfOf": {{Therapist}}}""", "value" },
        // Imaging
        { "unknown modality", "POST", "/episodes/{episode}/imaging",
            $$"""{"modality": "ultrasound", "performedOn": "2026-05-20", "finding": "healing", "onBehalfOf": {{Physician}}}""", "modality" },
        { "unknown finding", "POST", "/episodes/{episode}/imaging",
            $$"""{"modality": "mri", "performedOn": "2026-05-20", "finding": "great", "onBehalfOf": {{Physician}}}""", "finding" },
        { "grade 0", "POST", "/episodes/{episode}/imaging",
            $$"""{"modality": "mri", "performedOn": "2026-05-20", "finding": "healing", "grade": 0, "onBehalfOf": {{Physician}}}""", "grade" },
        { "performed in the future", "POST", "/episodes/{episode}/imaging",
            $$"""{"modality": "mri", "performedOn": "2026-06-05", "finding": "healing", "onBehalfOf": {{Physician}}}""", "performedOn" },
        // Transitions
        { "unknown action", "POST", "/episodes/{episode}/transitions", $$"""{"action": "teleport", "onBehalfOf": {{Physician}}}""", "action" },
        { "unknown phase", "POST", "/episodes/{episode}/transitions", $$"""{"action": "advance", "toPhase": "flying", "onBehalfOf": {{Physician}}}""", "toPhase" },
        { "skipping a phase", "POST", "/episodes/{episode}/transitions",
            $$"""{"action": "advance", "toPhase": "mobility", "effectiveAt": "2026-06-01T11:00:00Z", "onBehalfOf": {{Physician}}}""", "toPhase" },
        { "hold without a known reason", "POST", "/episodes/{episode}/transitions", $$"""{"action": "hold", "reason": "bored", "onBehalfOf": {{Physician}}}""", "reason" },
        { "transition effective in the future", "POST", "/episodes/{episode}/transitions",
            $$"""{"action": "hold", "reason": "other", "effectiveAt": "2027-01-01T00:00:00Z", "onBehalfOf": {{Physician}}}""", "effectiveAt" },
        // Lists
        { "limit 0", "GET", "/episodes?limit=0", null, "limit" },
        { "absurd limit", "GET", "/episodes?limit=1000000", null, "limit" },
        { "limit not a number", "GET", "/episodes?limit=lots", null, "limit" },
        { "forged cursor", "GET", "/episodes?cursor=not-a-cursor", null, "cursor" },
        { "unknown phase filter", "GET", "/episodes?phase=flying", null, "phase" },
        { "unknown status filter", "GET", "/episodes?status=zombie", null, "status" },
        { "negative patient limit", "GET", "/patients?limit=-1", null, "limit" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadInputIs400NamingTheFieldAndWritesNothing(string what, string method, string path, string? body, string field)
    {
        var clinic = await factory.CreateClinicAsync("bad-input");
        var api = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);

        using var request = new HttpRequestMessage(new HttpMethod(method),
            "/api/v1" + path.Replace("{patient}", episode.PatientId.ToString()).Replace("{episode}", episode.Id.ToString()));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var response = await api.Http.SendAsync(request);

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]?.AsObject();
        Assert.True(errors?.ContainsKey(field) == true, $"{what}: expected an error on '{field}', got {problem.ToJsonString()}");
        Assert.Equal(before, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic));
    }
}
