namespace RehabApi.Protocols;

internal static class ProtocolsSetup
{
    /// <summary>The protocol store (per request, over the request's context) and the cache of published versions.</summary>
    public static void AddRehabProtocols(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ProtocolStore>();
        builder.Services.AddSingleton<PublishedProtocolCache>();
    }
}
