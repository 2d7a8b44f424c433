using System.Globalization;

namespace RehabApi.Domain.BoneHealth;

/// <summary>The Female Athlete Triad cumulative risk assessment (De Souza et al. 2014, BJSM 48:289, table
/// "cumulative risk assessment" and the clearance table): six factors of 0, 1 or 2 points, summed, give the
/// clearance level. Pure: the same input always gives the same result.</summary>
public static class TriadRiskAssessment
{
    /// <summary>Sites scored 2 for the stress-reaction factor: the paper's trabecular, high-risk sites
    /// (femoral neck, sacrum, pelvis) plus the femoral head. Wider than the protocol's highRiskSites, which
    /// is about displacement and time off the leg, not bone quality.</summary>
    public static readonly IReadOnlyList<string> TrabecularSites =
        ["femoral-neck-compression", "femoral-neck-tension", "femoral-head", "sacrum", "pubic-ramus", "acetabulum"];

    /// <summary>Sites that count as one more bone stress injury and no more.</summary>
    public static readonly IReadOnlyList<string> OtherSites = ["femoral-shaft", "other"];

    /// <summary>Scores an assessment for an episode whose fracture is at <paramref name="site"/>.</summary>
    /// <exception cref="ArgumentException">The factors fail <see cref="Validate"/>, or the site is not one of
    /// <see cref="TrabecularSites"/> or <see cref="OtherSites"/>.</exception>
    public static TriadRiskResult Score(TriadRiskFactors factors, string site)
    {
        var errors = Validate(factors);
        if (errors.Count > 0)
            throw new ArgumentException($"Invalid Triad risk factors: {string.Join("; ", errors.Values)}", nameof(factors));
        // An unclassified site must be placed deliberately: guessing "other" would under-score a trabecular one.
        if (!TrabecularSites.Contains(site) && !OtherSites.Contains(site))
            throw new ArgumentException($"Site '{site}' is not classified for the Triad stress-reaction factor.", nameof(site));

        TriadFactorScore[] scores =
        [
            EnergyAvailability(factors.DietaryRestriction),
            LowBmi(factors.Bmi),
            DelayedMenarche(factors.MenarcheAgeYears),
            MenstrualDysfunction(factors.MensesLast12Months),
            LowBmd(factors.BmdZScore),
            StressReaction(site, factors.PriorBoneStressInjuries),
        ];
        var total = scores.Sum(s => s.Points);
        return new TriadRiskResult(scores, total, ClearanceLevel(total), total > 0,
            scores.Where(s => !s.Assessed).Select(s => s.Factor).ToList());
    }

