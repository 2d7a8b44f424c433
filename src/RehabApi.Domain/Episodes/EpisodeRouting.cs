using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Episodes;

/// <summary>Where a new episode starts. Fractures at risk of displacement are not for the
/// non-operative protocol: they start on hold for surgical referral, and only a physician resumes them.</summary>
public static class EpisodeRouting
{
    public static InitialState Route(ProtocolDefinition protocol, string site, bool displaced, decimal? neckWidthPercent)
    {
        var rule = protocol.SurgicalReferral;
        var reasons = new List<string>();
        if (rule.Sites.Contains(site)) reasons.Add($"site {site}");
        if (rule.WhenDisplaced && displaced) reasons.Add("displaced fracture");
        if (neckWidthPercent >= rule.MinNeckWidthPercent) reasons.Add($"fracture line at least {rule.MinNeckWidthPercent}% of the neck width");

        return reasons.Count > 0
            ? new InitialState(protocol.FirstPhase, EpisodeStatuses.OnHold, HoldReasons.SurgicalReferral, reasons)
            : new InitialState(protocol.FirstPhase, EpisodeStatuses.Active, null, reasons);
    }
}

/// <param name="RoutingReasons">Why the episode was routed to surgical referral (empty when it was not).</param>
public sealed record InitialState(string Phase, string Status, string? HoldReason, IReadOnlyList<string> RoutingReasons);
