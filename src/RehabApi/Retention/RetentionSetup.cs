namespace RehabApi.Retention;

public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>The database refuses to delete an event younger than this (migration EventsRetention), so that
    /// no code path or operator mistake can remove feed entries a client may not have read yet.</summary>
    public const int EventFloorDays = 7;

    /// <summary>Events older than this leave the change feed.</summary>
    public int EventDays { get; set; } = 90;

    /// <summary>Finished webhook deliveries (delivered or failed) older than this are deleted with their attempts.</summary>
    public int WebhookDeliveryDays { get; set; } = 30;

    public int IntervalMinutes { get; set; } = 60;

    /// <summary>Rows per DELETE statement: each commits on its own, so no lock is held for long.</summary>
    public int BatchSize { get; set; } = 5000;
}

internal static class RetentionSetup
{
    // PeriodicTimer takes at most 2^32 − 2 ms, about 49 days.
    private const int MaxIntervalMinutes = 71_582;

    public static void AddRehabRetention(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.EventDays >= RetentionOptions.EventFloorDays,
                $"Retention:EventDays must be at least {RetentionOptions.EventFloorDays}: the database refuses to delete " +
                "younger events, which clients of the change feed may not have read yet.")
            .Validate(o => o.WebhookDeliveryDays >= 1, "Retention:WebhookDeliveryDays must be at least 1.")
            .Validate(o => o.IntervalMinutes is >= 1 and <= MaxIntervalMinutes,
                $"Retention:IntervalMinutes must be between 1 and {MaxIntervalMinutes}.")
            .Validate(o => o.BatchSize >= 1, "Retention:BatchSize must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RetentionService>());
    }
}
