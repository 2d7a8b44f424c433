using System.Globalization;

namespace RehabApi.Domain.BoneHealth;

/// <summary>The Female Athlete Triad cumulative risk assessment (De Souza et al. 2014, BJSM 48:289, table
/// "cumulative risk assessment" and the clearance table): six factors of 0, 1 or 2 points, summed, give a female
/// patient's clearance level; for anyone else the factors are shown and the physician judges (PROTOCOL.md,
/// "Bone health"). Pure: the same input always gives the same result.</summary>
public static class TriadRiskAssessment
{
    /// <summary>Sites scored 2 for the stress-reaction factor: the paper's trabecular, high-risk sites
    /// (femoral neck, sacrum, pelvis) plus the femoral head. Wider than the protocol's highRiskSites, which
    /// is about displacement and time off the leg, not bone quality.</summary>
    public static readonly IReadOnlyList<string> TrabecularSites =
        ["femoral-neck-compression", "femoral-neck-tension", "femoral-head", "sacrum", "pubic-ramus", "acetabulum"];

    /// <summary>Sites that count as one more bone stress injury and no more.</summary>
    public static readonly IReadOnlyList<string> OtherSites = ["femoral-shaft", "other"];

    /// <summary>Below this BMI an eating disorder is restricted whatever the score (PROTOCOL.md, "Bone health").</summary>
    public const decimal RestrictedBmiWithEatingDisorder = 16m;

    /// <summary>The factors that only a female patient's assessment records (JSON field names).</summary>
    public static readonly IReadOnlyList<string> FemaleOnlyFields = ["menarcheAgeYears", "mensesLast12Months"];

    /// <summary>Scores a new assessment of a patient of <paramref name="sex"/> (a <see cref="Sexes"/> code, or null
    /// when not recorded) whose fracture is at <paramref name="site"/>.</summary>
    /// <exception cref="ArgumentException">The factors fail <see cref="Validate"/> for that sex, or the site is not
    /// classified (see <see cref="ScoreFactors"/>).</exception>
    public static TriadRiskResult Score(TriadRiskFactors factors, string site, string? sex)
    {
        var errors = Validate(factors, sex);
        if (errors.Count > 0)
            throw new ArgumentException(
                $"Invalid Triad risk factors: {string.Join("; ", errors.Select(e => e.Message))}", nameof(factors));

        var scores = ScoreFactors(factors, site);
        var total = scores.Sum(s => s.Points);
        return new TriadRiskResult(scores, total, ClearanceLevel(factors, total, sex), scores.Any(s => s.Points > 0), factors.NotAssessed);
    }

    /// <summary>The six factors scored, in the paper's order, for a fracture at <paramref name="site"/>: what any
    /// recorded assessment shows, including one recorded before every factor was required.</summary>
    /// <exception cref="ArgumentException">A value is implausible, or the site is not one of
    /// <see cref="TrabecularSites"/> or <see cref="OtherSites"/>.</exception>
    public static IReadOnlyList<TriadFactorScore> ScoreFactors(TriadRiskFactors factors, string site)
    {
        var errors = ValueErrors(factors);
        if (errors.Count > 0)
            throw new ArgumentException(
                $"Invalid Triad risk factors: {string.Join("; ", errors.Select(e => e.Message))}", nameof(factors));
        // An unclassified site must be placed deliberately: guessing "other" would under-score a trabecular one.
        if (!TrabecularSites.Contains(site) && !OtherSites.Contains(site))
            throw new ArgumentException($"Site '{site}' is not classified for the Triad stress-reaction factor.", nameof(site));

        return
        [
            EnergyAvailability(factors.DietaryRestriction),
            LowBmi(factors.Bmi),
            DelayedMenarche(factors.MenarcheAgeYears),
            MenstrualDysfunction(factors.MensesLast12Months),
            LowBmd(factors.BmdZScore),
            StressReaction(site, factors.PriorBoneStressInjuries ?? 0),
        ];
    }

    /// <summary>The level of an assessment scoring <paramref name="total"/> for a patient of <paramref name="sex"/>.</summary>
    public static string ClearanceLevel(TriadRiskFactors factors, int total, string? sex)
    {
        // A safety stop for anyone: starvation-level weight with an eating disorder, however the other factors score.
        if (factors.DietaryRestriction == DietaryRestrictions.EatingDisorder && factors.Bmi < RestrictedBmiWithEatingDisorder)
            return BoneHealthLevels.Restricted;
        // The score's cut-offs were validated in women (De Souza 2014); for anyone else the physician judges the factors.
        return sex == Sexes.Female ? ClearanceLevel(total) : BoneHealthLevels.PhysicianJudgement;
    }

    /// <summary>The clearance level for a female patient's cumulative score: 0–1 full, 2–5 provisional, 6 or more
    /// restricted (the paper's "restricted from training and competition / disqualified").</summary>
    public static string ClearanceLevel(int total) => total switch
    {
        < 0 => throw new ArgumentOutOfRangeException(nameof(total), total, "A cumulative score is never negative."),
        <= 1 => BoneHealthLevels.Full,
        <= 5 => BoneHealthLevels.Provisional,
        _ => BoneHealthLevels.Restricted,
    };

