using RehabApi.Fhir;
using RehabApi.Idempotency;
using RehabApi.Security;

namespace RehabApi.OpenApi;

/// <summary>The OpenAPI document is part of the contract (API.md): clients are generated from it and proxies
/// validate traffic against it, so each transformer here makes it say what the server really does. The
/// HTTP tests hold every exchange to it (tests/…/OpenApiConformanceHandler.cs).</summary>
internal static class OpenApiSetup
{
    public static void AddRehabOpenApi(this WebApplicationBuilder builder) =>
        builder.Services.AddOpenApi(options =>
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

    /// <summary>The document at /openapi/v1.json, and Swagger UI over it at /swagger.</summary>
    public static void MapRehabOpenApi(this WebApplication app)
    {
        app.MapOpenApi();
        // Only requests under /swagger pass through Swagger UI: its middleware otherwise matches every API request's
        // path against its own patterns and static files (bench/NOTES.md, item 12).
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger => swagger.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/openapi/v1.json", "RehabApi v1");
            options.RoutePrefix = "swagger";
            options.EnablePersistAuthorization();   // a pasted API key survives a page reload
        }));
    }
}
