using System.ComponentModel.DataAnnotations;
using RehabApi.Infrastructure;

namespace RehabApi.Retention;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The database refuses to delete an event younger than this (migration EventsRetention), so that
    /// no code path or operator mistake can remove feed entries a client may not have read yet.</summary>
    public const int EventFloorDays = 7;

    /// <summary>Events older than this leave the change feed.</summary>
    [Range(EventFloorDays, int.MaxValue, ErrorMessage = "Retention:EventDays must be at least {1}: the database refuses to delete " +
        "younger events, which clients of the change feed may not have read yet.")]
    public int EventDays { get; set; } = 90;

    /// <summary>Finished webhook deliveries (delivered or failed) older than this are deleted with their attempts.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Retention:{0} must be at least {1}.")]
    public int WebhookDeliveryDays { get; set; } = 30;

    [Range(1, PeriodicHousekeeping.MaxIntervalMinutes, ErrorMessage = "Retention:{0} must be between {1} and {2}.")]
    public int IntervalMinutes { get; set; } = 60;

    /// <summary>Rows per DELETE statement: each commits on its own, so no lock is held for long.</summary>
    [Range(1, int.MaxValue, ErrorMessage = "Retention:{0} must be at least {1}.")]
    public int BatchSize { get; set; } = 5000;
}

internal static class RetentionSetup
{
    public static void AddRehabRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddSettings<RetentionOptions>(RetentionOptions.Section);
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
    }
}
