namespace RehabApi.Domain.Episodes;

/// <summary>The date bounds of PROTOCOL.md [all versions]: no episode dated from before its injury could have
/// been seen, so no time rule can be met early by a date typed far back.</summary>
public static class EpisodeDates
{
    /// <summary>How far before the diagnosis the patient may have come off the leg, or been imaged.</summary>
    public const int DaysBeforeDiagnosis = 14;

    /// <summary>How far back a diagnosis may be: an older injury is not one to rehabilitate by this protocol.</summary>
    public const int MaxYearsSinceDiagnosis = 5;

    public static DateOnly EarliestDiagnosis(DateOnly today) => today.AddYears(-MaxYearsSinceDiagnosis);

    public static DateOnly EarliestNonWeightBearingStart(DateOnly diagnosedOn) => diagnosedOn.AddDays(-DaysBeforeDiagnosis);

    public static DateOnly EarliestImaging(DateOnly diagnosedOn) => diagnosedOn.AddDays(-DaysBeforeDiagnosis);
}
