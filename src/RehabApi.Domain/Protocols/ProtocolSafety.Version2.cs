namespace RehabApi.Domain.Protocols;

/// <summary>The floors that version 2 of the built-in protocol adds (PROTOCOL.md, marked v2): a clinic's version derived
/// from it keeps them, as strict or stricter. Checked only where the floor has them, so a version derived from
/// version 1 is judged as before.</summary>
public static partial class ProtocolSafety
{
    private static void CheckVersion2(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        CheckMriGrades(candidate, floor, findings);

        var (referral, floorReferral) = (candidate.SurgicalReferral, floor.SurgicalReferral);
        if (floorReferral.NeckWidthPercentSites is { } neckSites)
        {
            if (referral.NeckWidthPercentSites is null)
                findings.Add("surgicalReferral.neckWidthPercentSites", "neckWidthPercentSites must be kept: the routing of those sites depends on it.");
            else MustKeep(findings, "surgicalReferral.neckWidthPercentSites", referral.NeckWidthPercentSites, neckSites, "neck-width site");
        }
        if (floorReferral.ResumeReturnsToFirstPhase && !referral.ResumeReturnsToFirstPhase)
            findings.Add("surgicalReferral.resumeReturnsToFirstPhase",
                "Lifting a surgical referral must return the episode to the first phase, every clock restarted.");

        if (candidate.Imaging.HoldOnDisplacement != floor.Imaging.HoldOnDisplacement)
            findings.Add("imaging.holdOnDisplacement", $"A displacement must put the episode on hold for {floor.Imaging.HoldOnDisplacement}.");
        if (candidate.Imaging.HoldOnProgression != floor.Imaging.HoldOnProgression)
            findings.Add("imaging.holdOnProgression", $"A progression must put the episode on hold for {floor.Imaging.HoldOnProgression}.");

        if (floor.Restarts is { } restarts)
        {
            if (restarts.NonWeightBearingStartOnRegressionToFirstPhase && candidate.Restarts?.NonWeightBearingStartOnRegressionToFirstPhase != true)
                findings.Add("restarts.nonWeightBearingStartOnRegressionToFirstPhase",
                    "A regression to the first phase must restart the non-weight-bearing start, so that earlier imaging no longer counts.");
            if (restarts.InjuryDateOnReInjury && candidate.Restarts?.InjuryDateOnReInjury != true)
                findings.Add("restarts.injuryDateOnReInjury", "A re-injury must move the injury date the minimum times count from.");
        }

        for (var i = 0; i < candidate.ClearanceTypes.Count; i++)
        {
            var type = candidate.ClearanceTypes[i];
            foreach (var signer in (type.SignersAtHighRiskSites ?? []).Except(Roles.Clinicians))
                findings.Add($"clearanceTypes[{i}].signersAtHighRiskSites", $"'{signer}' may not sign {type.Type}; signers are {string.Join(" or ", Roles.Clinicians)}.");
            if (floor.ClearanceType(type.Type)?.SignersAtHighRiskSites is not { } strict) continue;
            if (type.SignersAtHighRiskSites is not { Count: > 0 } kept)
                findings.Add($"clearanceTypes[{i}].signersAtHighRiskSites", $"{type.Type} at a high-risk site must still be signed by {string.Join(" or ", strict)} only.");
            else
                foreach (var added in kept.Except(strict))
                    findings.Add($"clearanceTypes[{i}].signersAtHighRiskSites", $"{type.Type} at a high-risk site is signed by {string.Join(" or ", strict)}; '{added}' may not sign it.");
        }
    }

