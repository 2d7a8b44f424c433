namespace RehabApi.Episodes;

internal static class EpisodesSetup
{
    /// <summary>The one write path for episodes.</summary>
    public static void AddRehabEpisodes(this WebApplicationBuilder builder) => builder.Services.AddScoped<EpisodeWrites>();
}
