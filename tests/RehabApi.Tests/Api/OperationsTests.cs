using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Operations;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Api;

/// <summary>What an operator and an integrator rely on: health checks, the OpenAPI document, Swagger UI,
/// `migrate` being safe to repeat, and the protocol served as data.</summary>
public sealed class OperationsTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task HealthChecksAnswerWithoutAKey()
    {
        var client = factory.CreateClient(apiKey: null);
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", await client.GetStringAsync("/health/ready"));
    }

    [Theory]
    [InlineData("/api/v1/patients", "post", "201", "400,401,403,409,429")]
    [InlineData("/api/v1/patients/{id}", "get", "200", "401,403,404")]
    [InlineData("/api/v1/patients/{patientId}/episodes", "post", "201", "400,403,404")]
    [InlineData("/api/v1/episodes", "get", "200", "400,401")]
    [InlineData("/api/v1/episodes/{id}", "get", "200", "404")]
    [InlineData("/api/v1/episodes/{id}/gate", "get", "200", "404")]
    [InlineData("/api/v1/episodes/{id}/clearances", "post", "201", "400,403,404,409")]
    [InlineData("/api/v1/episodes/{id}/observations", "post", "201", "400,403,404,409")]
    [InlineData("/api/v1/episodes/{id}/imaging", "post", "201", "400,403,404,409")]
    [InlineData("/api/v1/episodes/{id}/transitions", "post", "200", "400,403,404,409,412")]
    [InlineData("/api/v1/episodes/{id}/history", "get", "200", "404")]
    [InlineData("/api/v1/episodes/{id}/symptoms", "post", "201", "400,403,404,409,422")]
    [InlineData("/api/v1/episodes/{id}/pain-reports", "get", "200", "403,404")]
    [InlineData("/api/v1/episodes/{id}/pain-reports/{reportId}/resolution", "post", "201", "400,403,404,409")]
    [InlineData("/api/v1/episodes/{id}/walk-run-sessions", "post", "201", "400,403,404,409")]
    [InlineData("/api/v1/episodes/{id}/bone-health", "post", "201", "400,403,404,409")]
    [InlineData("/api/v1/episodes/{id}/bone-health", "get", "200", "403,404")]
    [InlineData("/api/v1/episodes/{id}/plan", "get", "200", "404")]
    [InlineData("/api/v1/episodes/{id}/timeline", "get", "200", "404")]
    [InlineData("/api/v1/protocols", "get", "200", "401")]
    [InlineData("/api/v1/protocols/{key}/versions/{version}", "get", "200", "404")]
    [InlineData("/api/v1/protocols/{key}/versions", "post", "201", "400,403,404")]
    public async Task TheOpenApiDocumentDescribesEachEndpointWithItsSchemasAndErrors(string path, string verb, string success, string errors)
    {
        var document = (await factory.CreateClient(apiKey: null).GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var operation = document["paths"]?[path]?[verb];
        Assert.True(operation is not null, $"{verb} {path} is not in the document");

        var responses = operation!["responses"]!.AsObject();
        Assert.NotNull(responses[success]?["content"]?["application/json"]?["schema"]);
        foreach (var status in errors.Split(','))
            Assert.True(responses[status]?["content"]?["application/problem+json"] is not null, $"{verb} {path} does not document a {status} problem");
        if (verb == "post")
            Assert.NotNull(operation["requestBody"]?["content"]?["application/json"]?["schema"]);
    }

    [Fact]
    public async Task TheBlockedAdvanceIsDocumentedWithItsUnmetList()
    {
        var document = (await factory.CreateClient(apiKey: null).GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        // One of two shapes (a closed episode answers a plain conflict), told apart by type: the gate-blocked one lists what is unmet.
        var conflict = (string)document["paths"]!["/api/v1/episodes/{id}/transitions"]!["post"]!["responses"]!["409"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!;
        var mapping = document["components"]!["schemas"]![conflict.Split('/')[^1]]!["discriminator"]!["mapping"]!.AsObject();
        var schemaRef = mapping.Select(m => (string)m.Value!).Single(r => r.EndsWith("/GateBlockedProblem"));
        var schema = document["components"]!["schemas"]![schemaRef.Split('/')[^1]]!;
        Assert.Contains(schema["allOf"]!.AsArray(), part => part!["properties"]?["unmet"] is not null);
    }

    [Fact]
    public async Task SwaggerUiIsServed()
    {
        var response = await factory.CreateClient(apiKey: null).GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MigrateTwiceIsHarmless()
    {
        var output = new StringWriter();
        Assert.Equal(0, await OperatorCommands.RunAsync(factory.Services, ["migrate"], output, TextWriter.Null));
        Assert.Equal(0, await OperatorCommands.RunAsync(factory.Services, ["migrate"], output, TextWriter.Null));
        Assert.Equal(["The database schema is current.", "The database schema is current."],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // And the service still works on the schema.
        await new RehabClient(factory.CreateClient()).CreatePatientAsync();
    }

    [Fact]
    public async Task TheProtocolIsServedAsData()
    {
        var client = factory.CreateClient();
        var list = await client.GetFromJsonAsync<JsonArray>("/api/v1/protocols");
        Assert.Contains(list!, p => (string)p!["key"]! == "hip-bsi" && (int)p["version"]! == 1);

        var protocol = (await client.GetFromJsonAsync<JsonObject>("/api/v1/protocols/hip-bsi/versions/1"))!;
        Assert.Equal(8, protocol["phases"]!.AsArray().Count);
        Assert.Equal(7, protocol["gates"]!.AsArray().Count);
        var impact = protocol["clearanceTypes"]!.AsArray().Single(c => (string)c!["type"]! == "impact-approved")!;
        Assert.Equal(["physician"], impact["signers"]!.AsArray().Select(s => (string)s!));
    }
}
