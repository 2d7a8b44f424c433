using RehabApi.Domain.Symptoms;
using RehabApi.Evidence;

namespace RehabApi.Symptoms;

/// <summary>What a patient reports from their app about one day: fracture-site pain (NRS 0–10) at rest,
/// with activity and the next morning, crutch use and exercise adherence.</summary>
public sealed class SymptomReport : EpisodeRecord
{
    public DateOnly Date { get; set; }
    public int PainAtRest { get; set; }
    public int PainWithActivity { get; set; }
    public int? PainNextMorning { get; set; }
    public bool? UsingCrutches { get; set; }
    public bool? ExercisesDone { get; set; }

    /// <summary>Pain was reported at a phase where the bone should be quiet: the report opened a pain report,
    /// which blocks every gate until a clinician regresses the episode or resolves it.</summary>
    public bool OpensPainReport { get; set; }

    public int WorstPain => PainRules.Worst(PainAtRest, PainWithActivity, PainNextMorning);
}

/// <summary>How a clinician closed a pain report: acknowledged with a note, or by regressing the episode.</summary>
public sealed class PainReportResolution : EpisodeRecord
{
    /// <summary>The symptom report that opened the pain report.</summary>
    public Guid PainReportId { get; set; }
    public required string Resolution { get; set; }
}

public static class PainReportResolutions
{
    public const string Acknowledged = "acknowledged";
    public const string Regressed = "regressed";
}