    /// <summary>The grade/site table: every grade at every kind of site keeps at least the default's weeks.</summary>
    private static void CheckMriGrades(ProtocolDefinition candidate, ProtocolDefinition floor, Findings findings)
    {
        const string field = "mriGrades";
        if (floor.MriGrades is null) return;
        if (candidate.MriGrades is not { } table)
        {
            findings.Add(field, "mriGrades must be kept: the MRI grade and the site set the weeks off the leg and before impact and discharge.");
            return;
        }
        if (table.Pathways is null or { Count: 0 })
        {
            findings.Add($"{field}.pathways", "pathways needs at least one row.");
            return;
        }
        for (var i = 0; i < table.Pathways.Count; i++)
        {
            var row = table.Pathways[i];
            var at = $"{field}.pathways[{i}]";
            if (row is null)
            {
                findings.Add(at, $"{at} is required.");
                continue;
            }
            if (row.Grades is null or { Count: 0 } || row.Grades.Any(g => g is < 1 or > 4)) findings.Add($"{at}.grades", "grades are MRI grades 1 to 4.");
            // Below the protocol's min is harmless: the site's default (itself at least min) is a floor under every row.
            if (row.NonWeightBearingWeeks < 1 || row.NonWeightBearingWeeks > candidate.NonWeightBearingWeeks.Max)
                findings.Add($"{at}.nonWeightBearingWeeks", $"nonWeightBearingWeeks must be from 1 to max ({candidate.NonWeightBearingWeeks.Max}).");
            Bounded(findings, $"{at}.weeksBeforeImpact", row.WeeksBeforeImpact, MaxWeeks);
            Bounded(findings, $"{at}.weeksBeforeDischarge", row.WeeksBeforeDischarge, MaxWeeks);
        }
        if (findings.All.Any(f => f.Field.StartsWith(field, StringComparison.Ordinal))) return;

        foreach (var highRisk in new[] { false, true })
            for (var grade = 1; grade <= 4; grade++)
            {
                var site = highRisk ? floor.HighRiskSites[0] : floor.Sites.First(s => !floor.IsHighRiskSite(s));
                var row = candidate.MriGrades.Pathways.FirstOrDefault(p => p.Grades.Contains(grade) && (p.HighRiskSite is null || p.HighRiskSite == highRisk));
                var kind = highRisk ? "a high-risk site" : "any other site";
                if (row is null)
                {
                    findings.Add($"{field}.pathways", $"No pathway for MRI grade {grade} at {kind}.");
                    continue;
                }
                var wanted = floor.PathwayFor(site, grade);
                var at = $"{field}.pathways[{IndexOf(table.Pathways, p => ReferenceEquals(p, row))}]";
                if (row.NonWeightBearingWeeks < wanted.NonWeightBearingWeeks)
                    findings.Add($"{at}.nonWeightBearingWeeks", $"Grade {grade} at {kind} needs at least {wanted.NonWeightBearingWeeks} weeks off the leg, as in the default.");
                if (row.WeeksBeforeImpact < wanted.WeeksBeforeImpact)
                    findings.Add($"{at}.weeksBeforeImpact", $"Grade {grade} at {kind} needs at least {wanted.WeeksBeforeImpact} weeks before impact, as in the default.");
                if (row.WeeksBeforeDischarge < wanted.WeeksBeforeDischarge)
                    findings.Add($"{at}.weeksBeforeDischarge", $"Grade {grade} at {kind} needs at least {wanted.WeeksBeforeDischarge} weeks before discharge, as in the default.");
            }
        // Which grade is assumed when none is given: only a higher (longer) one.
        foreach (var (name, assumed, floorAssumed) in new[]
                 {
                     ("assumedAtHighRiskSite", table.AssumedAtHighRiskSite, floor.MriGrades.AssumedAtHighRiskSite),
                     ("assumedElsewhere", table.AssumedElsewhere, floor.MriGrades.AssumedElsewhere),
                 })
            if (assumed < floorAssumed || assumed > 4)
                findings.Add($"{field}.{name}", $"{name} may only be higher than the default {floorAssumed}, up to 4.");
    }

    /// <summary>A kept version 2 requirement stays as strict: healing confirmed only by the default's modalities or fewer;
    /// no other requirement takes modalities.</summary>
    private static void CheckKeptVersion2(RequirementDefinition floor, RequirementDefinition kept, string at, Findings findings)
    {
        if (floor.Modalities is null && kept.Modalities is not null)
            findings.Add($"{at}.modalities", $"{floor.Code} takes no modalities in the default; they may not be added.");
        if (floor.Rule == RequirementRules.HealingImagingAtHighRiskSite
            && (kept.Modalities is not { Count: > 0 } modalities || modalities.Except(floor.Modalities ?? []).Any()))
            findings.Add($"{at}.modalities", $"{floor.Code} is confirmed by {string.Join(" or ", floor.Modalities ?? [])} only (or fewer of them).");
    }
}
