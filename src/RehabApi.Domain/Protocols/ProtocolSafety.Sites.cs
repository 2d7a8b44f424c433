namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    /// <summary>The sites are the floor's, no more and no fewer. A new site, even an alias marked high-risk, would
    /// escape what is keyed on the floor's site codes: the surgical referral of femoral-neck-tension, the trabecular
    /// sites that score 2 in the bone-health assessment (TriadRiskAssessment), the codes clinic systems map. A site may
    /// only become high-risk, which asks for more (longer defaults, bone-health review, a physician for early pain).</summary>
    private static void CheckSites(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        Unique(findings, "sites", candidate.Sites, "site");
        foreach (var missing in floor.Sites.Except(candidate.Sites))
            findings.Add("sites", $"The default's site '{missing}' must be kept.");
        foreach (var added in candidate.Sites.Except(floor.Sites))
            findings.Add("sites", $"'{added}' is not a site of the default; sites may not be added (use one of {string.Join(", ", floor.Sites)}).");

        Unique(findings, "highRiskSites", candidate.HighRiskSites, "high-risk site");
        foreach (var missing in floor.HighRiskSites.Except(candidate.HighRiskSites))
            findings.Add("highRiskSites", $"The default's high-risk site '{missing}' must be kept.");
        foreach (var unknown in candidate.HighRiskSites.Except(floor.Sites))
            findings.Add("highRiskSites", $"'{unknown}' is not one of the protocol's sites.");
    }

    /// <summary>More sites may be referred to a surgeon, and at a narrower neck width; none fewer.</summary>
    private static void CheckSurgicalReferral(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        var (referral, floorReferral) = (candidate.SurgicalReferral, floor.SurgicalReferral);
        Unique(findings, "surgicalReferral.sites", referral.Sites, "surgical-referral site");
        foreach (var missing in floorReferral.Sites.Except(referral.Sites))
            findings.Add("surgicalReferral.sites", $"The default's surgical-referral site '{missing}' must be kept.");
        foreach (var unknown in referral.Sites.Except(floor.Sites))
            findings.Add("surgicalReferral.sites", $"'{unknown}' is not one of the protocol's sites.");
        if (floorReferral.WhenDisplaced && !referral.WhenDisplaced)
            findings.Add("surgicalReferral.whenDisplaced", "A displaced fracture must still be referred to a surgeon.");
        if (referral.MinNeckWidthPercent > floorReferral.MinNeckWidthPercent || referral.MinNeckWidthPercent <= 0)
            findings.Add("surgicalReferral.minNeckWidthPercent",
                $"minNeckWidthPercent must be above 0 and at most the default {floorReferral.MinNeckWidthPercent}.");
    }
}
