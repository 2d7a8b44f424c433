using RehabApi.Domain.Symptoms;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Gates;

/// <summary>Which evidence an evaluation can look at, so that storage reads only that (EpisodeLoading):
/// per clearance type the latest fresh one, per observation code the latest fresh one (the latest-observation
/// rules) or the highest fresh one (any-observation-at-least), and the whole lists a rule needs (walk-run-complete
/// reads the phase's sessions, never an observation). Facts holding just these evaluate exactly as the full
/// history does, because no rule looks at anything else (GateEvidenceTests holds this to every requirement).</summary>
public sealed record EvidenceToRead(
    IReadOnlyList<string> ClearanceTypes,
    IReadOnlyList<string> LatestObservations,
    IReadOnlyList<string> HighestObservations,
    bool Imaging,
    bool OpenPainReports,
    bool WalkRunSessions,
    bool BoneHealth,
    bool SymptomReports = false)
{
    public static readonly EvidenceToRead Nothing = new([], [], [], false, false, false, false);

    /// <summary>What the gate out of <paramref name="phase"/> reads: its own and the common requirements'
    /// evidence, nothing of other phases' gates. A phase without a gate (the last) reads nothing.</summary>
    public static EvidenceToRead ForGate(ProtocolDefinition protocol, string phase) =>
        protocol.GateFrom(phase) is { } gate ? Of(protocol, protocol.CommonRequirements.Concat(gate.Requirements)) : Nothing;

    /// <summary>What the phase machine reads for <paramref name="action"/> out of <paramref name="phase"/>: an advance
    /// its gate, a regression the open pain reports it resolves, a resume what decides whether restricted bone health
    /// keeps the hold, hold and withdraw nothing.</summary>
    public static EvidenceToRead ForTransition(ProtocolDefinition protocol, string phase, string action) => action switch
    {
        TransitionActions.Advance => ForGate(protocol, phase),
        TransitionActions.Regress => Nothing with { OpenPainReports = true },
        TransitionActions.Resume => ForResume(protocol),
        _ => Nothing,
    };
    /// <summary>What lifting a hold reads (PhaseMachine's resume): the latest bone-health assessment and the latest
    /// restricted clearance of the phase, which decide whether restricted bone health keeps the episode on hold, and (where
    /// lifting a surgical referral returns to the first phase, version 2) the open pain reports that step back resolves.</summary>
    public static EvidenceToRead ForResume(ProtocolDefinition protocol) =>
        Nothing with
        {
            ClearanceTypes = protocol.RestrictedClearanceType is { } type ? [type] : [],
            BoneHealth = true,
            OpenPainReports = protocol.SurgicalReferral.ResumeReturnsToFirstPhase,
        };

    /// <summary>Everything any view of the episode may show (the plan, the timeline, the walk–run ladder):
    /// every clearance type of the protocol, every observation any gate reads, and the whole lists.</summary>
    public static EvidenceToRead Everything(ProtocolDefinition protocol)
    {
        var read = Of(protocol, protocol.CommonRequirements.Concat(protocol.Gates.SelectMany(g => g.Requirements)));
        return read with
        {
            ClearanceTypes = protocol.ClearanceTypes.Select(c => c.Type).ToArray(),
            Imaging = true,
            OpenPainReports = true,
            WalkRunSessions = true,
            BoneHealth = true,
            SymptomReports = true,
        };
    }

    private static EvidenceToRead Of(ProtocolDefinition protocol, IEnumerable<RequirementDefinition> requirements)
    {
        var clearances = new List<string>();
        var latest = new List<string>();
        var highest = new List<string>();
        bool imaging = false, painReports = false, walkRun = false, boneHealth = false, symptomReports = false;
        foreach (var requirement in requirements)
        {
            switch (requirement.Rule)
            {
                case RequirementRules.NotOnHold or RequirementRules.PlannedNonWeightBearingTime
                    or RequirementRules.MinDaysInPhase or RequirementRules.MinWeeksSinceDiagnosis
                    or RequirementRules.PlannedTimeBeforeImpact or RequirementRules.PlannedTimeBeforeDischarge:
                    break;   // the episode's own fields
                case RequirementRules.Clearance:
                    clearances.Add(requirement.ClearanceType ?? requirement.Code);
                    // A later report of pain at rest voids it (PainRules).
                    symptomReports |= (requirement.ClearanceType ?? requirement.Code) == PainRules.NoPainAtRest;
                    break;
                case RequirementRules.ClearanceIfBoneHealthRisk or RequirementRules.ClearanceIfRestrictedBoneHealth
                    or RequirementRules.ClearanceIfBoneHealthScore:
                    clearances.Add(requirement.ClearanceType ?? requirement.Code);
                    boneHealth = true;
                    break;
                case RequirementRules.ImagingShowsHealing or RequirementRules.HealingImagingAtHighRiskSite:
                    imaging = true;
                    break;
                case RequirementRules.BoneHealthAssessed:
                    boneHealth = true;
                    break;
                case RequirementRules.LatestObservationAtMost or RequirementRules.LatestObservationAtLeast:
                    if (requirement.ObservationCode is { } latestOf) latest.Add(latestOf);
                    // The patient's own reports are pain measures too (PainRules.LatestMeasure).
                    symptomReports |= requirement.Rule == RequirementRules.LatestObservationAtMost && requirement.ObservationCode == PainRules.FractureSitePain;
                    break;
                case RequirementRules.AnyObservationAtLeast:
                    if (requirement.ObservationCode is { } highestOf) highest.Add(highestOf);
                    break;
                case RequirementRules.WalkRunComplete:
                    walkRun = true;
                    break;
                case RequirementRules.NoOpenPainReports:
                    painReports = true;
                    break;
                default:
                    throw new InvalidOperationException(
                        $"Protocol {protocol.Key} v{protocol.Version} uses unknown rule '{requirement.Rule}' for {requirement.Code}.");
            }
        }
        return new EvidenceToRead(clearances.Distinct().ToArray(), latest.Distinct().ToArray(), highest.Distinct().ToArray(),
            imaging, painReports, walkRun, boneHealth, symptomReports);
    }
}
