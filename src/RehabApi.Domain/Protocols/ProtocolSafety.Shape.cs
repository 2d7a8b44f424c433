namespace RehabApi.Domain.Protocols;

public static partial class ProtocolSafety
{
    /// <summary>JSON can say <c>null</c> where the definition needs a value (a required property is only
    /// required to be present): report every such hole, so that the other checks can rely on the shape.</summary>
    private static bool IsComplete(ProtocolDefinition p, Findings findings)
    {
        var before = findings.All.Count;
        void Need(string field, object? value)
        {
            if (value is null) findings.Add(field, $"{field} is required.");
        }
        void NeedAll<T>(string field, IReadOnlyList<T>? items, Action<string, T>? each = null)
        {
            Need(field, items);
            for (var i = 0; items is not null && i < items.Count; i++)
            {
                Need($"{field}[{i}]", items[i]);
                if (items[i] is { } item) each?.Invoke($"{field}[{i}]", item);
            }
        }
        void NeedRoles(string field, IReadOnlyDictionary<string, IReadOnlyList<string>>? roles)
        {
            Need(field, roles);
            foreach (var (name, list) in roles ?? new Dictionary<string, IReadOnlyList<string>>()) NeedAll($"{field}.{name}", list);
        }
        void NeedRequirement(string field, RequirementDefinition r)
        {
            Need($"{field}.code", r.Code);
            Need($"{field}.rule", r.Rule);
            Need($"{field}.description", r.Description);
        }

        Need("key", p.Key);
        Need("title", p.Title);
        NeedAll("phases", p.Phases, (field, phase) => { Need($"{field}.code", phase.Code); Need($"{field}.weightBearing", phase.WeightBearing); });
        NeedAll("sites", p.Sites);
        NeedAll("highRiskSites", p.HighRiskSites);
        Need("nonWeightBearingWeeks", p.NonWeightBearingWeeks);
        Need("surgicalReferral", p.SurgicalReferral);
        if (p.SurgicalReferral is { } referral) NeedAll("surgicalReferral.sites", referral.Sites);
        Need("imaging", p.Imaging);
        NeedAll("clearanceTypes", p.ClearanceTypes, (field, c) => { Need($"{field}.type", c.Type); NeedAll($"{field}.signers", c.Signers); });
        NeedAll("observationCodes", p.ObservationCodes, (field, o) => { Need($"{field}.code", o.Code); Need($"{field}.unit", o.Unit); });
        NeedAll("commonRequirements", p.CommonRequirements, NeedRequirement);
        NeedAll("gates", p.Gates, (field, gate) =>
        {
            Need($"{field}.from", gate.From);
            Need($"{field}.to", gate.To);
            NeedAll($"{field}.requirements", gate.Requirements, NeedRequirement);
        });
        NeedRoles("transitionRoles", p.TransitionRoles);
        NeedRoles("resumeRoles", p.ResumeRoles);
        NeedAll("imagingSigners", p.ImagingSigners);
        NeedAll("observationRecorders", p.ObservationRecorders);
        Need("painReportsFromPhase", p.PainReportsFromPhase);
        Need("walkRun", p.WalkRun);
        if (p.WalkRun is { } ladder)
        {
            Need("walkRun.phase", ladder.Phase);
            NeedAll("walkRun.steps", ladder.Steps);
            if (ladder.Steps is { Count: 0 }) findings.Add("walkRun.steps", "walkRun.steps needs at least one step.");
        }
        return findings.All.Count == before;
    }
}
