using System.Diagnostics.Metrics;

namespace RehabApi.Observability;

/// <summary>The business metrics (meter "RehabApi"), exported on /metrics with the framework's own. Tags are codes
/// only — phases, actions, requirement codes, outcomes — never an id or anything about a patient.</summary>
public sealed class RehabMetrics
{
    public const string MeterName = "RehabApi";

    private readonly Counter<long> transitions;
    private readonly Counter<long> blockedAdvances;
    private readonly Counter<long> webhookDeliveries;

    public RehabMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        transitions = meter.CreateCounter<long>("rehab.transitions", description: "Transitions saved, by action and the phase left and entered.");
        blockedAdvances = meter.CreateCounter<long>("rehab.advances.blocked",
            description: "Advances refused by the gate, once per unmet requirement code.");
        webhookDeliveries = meter.CreateCounter<long>("rehab.webhook.deliveries",
            description: "Webhook delivery attempts by outcome: delivered, retrying, failed.");
    }

    public void TransitionSaved(string action, string? fromPhase, string toPhase) =>
        transitions.Add(1, new("action", action), new("from_phase", fromPhase ?? "none"), new("to_phase", toPhase));

    public void AdvanceBlocked(string phase, IEnumerable<string> unmetCodes)
    {
        foreach (var code in unmetCodes) blockedAdvances.Add(1, new("phase", phase), new("requirement", code));
    }

    public void WebhookAttempted(Webhooks.WebhookOutcome outcome) => webhookDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
    {
        Webhooks.WebhookOutcome.Delivered => "delivered",
        Webhooks.WebhookOutcome.Retrying => "retrying",
        _ => "failed",
    }));
}
