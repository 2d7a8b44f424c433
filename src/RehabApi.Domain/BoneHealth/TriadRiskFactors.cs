namespace RehabApi.Domain.BoneHealth;

/// <summary>What a clinician records for the Female Athlete Triad cumulative risk assessment
/// (De Souza et al. 2014, BJSM 48:289). A null value means not applicable or not assessed: it scores 0
/// and is listed in <see cref="TriadRiskResult.NotAssessed"/>.</summary>
/// <remarks>Only the BMI arm of the "low BMI" row is captured; the paper's alternatives (% expected weight,
/// weight lost in a month) and its caution against absolute BMI cut-offs in adolescents are left to the clinician.</remarks>
public sealed record TriadRiskFactors
{
    /// <summary>A <see cref="DietaryRestrictions"/> code.</summary>
    public string? DietaryRestriction { get; init; }

    /// <summary>Body mass index, kg/m².</summary>
    public decimal? Bmi { get; init; }

    /// <summary>Age at the first menstrual period, in years (not applicable to a male patient).</summary>
    public decimal? MenarcheAgeYears { get; init; }

    /// <summary>Menstrual periods in the last 12 months (not applicable to a male patient).</summary>
    public int? MensesLast12Months { get; init; }

    /// <summary>Lowest DXA BMD Z-score.</summary>
    public decimal? BmdZScore { get; init; }

    /// <summary>Earlier bone stress injuries, not counting the current episode's fracture.</summary>
    public int PriorBoneStressInjuries { get; init; }
}

/// <summary>Codes of the "low energy availability with or without disordered eating" row.</summary>
public static class DietaryRestrictions
{
    public const string None = "none";

    /// <summary>Some dietary restriction (self-report or low intake on diet logs), or current or past disordered eating.</summary>
    public const string SomeRestrictionOrHistory = "some-restriction-or-history";

    /// <summary>Meets DSM-5 criteria for an eating disorder.</summary>
    public const string EatingDisorder = "eating-disorder";

    public static readonly IReadOnlyList<string> All = [None, SomeRestrictionOrHistory, EatingDisorder];
}
