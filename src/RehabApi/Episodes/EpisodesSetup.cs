namespace RehabApi.Episodes;

internal static class EpisodesSetup
{
    /// <summary>The one write path for episodes, and the gate views' evidence cache.</summary>
    public static void AddRehabEpisodes(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<EpisodeWrites>();
        builder.Services.AddSingleton<GateEvidenceCache>();
    }
}
