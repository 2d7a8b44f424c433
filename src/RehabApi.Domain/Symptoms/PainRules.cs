using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Symptoms;

/// <summary>PROTOCOL.md "Pain" [all versions]: when a patient's report of fracture-site pain stops every gate,
/// who may lift it, and how patients' own reports count against the pain-free requirements. The one definition
/// of "worst pain", "opens a pain report" and "the latest pain measure".</summary>
public static class PainRules
{
    /// <summary>The observation code of a clinician's fracture-site pain score (NRS 0–10).</summary>
    public const string FractureSitePain = "fracture-site-pain";

    /// <summary>The clearance that a later report of pain at rest voids.</summary>
    public const string NoPainAtRest = "no-pain-at-rest";

    /// <summary>The worst of the three pain scores of a symptom report.</summary>
    public static int Worst(int atRest, int withActivity, int? nextMorning) =>
        Math.Max(Math.Max(atRest, withActivity), nextMorning ?? 0);

    /// <summary>Pain at rest opens a pain report in any phase; pain with activity or the next morning once the
    /// bone is loaded (from <see cref="ProtocolDefinition.PainReportsFromPhase"/>), judged by the phase the episode
    /// was in on the report's date.</summary>
    public static bool OpensPainReport(ProtocolDefinition protocol, string phaseOnDate, int atRest, int withActivity, int? nextMorning) =>
        atRest > 0 || (Math.Max(withActivity, nextMorning ?? 0) > 0 && protocol.PainOpensReportIn(phaseOnDate));

    /// <summary>Rest or night pain while still off the leg at a high-risk site is a red flag (femoral neck: risk of
    /// displacement): only a physician resolves such a report.</summary>
    public static bool IsRedFlag(ProtocolDefinition protocol, string site, string openedInPhase) =>
        protocol.IsHighRiskSite(site) && !protocol.PainOpensReportIn(openedInPhase);

    /// <summary>Who may resolve a pain report with a note: physicians and therapists, or physicians alone for a red flag.</summary>
    public static IReadOnlyList<string> Resolvers(ProtocolDefinition protocol, string site, string openedInPhase) =>
        IsRedFlag(protocol, site, openedInPhase) ? [Roles.Physician] : Roles.Clinicians;

    /// <summary>The latest pain measure among a clinician's scores and the patient's reports (its worst pain):
    /// the one effective last; of two at the same moment, the one recorded last, and of those the higher.</summary>
    public static PainMeasure? LatestMeasure(IEnumerable<ObservationFact> scores, IEnumerable<SymptomReportFact> reports) =>
        scores.Select(o => new PainMeasure(o.Value, o.EffectiveAt, o.RecordedAt, FromPatient: false))
            .Concat(reports.Select(r => new PainMeasure(r.WorstPain, r.EffectiveAt, r.RecordedAt, FromPatient: true)))
            .OrderBy(m => m.EffectiveAt).ThenBy(m => m.RecordedAt).ThenBy(m => m.Value)
            .LastOrDefault();
}

/// <param name="FromPatient">A symptom report of the patient's, rather than a clinician's score.</param>
public sealed record PainMeasure(decimal Value, DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, bool FromPatient);