    /// <summary>The clearance level for a cumulative score: 0–1 full, 2–5 provisional, 6 or more restricted
    /// (the paper's "restricted from training and competition / disqualified").</summary>
    public static string ClearanceLevel(int total) => total switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(total), total, "A cumulative score is never negative."),
        <= 1 => BoneHealthLevels.Full,
        <= 5 => BoneHealthLevels.Provisional,
        _ => BoneHealthLevels.Restricted,
    };

    /// <summary>Field errors (camelCase JSON field name → message) for values outside plausible ranges;
    /// empty when the factors can be scored.</summary>
    public static IReadOnlyDictionary<string, string> Validate(TriadRiskFactors factors)
    {
        var errors = new Dictionary<string, string>();
        if (factors.DietaryRestriction is { } diet && !DietaryRestrictions.All.Contains(diet))
            errors["dietaryRestriction"] = $"'{diet}' is not a known dietaryRestriction; use one of: {string.Join(", ", DietaryRestrictions.All)}.";
        InRange(errors, "bmi", factors.Bmi, 10, 60);
        InRange(errors, "menarcheAgeYears", factors.MenarcheAgeYears, 8, 25);
        // 20 allows the shortest plausible cycles (about 18 days) yet catches a cycle length typed as a count (28, 30).
        InRange(errors, "mensesLast12Months", factors.MensesLast12Months, 0, 20);
        InRange(errors, "bmdZScore", factors.BmdZScore, -6, 6);
        InRange(errors, "priorBoneStressInjuries", factors.PriorBoneStressInjuries, 0, 50);
        return errors;
    }

    private static TriadFactorScore EnergyAvailability(string? diet) => diet switch
    {
        null => NotAssessed(TriadFactors.EnergyAvailability),
        DietaryRestrictions.None => new(TriadFactors.EnergyAvailability, 0, "no dietary restriction", true),
        DietaryRestrictions.SomeRestrictionOrHistory =>
            new(TriadFactors.EnergyAvailability, 1, "some dietary restriction, or current or past disordered eating", true),
        _ => new(TriadFactors.EnergyAvailability, 2, "meets DSM-5 criteria for an eating disorder", true),
    };

    private static TriadFactorScore LowBmi(decimal? bmi) => bmi switch
    {
        null => NotAssessed(TriadFactors.LowBmi),
        >= 18.5m => new(TriadFactors.LowBmi, 0, $"BMI {Number(bmi.Value)} ≥ 18.5", true),
        > 17.5m => new(TriadFactors.LowBmi, 1, $"BMI {Number(bmi.Value)} between 17.5 and 18.5", true),
        _ => new(TriadFactors.LowBmi, 2, $"BMI {Number(bmi.Value)} ≤ 17.5", true),
    };

    private static TriadFactorScore DelayedMenarche(decimal? age) => age switch
    {
        null => NotAssessed(TriadFactors.DelayedMenarche),
        < 15m => new(TriadFactors.DelayedMenarche, 0, $"menarche at {Number(age.Value)} years, before 15", true),
        < 16m => new(TriadFactors.DelayedMenarche, 1, $"menarche at {Number(age.Value)} years, 15 to under 16", true),
        _ => new(TriadFactors.DelayedMenarche, 2, $"menarche at {Number(age.Value)} years, 16 or later", true),
    };

    private static TriadFactorScore MenstrualDysfunction(int? menses) => menses switch
    {
        null => NotAssessed(TriadFactors.MenstrualDysfunction),
        > 9 => new(TriadFactors.MenstrualDysfunction, 0, $"{menses} menses in 12 months, more than 9", true),
        >= 6 => new(TriadFactors.MenstrualDysfunction, 1, $"{menses} menses in 12 months, 6 to 9", true),
        _ => new(TriadFactors.MenstrualDysfunction, 2, $"{menses} menses in 12 months, fewer than 6", true),
    };

    // The paper's middle band reads "Z-score −1.0 < −2.0": strictly between the two cut-offs.
    private static TriadFactorScore LowBmd(decimal? z) => z switch
    {
        null => NotAssessed(TriadFactors.LowBmd),
        >= -1.0m => new(TriadFactors.LowBmd, 0, $"Z-score {Number(z.Value)} ≥ -1.0", true),
        > -2.0m => new(TriadFactors.LowBmd, 1, $"Z-score {Number(z.Value)} between -2.0 and -1.0", true),
        _ => new(TriadFactors.LowBmd, 2, $"Z-score {Number(z.Value)} ≤ -2.0", true),
    };

    // The current fracture is itself a stress fracture, so this factor is always assessed and never 0.
    private static TriadFactorScore StressReaction(string site, int prior)
    {
        if (TrabecularSites.Contains(site))
            return new(TriadFactors.StressReaction, 2, $"current fracture at a high-risk trabecular site ({site})", true);
        return prior == 0
            ? new(TriadFactors.StressReaction, 1, $"one bone stress injury (the current {site} fracture)", true)
            : new(TriadFactors.StressReaction, 2, $"{prior + 1} bone stress injuries (the current fracture and {prior} prior)", true);
    }

    private static TriadFactorScore NotAssessed(string factor) => new(factor, 0, "not assessed", false);

    private static void InRange(Dictionary<string, string> errors, string field, decimal? value, decimal min, decimal max)
    {
        if (value < min || value > max) errors[field] = $"{field} must be between {min} and {max}.";
    }

    // At least one decimal, so 17 reads "17.0" like the paper's cut-offs.
    private static string Number(decimal value) => value.ToString("0.0#", CultureInfo.InvariantCulture);
}
