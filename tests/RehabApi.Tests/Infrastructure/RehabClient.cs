using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RehabApi.Episodes;
using RehabApi.History;
using RehabApi.Patients;

namespace RehabApi.Tests.Infrastructure;

/// <summary>The API as a clinic system sees it, with helpers that read like the steps of a test.</summary>
public sealed class RehabClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static readonly object Physician = new { clinicianId = "dr-1", name = "Dr Ada Bone", role = "physician" };
    public static readonly object Therapist = new { clinicianId = "pt-1", name = "Sam Stride", role = "therapist" };

    public HttpClient Http => http;

    public async Task<PatientResponse> CreatePatientAsync(string? externalRef = null)
    {
        var response = await http.PostAsJsonAsync("/api/v1/patients", new { externalRef = externalRef ?? $"MRN-{Guid.NewGuid():N}" });
        return await ReadAsync<PatientResponse>(response, HttpStatusCode.Created);
    }

    /// <summary>A patient with one episode; by default a low-risk pubic ramus fracture diagnosed on <paramref name="diagnosedOn"/>.</summary>
    public async Task<EpisodeResponse> CreateEpisodeAsync(DateOnly diagnosedOn, string site = "pubic-ramus", object? extra = null) =>
        await CreateEpisodeForAsync((await CreatePatientAsync()).Id, diagnosedOn, site, extra);

    public async Task<EpisodeResponse> CreateEpisodeForAsync(Guid patientId, DateOnly diagnosedOn, string site = "pubic-ramus", object? extra = null)
    {
        var body = JsonSerializer.SerializeToNode(new { site, side = "left", diagnosedOn }, Json)!.AsObject();
        if (extra is not null)
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra, Json)!.AsObject())
                body[key] = value?.DeepClone();
        var response = await http.PostAsJsonAsync($"/api/v1/patients/{patientId}/episodes", body);
        return await ReadAsync<EpisodeResponse>(response, HttpStatusCode.Created);
    }

    public Task<HttpResponseMessage> PostClearanceAsync(Guid episodeId, string type, object actor, DateTimeOffset? effectiveAt = null) =>
        http.PostAsJsonAsync($"/api/v1/episodes/{episodeId}/clearances", new { type, effectiveAt, onBehalfOf = actor });

    public async Task SignAsync(Guid episodeId, string type, object actor, DateTimeOffset? effectiveAt = null) =>
        await ReadAsync<EpisodeRecordResponse>(await PostClearanceAsync(episodeId, type, actor, effectiveAt), HttpStatusCode.Created);

    public async Task ObserveAsync(Guid episodeId, string code, decimal value, DateTimeOffset? effectiveAt = null) =>
        await ReadAsync<EpisodeRecordResponse>(
            await http.PostAsJsonAsync($"/api/v1/episodes/{episodeId}/observations", new { code, value, effectiveAt, onBehalfOf = Therapist }),
            HttpStatusCode.Created);

    public async Task ImageAsync(Guid episodeId, DateOnly performedOn, string finding, DateTimeOffset? effectiveAt = null) =>
        await ReadAsync<EpisodeRecordResponse>(
            await http.PostAsJsonAsync($"/api/v1/episodes/{episodeId}/imaging",
                new { modality = "mri", performedOn, finding, effectiveAt, onBehalfOf = Physician }),
            HttpStatusCode.Created);

    public Task<HttpResponseMessage> PostWalkRunSessionAsync(Guid episodeId, DateOnly date, int step, bool pain = false, bool completed = true) =>
        http.PostAsJsonAsync($"/api/v1/episodes/{episodeId}/walk-run-sessions", new { date, step, completed, pain });

    /// <summary>Records a walk–run session and returns the 201 body (with whether it counted).</summary>
    public async Task<JsonObject> RunAsync(Guid episodeId, DateOnly date, int step, bool pain = false, bool completed = true) =>
        await ReadAsync<JsonObject>(await PostWalkRunSessionAsync(episodeId, date, step, pain, completed), HttpStatusCode.Created);

    public Task<HttpResponseMessage> TransitionAsync(
        Guid episodeId, string action, object actor, DateTimeOffset? effectiveAt = null, string? toPhase = null, string? reason = null) =>
        http.PostAsJsonAsync($"/api/v1/episodes/{episodeId}/transitions", new { action, toPhase, reason, effectiveAt, onBehalfOf = actor });

    public async Task<EpisodeResponse> AdvanceAsync(Guid episodeId, DateTimeOffset? effectiveAt = null, object? actor = null) =>
        await ReadAsync<EpisodeResponse>(await TransitionAsync(episodeId, "advance", actor ?? Physician, effectiveAt), HttpStatusCode.OK);

    /// <summary>The codes of the <c>unmet</c> list of a 409 from a blocked advance.</summary>
    public async Task<string[]> BlockedAdvanceAsync(Guid episodeId, DateTimeOffset? effectiveAt = null)
    {
        var problem = await ProblemAsync(await TransitionAsync(episodeId, "advance", Physician, effectiveAt), HttpStatusCode.Conflict);
        return problem["unmet"]!.AsArray().Select(u => (string)u!["code"]!).Order().ToArray();
    }

    public async Task<EpisodeResponse> GetEpisodeAsync(Guid episodeId) =>
        await ReadAsync<EpisodeResponse>(await http.GetAsync($"/api/v1/episodes/{episodeId}"), HttpStatusCode.OK);

    public async Task<JsonObject> GetGateAsync(Guid episodeId) =>
        await ReadAsync<JsonObject>(await http.GetAsync($"/api/v1/episodes/{episodeId}/gate"), HttpStatusCode.OK);

    public async Task<EpisodeHistory> GetHistoryAsync(Guid episodeId) =>
        await ReadAsync<EpisodeHistory>(await http.GetAsync($"/api/v1/episodes/{episodeId}/history"), HttpStatusCode.OK);

    /// <summary>POSTs a raw JSON body to a path under /api/v1, with an Idempotency-Key when one is given.</summary>
    public async Task<HttpResponseMessage> PostJsonAsync(string path, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1" + path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await http.SendAsync(request);
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    /// <summary>Asserts a problem+json answer with the given status and returns its body.</summary>
    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await ReadAsync<JsonObject>(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["traceId"]), "problem has no traceId");
        Assert.NotNull(problem["title"]);
        return problem;
    }
}

public static class Dates
{
    public static DateOnly Today => DateOnly.FromDateTime(RehabApiFactory.Now.UtcDateTime);

    /// <summary>Noon UTC of a date: a convenient effective time.</summary>
    public static DateTimeOffset At(this DateOnly date, int hour = 12) => new(date.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);
}
