using System.Net.Http.Json;
using System.Text.Json.Nodes;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>The OpenAPI document tells a client (and Swagger UI's "Authorize") how to present a key, and
/// which answers a key problem gives.</summary>
public sealed class ApiKeyOpenApiTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task TheDocumentDescribesTheKeyAndEveryApiOperationRequiresIt()
    {
        var document = (await factory.CreateClient(apiKey: null).GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;

        var scheme = document["components"]!["securitySchemes"]!["ApiKey"]!;
        Assert.Equal(("apiKey", "header", "X-Api-Key"), ((string)scheme["type"]!, (string)scheme["in"]!, (string)scheme["name"]!));

        var operations = document["paths"]!.AsObject()
            .Where(path => path.Key.StartsWith("/api/"))
            .SelectMany(path => path.Value!.AsObject().Select(op => (Name: $"{op.Key} {path.Key}", Operation: op.Value!)))
            .ToList();
        Assert.NotEmpty(operations);
        foreach (var (name, operation) in operations)
        {
            Assert.True(operation["security"]?.AsArray().Any(r => r!.AsObject().ContainsKey("ApiKey")) == true, $"{name} does not declare the API key");
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.ContainsKey("401") && responses.ContainsKey("429"), $"{name} does not document 401 and 429");
        }
        var createPatient = document["paths"]!["/api/v1/patients"]!["post"]!["responses"]!.AsObject();
        Assert.True(createPatient.ContainsKey("403"), "POST /patients does not document 403");
    }
}