    /// <summary>Field errors (camelCase JSON field name, message) for a new assessment of a patient of
    /// <paramref name="sex"/>: first each factor missing or not applicable for that sex, then each unknown code
    /// or implausible value, each in field order; empty when it may be recorded. A female patient's assessment
    /// needs all six factors, anyone else's the four that apply to everyone: a factor left out would score 0 and
    /// make the score look lower than it is.</summary>
    public static IReadOnlyList<(string Field, string Message)> Validate(TriadRiskFactors factors, string? sex)
    {
        var female = sex == Sexes.Female;
        var errors = new List<(string Field, string Message)>();
        foreach (var (field, value) in Fields(factors))
        {
            var applies = female || !FemaleOnlyFields.Contains(field);
            if (value is null && applies)
                errors.Add((field, female
                    ? $"{field} is required: a female patient's Triad score needs all six factors."
                    : $"{field} is required."));
            else if (value is not null && !applies)
                errors.Add((field, $"{field} is recorded for female patients only (this patient's sex is {sex ?? "not recorded"}); leave it out."));
        }
        errors.AddRange(ValueErrors(factors));
        return errors;
    }

    private static (string Field, object? Value)[] Fields(TriadRiskFactors f) =>
    [
        ("dietaryRestriction", f.DietaryRestriction), ("bmi", f.Bmi), ("menarcheAgeYears", f.MenarcheAgeYears),
        ("mensesLast12Months", f.MensesLast12Months), ("bmdZScore", f.BmdZScore), ("priorBoneStressInjuries", f.PriorBoneStressInjuries),
    ];

    /// <summary>An unknown code or a value outside its plausible range, in field order.</summary>
    private static List<(string Field, string Message)> ValueErrors(TriadRiskFactors factors)
    {
        var errors = new List<(string Field, string Message)>();
        if (factors.DietaryRestriction is { } diet && !DietaryRestrictions.All.Contains(diet))
            errors.Add(("dietaryRestriction",
                $"'{diet}' is not a known dietaryRestriction; use one of: {string.Join(", ", DietaryRestrictions.All)}."));
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
        DietaryRestrictions.None => new(TriadFactors.EnergyAvailability, 0, "no dietary restriction"),
        DietaryRestrictions.SomeRestrictionOrHistory =>
            new(TriadFactors.EnergyAvailability, 1, "some dietary restriction, or current or past disordered eating"),
        _ => new(TriadFactors.EnergyAvailability, 2, "meets DSM-5 criteria for an eating disorder"),
    };

    private static TriadFactorScore LowBmi(decimal? bmi) => bmi switch
    {
        null => NotAssessed(TriadFactors.LowBmi),
        >= 18.5m => new(TriadFactors.LowBmi, 0, $"BMI {Number(bmi.Value)} is 18.5 or more"),
        > 17.5m => new(TriadFactors.LowBmi, 1, $"BMI {Number(bmi.Value)} is between 17.5 and 18.5"),
        _ => new(TriadFactors.LowBmi, 2, $"BMI {Number(bmi.Value)} is 17.5 or less"),
    };

    private static TriadFactorScore DelayedMenarche(decimal? age) => age switch
    {
        null => NotAssessed(TriadFactors.DelayedMenarche),
        < 15m => new(TriadFactors.DelayedMenarche, 0, $"menarche at {Number(age.Value)} years, before 15"),
        < 16m => new(TriadFactors.DelayedMenarche, 1, $"menarche at {Number(age.Value)} years, 15 to under 16"),
        _ => new(TriadFactors.DelayedMenarche, 2, $"menarche at {Number(age.Value)} years, 16 or later"),
    };

    private static TriadFactorScore MenstrualDysfunction(int? menses) => menses switch
    {
        null => NotAssessed(TriadFactors.MenstrualDysfunction),
        > 9 => new(TriadFactors.MenstrualDysfunction, 0, $"{menses} menses in 12 months, more than 9"),
        >= 6 => new(TriadFactors.MenstrualDysfunction, 1, $"{menses} menses in 12 months, 6 to 9"),
        _ => new(TriadFactors.MenstrualDysfunction, 2, $"{menses} menses in 12 months, fewer than 6"),
    };

    // The paper's middle band reads "Z-score −1.0 < −2.0": strictly between the two cut-offs.
    private static TriadFactorScore LowBmd(decimal? z) => z switch
    {
        null => NotAssessed(TriadFactors.LowBmd),
        >= -1.0m => new(TriadFactors.LowBmd, 0, $"Z-score {Number(z.Value)} is -1.0 or more"),
        > -2.0m => new(TriadFactors.LowBmd, 1, $"Z-score {Number(z.Value)} is between -2.0 and -1.0"),
        _ => new(TriadFactors.LowBmd, 2, $"Z-score {Number(z.Value)} is -2.0 or less"),
    };

    // The current fracture is itself a stress fracture, so this factor is always assessed and never 0.
    private static TriadFactorScore StressReaction(string site, int prior)
    {
        if (TrabecularSites.Contains(site))
            return new(TriadFactors.StressReaction, 2, $"current fracture at a high-risk trabecular site ({site})");
        return prior == 0
            ? new(TriadFactors.StressReaction, 1, $"one bone stress injury (the current {site} fracture)")
            : new(TriadFactors.StressReaction, 2, $"{prior + 1} bone stress injuries (the current fracture and {prior} prior)");
    }

    private static TriadFactorScore NotAssessed(string factor) => new(factor, 0, "not assessed");

    private static void InRange(List<(string Field, string Message)> errors, string field, decimal? value, decimal min, decimal max)
    {
        if (value < min || value > max) errors.Add((field, $"{field} must be between {min} and {max}."));
    }

    // At least one decimal, so 17 reads "17.0" like the paper's cut-offs.
    private static string Number(decimal value) => value.ToString("0.0#", CultureInfo.InvariantCulture);
}
