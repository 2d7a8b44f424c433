using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RehabApi.Domain;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>Fuzzes every POST endpoint: valid bodies with one thing spoiled (a hostile value in any field, a key twice,
/// a field missing or unknown, a broken body, an odd content type), a few dozen each, from a fixed seed. The answer is
/// never a 5xx: a 2xx, or a 4xx problem+json after which the clinic's rows are exactly as they were. Then every read
/// of what was written still answers.</summary>
public sealed class HostileInputTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private const int RequestsPerEndpoint = 32;
    private const string Placeholder = "__spoiled__";

    private static readonly object Physician = RehabClient.Physician;
    private static readonly object Therapist = RehabClient.Therapist;

    public static TheoryData<string> Endpoints() =>
    [
        "patients", "episodes", "clearances", "observations", "imaging", "transitions", "symptoms", "pain-report-resolution",
        "walk-run-sessions", "bone-health", "webhooks", "protocol-versions",
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task HostileBodiesGetA2xxOrA4xxProblemThatWroteNothingNeverA5xx(string endpoint)
    {
        var clinic = await factory.CreateClinicAsync("hostile");
        var target = await TargetAsync(endpoint, clinic);
        var random = new Random(StableSeed(endpoint));
        var failures = new List<string>();
        // The body left as it is is accepted, so the spoiled ones below each differ from an accepted one in one way.
        var accepted = await target.Client.PostAsJsonAsync(target.Path, target.Body);
        Assert.True(accepted.IsSuccessStatusCode, $"{endpoint}: the valid body got {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync()}");

        for (var i = 0; i < RequestsPerEndpoint; i++)
        {
            var spoiled = Spoil(target.Body, random);
            var before = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);
            using var content = new StringContent(spoiled.Body, Encoding.UTF8);
            content.Headers.ContentType = spoiled.ContentType is null ? null : MediaTypeHeaderValue.Parse(spoiled.ContentType);
            var response = await target.Client.PostAsync(target.Path, content);
            var status = (int)response.StatusCode;
            var answer = await response.Content.ReadAsStringAsync();

            var problem = status >= 500 ? "a server error"
                : status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json" ? "not problem+json"
                : status >= 400 && !IsProblem(answer, status) ? "not a complete problem (type, title, status, traceId)"
                : status >= 400 && !Same(before, await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic)) ? "refused, yet rows were written"
                : null;
            if (problem is not null)
                failures.Add($"{spoiled.What}: {problem} ({status} {Shorten(answer)})");
        }

        failures.AddRange(await UnreadableAsync(target));
        Assert.True(failures.Count == 0, $"{endpoint}:\n" + string.Join("\n", failures));
    }

    /// <summary>One POST endpoint: who calls it, where, and a body it accepts.</summary>
    private sealed record Target(HttpClient Client, string Path, JsonObject Body, IReadOnlyList<(HttpClient Client, string Path)> Reads);

    private async Task<Target> TargetAsync(string endpoint, string clinic)
    {
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, Roles.ClinicSystem, "EHR")));
        var admin = factory.CreateClient(await factory.CreateKeyAsync(clinic, Roles.ClinicAdmin, "Admin"));
        var today = Dates.Today;
        if (endpoint == "patients")
            return new(system.Http, "/api/v1/patients", Json(new { externalRef = "MRN-1", sex = "female", birthYear = 1990 }),
                [(system.Http, "/api/v1/patients?limit=200")]);
        if (endpoint == "webhooks")
            return new(admin, "/api/v1/webhooks", Json(new { url = "https://example.org/hook", eventTypes = new[] { "*" } }),
                [(admin, "/api/v1/webhooks")]);
        if (endpoint == "protocol-versions")
        {
            var builtIn = (await admin.GetFromJsonAsync<JsonObject>($"/api/v1/protocols/hip-bsi/versions/{RehabApi.Domain.Protocols.ProtocolCatalog.Default.Version}"))!;
            // Whatever is published becomes the clinic's current version: new episodes must still open and read.
            return new(admin, "/api/v1/protocols/hip-bsi/versions", builtIn, [(admin, "/api/v1/protocols")]);
        }

        var steps = new JourneySteps(system);
        var episode = endpoint switch
        {
            "walk-run-sessions" => await ReachedAsync(steps, "return-to-impact"),
            "pain-report-resolution" => await steps.ReadyToLeavePartialWeightBearingAsync(),
            _ => await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1)),
        };
        var id = episode.Id;
        var app = await factory.PatientAppAsync(episode.PatientId, clinic);
        IReadOnlyList<(HttpClient, string)> reads =
        [
            .. new[] { "", "/gate", "/history", "/plan", "/timeline", "/pain-reports", "/bone-health" }
                .Select(part => (system.Http, $"/api/v1/episodes/{id}{part}")),
            (system.Http, $"/api/v1/fhir/CarePlan/{id}"), (system.Http, "/api/v1/events?limit=200"), (app.Http, $"/api/v1/episodes/{id}/plan"),
        ];
        return endpoint switch
        {
            "episodes" => new(system.Http, $"/api/v1/patients/{episode.PatientId}/episodes", Json(new
            {
                site = "femoral-neck-compression", side = "left", diagnosedOn = "2026-05-01", nonWeightBearingSince = "2026-05-02",
                plannedNonWeightBearingWeeks = 6, displaced = false, neckWidthPercent = 20.5, mriGrade = 2, riskFactors = new[] { "low-bmi" },
            }), [(system.Http, $"/api/v1/episodes?patientId={episode.PatientId}")]),
            "clearances" => new(system.Http, $"/api/v1/episodes/{id}/clearances",
                Json(new { type = "no-pain-at-rest", effectiveAt = "2026-06-01T11:00:00Z", note = "Seen today.", onBehalfOf = Therapist }), reads),
            "observations" => new(system.Http, $"/api/v1/episodes/{id}/observations",
                Json(new { code = "fracture-site-pain", value = 1.5, unit = "nrs", effectiveAt = "2026-06-01T11:00:00Z", note = "n", onBehalfOf = Therapist }), reads),
            "imaging" => new(system.Http, $"/api/v1/episodes/{id}/imaging", Json(new
            {
                modality = "mri", performedOn = "2026-05-20", finding = "healing", grade = 2, note = "n", effectiveAt = "2026-06-01T11:00:00Z", onBehalfOf = Physician,
            }), reads),
            "transitions" => new(system.Http, $"/api/v1/episodes/{id}/transitions",
                Json(new { action = "hold", toPhase = "non-weight-bearing", reason = "other", note = "n", effectiveAt = "2026-06-01T11:00:00Z", onBehalfOf = Physician }), reads),
            "symptoms" => new(app.Http, $"/api/v1/episodes/{id}/symptoms", Json(new
            {
                date = today, painAtRest = 0, painWithActivity = 2, painNextMorning = 1, usingCrutches = true, exercisesDone = false, note = "Sore.",
            }), reads),
            "pain-report-resolution" => new(system.Http, $"/api/v1/episodes/{id}/pain-reports/{await PainReportAsync(app, id)}/resolution",
                Json(new { note = "Settled with rest.", onBehalfOf = Therapist }), reads),
            "walk-run-sessions" => new(app.Http, $"/api/v1/episodes/{id}/walk-run-sessions",
                Json(new { date = today, step = 1, completed = true, pain = false, note = "Easy." }), reads),
            "bone-health" => new(system.Http, $"/api/v1/episodes/{id}/bone-health", Json(new
            {
                dietaryRestriction = "none", bmi = 21.5, bmdZScore = -0.5, priorBoneStressInjuries = 1, note = "n", onBehalfOf = Physician,
            }), reads),
            _ => throw new ArgumentException($"No endpoint {endpoint}."),
        };
    }

    private static async Task<RehabApi.Episodes.EpisodeResponse> ReachedAsync(JourneySteps steps, string phase)
    {
        var episode = await steps.NewEpisodeAsync();
        await steps.ReachAsync(episode.Id, phase);
        return episode;
    }

    private static async Task<Guid> PainReportAsync(RehabClient app, Guid episode)
    {
        var response = await app.Http.PostAsJsonAsync($"/api/v1/episodes/{episode}/symptoms",
            new { date = Dates.Today, painAtRest = 0, painWithActivity = 3 });
        return (Guid)(await RehabClient.ReadAsync<JsonObject>(response, System.Net.HttpStatusCode.Created))["id"]!;
    }

    /// <summary>Reads that fail (5xx) after the endpoint accepted what it accepted.</summary>
    private static async Task<IEnumerable<string>> UnreadableAsync(Target target)
    {
        var failures = new List<string>();
        foreach (var (client, path) in target.Reads)
        {
            var response = await client.GetAsync(path);
            if ((int)response.StatusCode >= 500)
                failures.Add($"GET {path} afterwards: {(int)response.StatusCode} {Shorten(await response.Content.ReadAsStringAsync())}");
        }
        return failures;
    }

    private sealed record Spoiled(string What, string Body, string? ContentType = "application/json");

    /// <summary>The valid body with one thing spoiled.</summary>
    private static Spoiled Spoil(JsonObject valid, Random random)
    {
        var body = (JsonObject)valid.DeepClone();
        var nodes = Descendants(body).ToList();
        var (node, path) = nodes[random.Next(nodes.Count)];
        var hostile = Pick(random, HostileValues);
        switch (random.Next(12))
        {
            case < 7:
                node.ReplaceWith(JsonValue.Create(Placeholder));
                return new($"{path} = {Shorten(hostile)}", body.ToJsonString().Replace($"\"{Placeholder}\"", hostile));
            case 7:
                // A key twice in one object, the second time as it is or in another letter case; the value a valid one or not.
                var owner = Pick(random, nodes.Select(n => n.Node).OfType<JsonObject>().Where(o => o.Count > 0).Prepend(body));
                var key = owner.ElementAt(random.Next(owner.Count)).Key;
                var twice = random.Next(2) == 0 ? key : char.ToUpperInvariant(key[0]) + key[1..];
                var value = random.Next(2) == 0 ? owner[key]?.ToJsonString() ?? "null" : hostile;
                owner[Placeholder] = 0;
                return new($"{owner.GetPath()}.{key} twice (as {twice}) = {Shorten(value)}",
                    body.ToJsonString().Replace($"\"{Placeholder}\":0", $"{JsonSerializer.Serialize(twice)}:{value}"));
            case 8:
                if (node.Parent is JsonObject parent) parent.Remove(node.GetPropertyName());
                else if (node.Parent is JsonArray array) array.Remove(node);
                return new($"{path} left out", body.ToJsonString());
            case 9:
                body["nickname"] = "Speedy";
                return new("an unknown field", body.ToJsonString());
            case 10:
                var (what, raw) = Pick(random, BrokenBodies(valid.ToJsonString()));
                return new(what, raw);
            default:
                var contentType = Pick(random, ContentTypes);
                return new($"content type {contentType ?? "(none)"}", valid.ToJsonString(), contentType);
        }
    }

    private static IEnumerable<(JsonNode Node, string Path)> Descendants(JsonNode node)
    {
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return (child, child.GetPath());
            foreach (var below in Descendants(child)) yield return below;
        }
    }

    /// <summary>Raw JSON values: text with control characters and unicode oddities, text too long for any field, numbers
    /// too big, negative, fractional, or sent as strings, other types, deep nesting, impossible dates and times.</summary>
    private static readonly string[] HostileValues =
    [
        "\"\"", "\"   \"", Text("\0"), Text("MRN\0-1"), Text("\u001b[2J"), Text("\u0085"), Text("\u007f"), Text("tab\tand\r\nnew line"),
        Text("\u202eevil"), Text("\u200b"), Text("\ufeffbom"), Text("\uffff"), Text("😀"), Text("e\u0301"), "\"\\ud800\"", "\"x\\udc00\"",
        Text(new string('x', 129)), Text(new string('x', 4001)), Text(new string('é', 20_000)), Text(new string('x', 70_000)),
        "0", "-1", "-0", "1.5", "0.001", "1e308", "-1e308", "1e-308", "2147483648", "-2147483649", "9223372036854775808",
        "79228162514264337593543950336", "1E+400", "9999999.995", "123456789.5",
        "\"1\"", "\"1e3\"", "\"NaN\"", "\"-Infinity\"", "null", "true", "false", "[]", "{}", "[null]", "[1, \"a\", {}]",
        "{\"a\": 1}", "{\"$ref\": \"#\"}", new string('[', 100) + new string(']', 100),
        "\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "\"2026-06-01\"", "\"2026-06-01T12:00:00\"",
        "\"0001-01-01T00:00:00+14:00\"", "\"9999-12-31T23:59:59.9999999-14:00\"", "\"2026-06-01T11:59:00Z\"",
    ];

    private static IEnumerable<(string What, string Body)> BrokenBodies(string valid) =>
    [
        ("an empty body", ""), ("null", "null"), ("an array", "[]"), ("a string", "\"text\""), ("a number", "42"),
        ("an empty object", "{}"), ("a cut-off body", valid[..(valid.Length / 2)]), ("trailing garbage", valid + " x"),
        ("two bodies", valid + valid), ("a trailing comma", valid[..^1] + ",}"), ("a comment", "/* hi */" + valid),
        ("a byte-order mark", "\ufeff" + valid), ("deep nesting", new string('[', 5000) + new string(']', 5000)),
    ];

    private static readonly string?[] ContentTypes =
    [
        null, "text/plain", "application/xml", "application/json; charset=utf-16", "application/json; charset=bogus",
        "application/json; charset=iso-8859-1", "application/json; charset=\"utf-8\"", "application/json; charset=utf-7",
        "application/merge-patch+json", "multipart/form-data; boundary=x",
    ];

    private static JsonObject Json(object body) => JsonSerializer.SerializeToNode(body, RehabClient.Json)!.AsObject();

    private static string Text(string text) => JsonSerializer.Serialize(text);

    private static T Pick<T>(Random random, IEnumerable<T> items)
    {
        var list = items as IReadOnlyList<T> ?? items.ToList();
        return list[random.Next(list.Count)];
    }

    private static bool IsProblem(string body, int status)
    {
        try
        {
            var problem = JsonNode.Parse(body)!.AsObject();
            return (int?)problem["status"] == status && problem["type"] is not null && problem["title"] is not null
                   && !string.IsNullOrEmpty((string?)problem["traceId"]);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool Same(Dictionary<string, long> before, Dictionary<string, long> after) =>
        before.All(count => after[count.Key] == count.Value);

    /// <summary>string.GetHashCode differs between runs; the seed may not.</summary>
    private static int StableSeed(string name) => name.Aggregate(17, (hash, c) => hash * 31 + c);

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
