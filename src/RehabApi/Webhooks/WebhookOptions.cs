namespace RehabApi.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this instance delivers (any number of instances may; each delivery is claimed once).</summary>
    public bool DeliveryEnabled { get; set; } = true;

    /// <summary>Targets on loopback or private networks are refused unless this is set (tests, local development).</summary>
    public bool AllowPrivateTargets { get; set; }

    public int PollIntervalMilliseconds { get; set; } = 1000;
    public int BatchSize { get; set; } = 20;
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Back-off after the n-th failure: base × 2^(n−1), at most <see cref="MaxDelaySeconds"/>.</summary>
    public int BaseDelayMilliseconds { get; set; } = 10_000;
    public int MaxDelaySeconds { get; set; } = 3600;

    /// <summary>After this many failed attempts a delivery is marked failed.</summary>
    public int MaxAttempts { get; set; } = 12;
}
