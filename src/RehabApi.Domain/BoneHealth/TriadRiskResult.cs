namespace RehabApi.Domain.BoneHealth;

/// <summary>The outcome of a Triad cumulative risk assessment.</summary>
/// <param name="Factors">One score per factor, always all six, in the paper's order.</param>
/// <param name="Total">The cumulative risk score, 0 to 12. With factors not assessed it is a lower bound.</param>
/// <param name="ClearanceLevel">A <see cref="BoneHealthLevels"/> code: for a female patient 0–1 full, 2–5 provisional,
/// 6 or more restricted; for anyone else physician-judgement; restricted for anyone with an eating disorder and a BMI under 16.</param>
/// <param name="AnyRiskFactor">Whether any factor scored above 0.</param>
/// <param name="NotAssessed">Codes of the factors with no value recorded (they scored 0).</param>
public sealed record TriadRiskResult(
    IReadOnlyList<TriadFactorScore> Factors,
    int Total,
    string ClearanceLevel,
    bool AnyRiskFactor,
    IReadOnlyList<string> NotAssessed);

/// <summary>One factor's score.</summary>
/// <param name="Factor">A <see cref="TriadFactors"/> code.</param>
/// <param name="Points">0 low, 1 moderate or 2 high risk.</param>
/// <param name="Reason">Why, in plain words, e.g. "BMI 17.2 is 17.5 or less", or "not assessed".</param>
public sealed record TriadFactorScore(string Factor, int Points, string Reason);

/// <summary>Stable codes of the six risk factors.</summary>
public static class TriadFactors
{
    public const string EnergyAvailability = "energy-availability";
    public const string LowBmi = "low-bmi";
    public const string DelayedMenarche = "delayed-menarche";
    public const string MenstrualDysfunction = "menstrual-dysfunction";
    public const string LowBmd = "low-bmd";
    public const string StressReaction = "stress-reaction";

    public static readonly IReadOnlyList<string> All =
        [EnergyAvailability, LowBmi, DelayedMenarche, MenstrualDysfunction, LowBmd, StressReaction];
}
