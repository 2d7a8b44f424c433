using RehabApi.Fhir;
using RehabApi.Idempotency;
using RehabApi.Security;

namespace RehabApi.OpenApi;

/// <summary>The OpenAPI document is part of the contract (API.md): clients are generated from it and proxies
/// validate traffic against it, so each transformer here makes it say what the server really does. The
/// HTTP tests hold every exchange to it (tests/…/OpenApiConformanceHandler.cs).</summary>
internal static class OpenApiSetup
{
    public static void AddRehabOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<DocumentInfo>();
            options.AddApiKeyDescription();
            options.AddIdempotencyKeyDescription();
            options.AddSchemaTransformer<WireShapes>();
            options.AddSchemaTransformer<CodeLists>();
            options.AddSchemaTransformer<CarePlanSchema>();
            options.AddOperationTransformer<CodeLists>();
            options.AddOperationTransformer<StandardAnswers>();
            options.AddOperationTransformer<ConditionalRequests>();
            options.AddOperationTransformer<Examples>();
            options.AddDocumentTransformer<ProblemSchemas>();
        });
}
