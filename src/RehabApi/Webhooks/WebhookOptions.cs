using System.ComponentModel.DataAnnotations;

namespace RehabApi.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    private const string Between = "Webhooks:{0} must be between {1} and {2}.";

    /// <summary>Whether this instance delivers (any number of instances may; each delivery is claimed once).</summary>
    public bool DeliveryEnabled { get; set; } = true;

    /// <summary>Targets on loopback or private networks are refused unless this is set (tests, local development).</summary>
    public bool AllowPrivateTargets { get; set; }

    [Range(1, 3_600_000, ErrorMessage = Between)]
    public int PollIntervalMilliseconds { get; set; } = 1000;

    [Range(1, 10_000, ErrorMessage = Between)]
    public int BatchSize { get; set; } = 20;

    [Range(1, 3600, ErrorMessage = Between)]
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Back-off after the n-th failure: base × 2^(n−1), at most <see cref="MaxDelaySeconds"/>.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Between)]
    public int BaseDelayMilliseconds { get; set; } = 10_000;

    [Range(1, int.MaxValue, ErrorMessage = Between)]
    public int MaxDelaySeconds { get; set; } = 3600;

    /// <summary>After this many failed attempts a delivery is marked failed.</summary>
    [Range(1, int.MaxValue, ErrorMessage = Between)]
    public int MaxAttempts { get; set; } = 12;
}
