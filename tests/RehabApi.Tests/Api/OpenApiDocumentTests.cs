using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>The OpenAPI document tells the truth (API.md, "The OpenAPI document is part of the contract"): what
/// is required and what may be null on the wire, every status, header, code and problem shape. Every exchange of
/// every HTTP test is also held to it by <see cref="OpenApiConformanceHandler"/>; these tests pin the findings of
/// issue 16 one by one.</summary>
public sealed class OpenApiDocumentTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private readonly RehabClient api = new(factory.CreateClient());

    [Fact]
    public async Task AnswersWriteNullPropertiesThatTheDocumentMarksRequired()
    {
        // No sex, no birth year, no hold, no neck width: each is written as null, not left out.
        var patient = await ReadRawAsync(await api.Http.PostAsJsonAsync("/api/v1/patients", new { externalRef = $"MRN-{Guid.NewGuid():N}" }));
        foreach (var field in new[] { "sex", "birthYear" })
            Assert.True(patient.ContainsKey(field) && patient[field] is null, $"patient.{field} should be written as null: {patient}");
        var episode = await ReadRawAsync(await api.Http.PostAsJsonAsync($"/api/v1/patients/{patient["id"]}/episodes",
            new { site = "pubic-ramus", side = "left", diagnosedOn = "2026-05-01" }));
        foreach (var field in new[] { "hold", "neckWidthPercent", "mriGrade" })
            Assert.True(episode.ContainsKey(field) && episode[field] is null, $"episode.{field} should be written as null: {episode}");
        var page = await ReadRawAsync(await api.Http.GetAsync($"/api/v1/patients?externalRef={patient["externalRef"]}"));
        Assert.True(page.ContainsKey("nextCursor") && page["nextCursor"] is null, $"nextCursor should be written as null: {page}");

        // And the document says so: such properties are required and nullable.
        var document = await DocumentAsync();
        foreach (var (schema, property) in new[] { ("PatientResponse", "sex"), ("EpisodeResponse", "hold"), ("PatientPage", "nextCursor"),
                     ("RequirementResult", "earliestDate"), ("EpisodeRecordResponse", "toPhase"), ("ActorResponse", "clinicianId"),
                     ("TimelinePhase", "leftOn"), ("ProtocolSummary", "publishedAt") })
        {
            Assert.Contains(property, Required(document, schema));
            Assert.True(IsNullable(Property(document, schema, property)), $"{schema}.{property} should be nullable");
        }
    }

    [Fact]
    public async Task RequestFieldsAreRequiredExactlyWhenTheServerRequiresThem()
    {
        var document = await DocumentAsync();
        var expected = new Dictionary<string, string[]>
        {
            ["CreatePatientRequest"] = ["externalRef"],
            ["CreateEpisodeRequest"] = ["site", "side", "diagnosedOn"],
            ["TransitionRequest"] = ["action"],
            ["RecordClearanceRequest"] = ["type"],
            ["RecordObservationRequest"] = ["code", "value"],
            ["RecordImagingRequest"] = ["modality", "performedOn", "finding"],
            ["RecordSymptomsRequest"] = ["date", "painAtRest", "painWithActivity"],
            ["RecordWalkRunSessionRequest"] = ["date", "step", "completed", "pain"],
            ["ResolvePainReportRequest"] = ["note"],
            ["CreateWebhookRequest"] = ["url", "eventTypes"],
            ["OnBehalfOf"] = ["clinicianId", "name", "role"],
        };
        foreach (var (schema, required) in expected)
        {
            Assert.Equal(required.Order(), Required(document, schema).Order());
            foreach (var field in required)
                Assert.False(IsNullable(Property(document, schema, field)), $"{schema}.{field} is required, so it may not be null");
        }
        Assert.True(IsNullable(Property(document, "CreatePatientRequest", "sex")), "an optional field may be sent as null");
    }

    [Fact]
    public async Task ProblemSchemasAllowTheTraceIdAndExtensionMembers()
    {
        var document = await DocumentAsync();
        var contract = new OpenApiContract(document);
        var problem = JsonSerializer.SerializeToElement(new
        {
            type = "https://tools.ietf.org/html/rfc9110#section-15.5.5", title = "Not found", status = 404,
            detail = "No episode.", traceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        });
        Assert.Empty(contract.Evaluate(Ref("ProblemDetails"), problem));
        var invalid = JsonSerializer.SerializeToElement(new
        {
            type = "https://tools.ietf.org/html/rfc9110#section-15.5.1", title = "One or more fields are invalid.", status = 400,
            detail = "One or more fields are invalid: errors lists each with its messages.", traceId = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", errors = new { site = new[] { "site is required." } },
        });
        Assert.Empty(contract.Evaluate(Ref("HttpValidationProblemDetails"), invalid));
        Assert.Contains("traceId", Required(document, "ProblemDetails"));
        Assert.Contains("errors", Required(document, "HttpValidationProblemDetails"));
    }

    [Fact]
    public async Task ATransitionOfAClosedEpisodeIsAPlainConflictAndBothConflictShapesAreDocumented()
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        Assert.Equal(HttpStatusCode.OK, (await api.TransitionAsync(episode.Id, "withdraw", RehabClient.Physician)).StatusCode);

        // The handler checks this answer against the document: a conflict without unmet must be in it.
        var closed = await RehabClient.ProblemAsync(await api.TransitionAsync(episode.Id, "advance", RehabClient.Physician), HttpStatusCode.Conflict);
        Assert.Null(closed["unmet"]);

        var document = await DocumentAsync();
        var conflict = document["paths"]!["/api/v1/episodes/{id}/transitions"]!["post"]!["responses"]!["409"]!["content"]!["application/problem+json"]!["schema"]!;
        // One base problem whose discriminator (type) names both shapes, each derived from it (allOf).
        Assert.Equal("#/components/schemas/TransitionConflictProblem", (string)conflict["$ref"]!);
        var mapping = document["components"]!["schemas"]!["TransitionConflictProblem"]!["discriminator"]!["mapping"]!.AsObject();
        Assert.Equal(["#/components/schemas/ConflictProblem", "#/components/schemas/GateBlockedProblem"],
            mapping.Select(m => (string)m.Value!).Order());
    }

    [Fact]
    public async Task TheDocumentListsTheHeadersAndEveryStatusAnOperationCanAnswer()
    {
        var document = await DocumentAsync();
        var transition = document["paths"]!["/api/v1/episodes/{id}/transitions"]!["post"]!;
        Assert.Contains(transition["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match" && (string)p["in"]! == "header");
        Assert.True((bool)transition["responses"]!["200"]!["headers"]!["ETag"]!["required"]!);
        Assert.True((bool)document["paths"]!["/api/v1/episodes/{id}"]!["get"]!["responses"]!["200"]!["headers"]!["ETag"]!["required"]!);

        foreach (var (name, operation) in Operations(document))
        {
            var responses = operation["responses"]!.AsObject();
            foreach (var status in new[] { "401", "429", "503" })
                Assert.True(responses.ContainsKey(status), $"{name} does not document {status}");
            foreach (var status in new[] { "429", "503" })
                Assert.True((bool?)responses[status]!["headers"]?["Retry-After"]?["required"] == true, $"{name}: {status} without Retry-After");
            foreach (var (status, response) in responses.Where(r => r.Key == "201"))
                Assert.True((bool?)response!["headers"]?["Location"]?["required"] == true, $"{name}: 201 without Location");
            if (operation["requestBody"] is not null)
            {
                foreach (var status in new[] { "400", "413", "415" })
                    Assert.True(responses.ContainsKey(status), $"{name} takes a body but does not document {status}");
            }
            if (name.StartsWith("post ", StringComparison.Ordinal))
            {
                var success = responses.Single(r => r.Key.StartsWith('2')).Value!;
                Assert.True(success["headers"]?["Idempotent-Replayed"] is not null, $"{name} does not document Idempotent-Replayed");
            }
        }
    }

    [Fact]
    public async Task CodesAreEnumeratedFromTheDomainsCodeLists()
    {
        var document = await DocumentAsync();
        Assert.Equal(["advance", "regress", "hold", "resume", "withdraw"], Enum(Property(document, "TransitionRequest", "action")));
        Assert.Equal(["left", "right", "bilateral", "not-applicable"], Enum(Property(document, "CreateEpisodeRequest", "side")));
        Assert.Contains("pubic-ramus", Enum(Property(document, "CreateEpisodeRequest", "site")));
        Assert.Contains("return-to-impact", Enum(Property(document, "EpisodeResponse", "phase")));
        Assert.Equal(["active", "on-hold", "closed"], Enum(Property(document, "EpisodeResponse", "status")));
        Assert.Contains("displacement-risk", Enum(Property(document, "HoldResponse", "reason")));
        Assert.Contains("impact-approved", Enum(Property(document, "RecordClearanceRequest", "type")));
        Assert.Contains("fracture-site-pain", Enum(Property(document, "RecordObservationRequest", "code")));
        Assert.Equal(["xray", "mri", "ct", "bone-scan"], Enum(Property(document, "RecordImagingRequest", "modality")));
        Assert.Contains("displacement", Enum(Property(document, "RecordImagingRequest", "finding")));
        Assert.Equal(["physician", "therapist"], Enum(Property(document, "OnBehalfOf", "role")));
        Assert.Contains("patient-app", Enum(Property(document, "ActorResponse", "callerRole")));
        Assert.Contains("episode.advanced", Enum(Property(document, "EventResponse", "type")));
        Assert.Contains("too-soon", Enum(Property(document, "WalkRunReason", "code")));
        Assert.Contains("eating-disorder", Enum(Property(document, "RecordBoneHealthRequest", "dietaryRestriction")));
        var listEpisodes = document["paths"]!["/api/v1/episodes"]!["get"]!["parameters"]!.AsArray();
        Assert.Equal(["active", "on-hold", "closed"], Enum(listEpisodes.Single(p => (string)p!["name"]! == "status")!["schema"]!));
        // A code that may be absent is null or a code: the enum lists null too, or no null could pass it.
        Assert.Contains(null, Enum(Property(document, "CreatePatientRequest", "sex")));
    }

    /// <summary>The answers of the README's worked example and of the main reads.</summary>
    private static readonly string[] MainOperations =
    [
        "CreatePatient", "GetPatient", "ListPatients", "CreateEpisode", "GetEpisode", "ListEpisodes", "GetGate", "PostTransition",
        "RecordClearance", "RecordObservation", "RecordImaging", "GetHistory", "CreateWebhook", "ReadEvents",
    ];

    [Fact]
    public async Task EveryRequestBodyAndMainAnswerHasAnExampleThatTheDocumentItselfAccepts()
    {
        var document = await DocumentAsync();
        var contract = new OpenApiContract(document);
        var examples = 0;
        foreach (var (name, operation) in Operations(document))
        {
            if (operation["requestBody"] is { } requestBody)
                Assert.True(requestBody["content"]?["application/json"]?["example"] is not null, $"{name} has no request example");
            if (MainOperations.Contains((string)operation["operationId"]!))
            {
                var (status, success) = operation["responses"]!.AsObject().First(r => r.Key.StartsWith('2'));
                Assert.True(success!["content"]?["application/json"]?["example"] is not null, $"{name} has no example of its {status}");
            }
            // Whatever example there is, the document itself accepts it.
            var media = (operation["requestBody"]?["content"]?.AsObject() ?? [])
                .Concat(operation["responses"]!.AsObject().SelectMany(r => r.Value!["content"]?.AsObject() ?? []));
            foreach (var (type, content) in media.Where(m => m.Value!["example"] is not null))
            {
                examples++;
                Assert.Empty(contract.Evaluate(content!["schema"]!, JsonSerializer.SerializeToElement(content["example"])).Select(e => $"{name} {type} example {e}"));
            }
        }
        Assert.True(examples > MainOperations.Length);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIs415AsDocumented()
    {
        var response = await api.Http.PostAsync("/api/v1/patients", new StringContent("externalRef=MRN-1", System.Text.Encoding.UTF8, "text/plain"));

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", (string)problem["detail"]!);
    }

    [Fact]
    public async Task AMethodThatAPathDoesNotListIs405WithAllowAsTheDocumentSays()
    {
        var response = await api.Http.DeleteAsync("/api/v1/patients");

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Contains("DELETE", (string)problem["detail"]!);
        Assert.Equal(["GET", "POST"], response.Content.Headers.Allow.Order());
        Assert.Contains("405", (string)(await DocumentAsync())["info"]!["description"]!);
    }

    [Fact]
    public async Task NumbersAreNumbersInTheDocumentAndOnTheWire()
    {
        var document = await DocumentAsync();
        var numbers = Descendants(document).OfType<JsonObject>()
            .Where(s => Types(s).Any(t => t is "integer" or "number"))
            .ToList();
        Assert.NotEmpty(numbers);
        Assert.All(numbers, s => Assert.True(!Types(s).Contains("string") && s["pattern"] is null, $"a number typed as text: {s.ToJsonString()}"));

        var response = await api.PostJsonAsync("/patients", $$"""{"externalRef": "MRN-{{Guid.NewGuid():N}}", "birthYear": "1990"}""");
        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]!["birthYear"]);
    }

    [Fact]
    public async Task TheFhirCarePlanIsDescribedAsTheOpenFhirResourceItIs()
    {
        var episode = await api.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        // The handler validates the whole CarePlan, activities and all, against the document.
        var carePlan = await api.Http.GetAsync($"/api/v1/fhir/CarePlan/{episode.Id}");
        Assert.Equal(HttpStatusCode.OK, carePlan.StatusCode);

        var document = await DocumentAsync();
        var schema = document["components"]!["schemas"]!["CarePlanDocument"]!;
        Assert.NotEqual(false, (bool?)schema["additionalProperties"]);
        Assert.Equal(["CarePlan"], Enum(schema["properties"]!["resourceType"]!));
    }

    [Fact]
    public async Task TheServerUrlHasNoTrailingSlashAndOperationIdsAreUnique()
    {
        var document = await DocumentAsync();
        var servers = document["servers"]!.AsArray();
        Assert.NotEmpty(servers);
        Assert.All(servers, s => Assert.False(((string)s!["url"]!).EndsWith('/'), $"server url {s["url"]} ends with a slash"));
        var ids = Operations(document).Select(o => (string?)o.Operation["operationId"]).ToList();
        Assert.All(ids, id => Assert.False(string.IsNullOrEmpty(id)));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task TheCheckerRefusesAnswersAndRequestsOutsideTheDocument()
    {
        var contract = new OpenApiContract(await DocumentAsync());
        var (template, operation) = contract.Find(HttpMethod.Post, "/api/v1/patients");
        Assert.Equal("/api/v1/patients", template);

        var undocumented = new HttpResponseMessage((HttpStatusCode)418) { Content = new StringContent("") };
        Assert.NotEmpty(contract.CheckResponse(operation!, undocumented, ""));
        var missingField = Json(HttpStatusCode.Created, """{"id": "0198c0de-0000-7000-8000-000000000001", "externalRef": "MRN-1"}""");
        Assert.NotEmpty(contract.CheckResponse(operation!, missingField, await missingField.Content.ReadAsStringAsync()));
        using var unknownField = new HttpRequestMessage(HttpMethod.Post, "http://localhost/api/v1/patients")
        {
            Content = new StringContent("""{"externalRef": "MRN-1", "nickname": "Speedy"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        Assert.NotEmpty(contract.CheckRequest(operation!, unknownField, await unknownField.Content.ReadAsStringAsync()));
        Assert.Equal((null, null), contract.Find(HttpMethod.Get, "/health/live"));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

    private async Task<JsonObject> DocumentAsync() =>
        (await factory.CreateClient(apiKey: null).GetFromJsonAsync<JsonObject>(OpenApiConformanceHandler.DocumentPath))!;

    private static async Task<JsonObject> ReadRawAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static IEnumerable<(string Name, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject()
            .Where(path => path.Key.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(path => path.Value!.AsObject()
                .Where(op => op.Key is "get" or "post" or "put" or "patch" or "delete")
                .Select(op => ($"{op.Key} {path.Key}", op.Value!.AsObject())));

    private static JsonObject Ref(string schema) => new() { ["$ref"] = $"#/components/schemas/{schema}" };

    private static List<string> Required(JsonObject document, string schema) =>
        document["components"]!["schemas"]![schema]!["required"]?.AsArray().Select(r => (string)r!).ToList() ?? [];

    private static JsonNode Property(JsonObject document, string schema, string property) =>
        document["components"]!["schemas"]![schema]!["properties"]![property]
        ?? throw new InvalidOperationException($"{schema} has no property {property}");

    private static List<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => (string)t!).ToList(),
        JsonValue one => [(string)one!],
        _ => [],
    };

    /// <summary>Null allowed: a type list with "null", or a oneOf/anyOf offering {"type": "null"}.</summary>
    private static bool IsNullable(JsonNode schema) =>
        Types(schema).Contains("null")
        || new[] { "oneOf", "anyOf" }.Any(k => schema[k]?.AsArray().Any(s => Types(s!).Contains("null")) == true);

    /// <summary>The enum of a property, of an array's items, or of the non-null branch of a nullable.</summary>
    private static List<string?> Enum(JsonNode schema)
    {
        var values = schema["enum"] ?? schema["items"]?["enum"]
            ?? schema["oneOf"]?.AsArray().Select(s => s!["enum"]).FirstOrDefault(e => e is not null)
            ?? throw new Xunit.Sdk.XunitException($"no enum in {schema.ToJsonString()}");
        return values.AsArray().Select(v => (string?)v).ToList();
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Value is null ? [] : Descendants(p.Value)).Prepend(o),
        JsonArray a => a.SelectMany(v => v is null ? [] : Descendants(v)).Prepend(a),
        _ => [node],
    };
}
