using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RehabApi.Security;

/// <summary>Describes the API key in the OpenAPI document (so Swagger UI offers "Authorize" to paste one)
/// and marks every endpoint that needs it, with its 401, 403 and 429 answers.</summary>
internal static class ApiKeyOpenApi
{
    private const string SchemeId = "ApiKey";

    public static void AddApiKeyDescription(this OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A key from `RehabApi keys create`: one clinic, one role.",
            };
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            var needsKey = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any();
            if (!needsKey) return Task.CompletedTask;
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [],
            });
            return Task.CompletedTask;
        });
    }
}
