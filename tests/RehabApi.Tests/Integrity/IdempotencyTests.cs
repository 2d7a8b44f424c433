using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Api;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>A clinic system that retries a POST with the same Idempotency-Key gets the first answer again and
/// writes nothing more, on any instance of the service; a different request under the same key is refused.</summary>
public sealed class IdempotencyTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const string Physician = """{"clinicianId":"dr-1","name":"Dr Ada Bone","role":"physician"}""";
    private const string Therapist = """{"clinicianId":"pt-1","name":"Sam Stride","role":"therapist"}""";

    /// <summary>Every creating POST: (what, path with {patient} and {episode}, body, expected status).</summary>
    public static TheoryData<string, string, string, HttpStatusCode> CreatingPosts() => new()
    {
        { "patient", "/patients", """{"externalRef": "MRN-IDEMPOTENT"}""", HttpStatusCode.Created },
        { "episode", "/patients/{patient}/episodes", """{"site": "sacrum", "side": "left", "diagnosedOn": "2026-05-01"}""", HttpStatusCode.Created },
        { "clearance", "/episodes/{episode}/clearances", $$"""{"type": "no-pain-at-rest", "onBehalfOf": {{Therapist}}}""", HttpStatusCode.Created },
        { "observation", "/episodes/{episode}/observations", $$"""{"code": "fracture-site-pain", "value": 0, "onBehalfOf": {{Therapist}}}""", HttpStatusCode.Created },
        { "imaging", "/episodes/{episode}/imaging",
            $$"""{"modality": "mri", "performedOn": "2026-05-20", "finding": "healing", "onBehalfOf": {{Physician}}}""", HttpStatusCode.Created },
        { "transition", "/episodes/{episode}/transitions", $$"""{"action": "hold", "reason": "other", "onBehalfOf": {{Physician}}}""", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(CreatingPosts))]
    public async Task ARetryWithTheSameKeyAndBodyReturnsTheFirstResponseAndWritesNothing(string what, string path, string body, HttpStatusCode expected)
    {
        var (api, clinic, resolved) = await ArrangeAsync(path);
        var key = Guid.NewGuid().ToString();
        var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);

        var first = await Answer.ReadAsync(await api.PostJsonAsync(resolved, body, key));
        var afterFirst = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);
        var retry = await Answer.ReadAsync(await api.PostJsonAsync(resolved, body, key));

        Assert.True((int)expected == first.Status, $"{what}: {first.Status} {first.Body}");
        Assert.False(first.Replayed);
        Assert.NotEqual(before, afterFirst);
        Assert.Equal(first with { Replayed = true }, retry);
        Assert.Equal(afterFirst, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic));
    }

    [Theory]
    [MemberData(nameof(CreatingPosts))]
    public async Task TheSameKeyWithADifferentBodyIs422AndWritesNothing(string what, string path, string body, HttpStatusCode expected)
    {
        var (api, clinic, resolved) = await ArrangeAsync(path);
        var key = Guid.NewGuid().ToString();
        Assert.Equal(expected, (await api.PostJsonAsync(resolved, body, key)).StatusCode);
        var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);

        // The key is checked before the body is read, so the change need not make sense to the endpoint.
        var changed = JsonNode.Parse(body)!.AsObject();
        changed["note"] = "a different request";
        var problem = await RehabClient.ProblemAsync(await api.PostJsonAsync(resolved, changed.ToJsonString(), key), HttpStatusCode.UnprocessableEntity);

        Assert.True(((string)problem["detail"]!).Contains("Idempotency-Key"), $"{what}: {problem}");
        Assert.Equal(before, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic));
    }

    [Fact]
    public async Task TheSameKeyOnAnotherPathIs422()
    {
        var (api, _, _) = await ArrangeAsync("/patients");
        var key = Guid.NewGuid().ToString();
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var clearance = $$"""{"type": "no-pain-at-rest", "onBehalfOf": {{Therapist}}}""";
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync($"/episodes/{episode.Id}/clearances", clearance, key)).StatusCode);

        var other = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostJsonAsync($"/episodes/{other.Id}/clearances", clearance, key)).StatusCode);
        Assert.DoesNotContain((await api.GetHistoryAsync(other.Id)).Items, i => i.Kind == "clearance");
    }

    [Fact]
    public async Task ConcurrentRetriesWithOneKeyAllGetTheOneResponseAndWriteOnce()
    {
        var (api, clinic, _) = await ArrangeAsync("/patients");
        var key = Guid.NewGuid().ToString();
        var body = $$"""{"externalRef": "MRN-{{Guid.NewGuid():N}}"}""";

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ => await Answer.ReadAsync(await api.PostJsonAsync("/patients", body, key))));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => a with { Replayed = false }).Distinct());
        Assert.Equal(15, answers.Count(a => a.Replayed));
        Assert.Equal(1, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic))["patients"]);
    }

    [Fact]
    public async Task KeysWorkAcrossInstancesSharingTheDatabase()
    {
        await using var second = new RehabApiFactory();
        await ((IAsyncLifetime)second).InitializeAsync();
        var clinic = await factory.CreateClinicAsync("idempotency");
        var key = await factory.CreateKeyAsync(clinic, "clinic-system", "EHR");
        var onFirst = new RehabClient(factory.CreateClient(key));
        var onSecond = new RehabClient(second.CreateClient(key));
        var episode = await onFirst.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await onFirst.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);
        var advance = $$"""{"action": "advance", "onBehalfOf": {{Physician}}}""";
        var idempotencyKey = Guid.NewGuid().ToString();

        // Both instances at once, eight requests each, all with one key: one advance, sixteen identical answers.
        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
            await Answer.ReadAsync(await (i % 2 == 0 ? onFirst : onSecond).PostJsonAsync($"/episodes/{episode.Id}/transitions", advance, idempotencyKey))));

        Assert.All(answers, a => Assert.True(a.Status == 200, a.Body));
        Assert.Single(answers.Select(a => a with { Replayed = false }).Distinct());
        var history = await onSecond.GetHistoryAsync(episode.Id);
        Assert.Single(history.Items, i => i.Action == "advance");
        Assert.Equal("imaging-confirmation", (await onFirst.GetEpisodeAsync(episode.Id)).Phase);
    }

    [Fact]
    public async Task KeysBelongToOneClinic()
    {
        var key = Guid.NewGuid().ToString();
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var (api, clinic, _) = await ArrangeAsync("/patients");
            var answer = await Answer.ReadAsync(await api.PostJsonAsync("/patients", """{"externalRef": "MRN-SAME"}""", key));
            Assert.Equal((201, false), (answer.Status, answer.Replayed));
            Assert.Equal(1, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic))["patients"]);
        }
    }

    [Fact]
    public async Task AFailedRequestStoresNothingSoItsKeyCanCarryTheCorrectedRequest()
    {
        var (api, clinic, _) = await ArrangeAsync("/patients");
        var key = Guid.NewGuid().ToString();

        await RehabClient.ProblemAsync(await api.PostJsonAsync("/patients", """{"externalRef": ""}""", key), HttpStatusCode.BadRequest);
        var corrected = await Answer.ReadAsync(await api.PostJsonAsync("/patients", """{"externalRef": "MRN-FIXED"}""", key));

        Assert.Equal((201, false), (corrected.Status, corrected.Replayed));
        Assert.Equal(1, (await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic))["idempotency_records"]);
    }

    [Fact]
    public async Task AKeyThatIsNotVisibleAsciiOrTooLongIs400AndWritesNothing()
    {
        var (api, clinic, _) = await ArrangeAsync("/patients");
        foreach (var key in new[] { new string('k', 256), "two words" })
        {
            var problem = await RehabClient.ProblemAsync(
                await api.PostJsonAsync("/patients", """{"externalRef": "MRN-1"}""", key), HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey("Idempotency-Key"), problem.ToJsonString());
        }
        Assert.All(await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic), count => Assert.Equal(0, count.Value));
    }

    [Fact]
    public async Task TheOpenApiDocumentOffersTheHeaderOnEveryPostAndNoGet()
    {
        var document = (await factory.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operations = document["paths"]!.AsObject().Where(p => p.Key.StartsWith("/api/"))
            .SelectMany(p => p.Value!.AsObject().Select(op => (Method: op.Key, Name: $"{op.Key} {p.Key}", Operation: op.Value!)))
            .ToList();

        Assert.Contains(operations, o => o.Method == "post");
        foreach (var (method, name, operation) in operations)
        {
            var offersKey = operation["parameters"]?.AsArray().Any(p => (string?)p!["name"] == "Idempotency-Key" && (string?)p["in"] == "header") == true;
            Assert.True(offersKey == (method == "post"), $"{name}: Idempotency-Key offered = {offersKey}");
            Assert.True(operation["responses"]!.AsObject().ContainsKey("422") == (method == "post"), $"{name}: 422 listed wrongly");
        }
    }

    /// <summary>A new clinic with one clinic-system key, a patient with an episode, and the path filled in.</summary>
    private async Task<(RehabClient Api, string Clinic, string Path)> ArrangeAsync(string path)
    {
        var clinic = await factory.CreateClinicAsync("idempotency");
        var api = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        if (!path.Contains('{')) return (api, clinic, path);
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        return (api, clinic, path.Replace("{patient}", episode.PatientId.ToString()).Replace("{episode}", episode.Id.ToString()));
    }
}

/// <summary>What a client sees of a response: status, body, the headers a replay must repeat, and whether it was a replay.</summary>
public sealed record Answer(int Status, string Body, string? ContentType, string? Location, string? ETag, bool Replayed)
{
    public static async Task<Answer> ReadAsync(HttpResponseMessage response) => new(
        (int)response.StatusCode,
        await response.Content.ReadAsStringAsync(),
        response.Content.Headers.ContentType?.ToString(),
        response.Headers.Location?.ToString(),
        response.Headers.ETag?.ToString(),
        response.Headers.TryGetValues("Idempotent-Replayed", out var replayed) && replayed.Single() == "true");
}
