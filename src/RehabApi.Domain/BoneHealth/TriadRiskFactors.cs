namespace RehabApi.Domain.BoneHealth;

/// <summary>What a physician records for the Female Athlete Triad cumulative risk assessment
/// (De Souza et al. 2014, BJSM 48:289). A null value was not recorded: it scores 0 and is listed in
/// <see cref="NotAssessed"/>. Which values a new assessment must have depends on the patient's sex
/// (<see cref="TriadRiskAssessment.Validate"/>).</summary>
/// <remarks>Only the BMI arm of the "low BMI" row is captured; the paper's alternatives (% expected weight,
/// weight lost in a month) and its caution against absolute BMI cut-offs in adolescents are left to the clinician.</remarks>
/// <param name="DietaryRestriction">A <see cref="DietaryRestrictions"/> code.</param>
/// <param name="Bmi">Body mass index, kg/m².</param>
/// <param name="MenarcheAgeYears">Age at the first menstrual period, in years (female patients only).</param>
/// <param name="MensesLast12Months">Menstrual periods in the last 12 months (female patients only).</param>
/// <param name="BmdZScore">Lowest DXA BMD Z-score.</param>
/// <param name="PriorBoneStressInjuries">Earlier bone stress injuries, not counting the current episode's fracture.</param>
public sealed record TriadRiskFactors(
    string? DietaryRestriction,
    decimal? Bmi,
    decimal? MenarcheAgeYears,
    int? MensesLast12Months,
    decimal? BmdZScore,
    int? PriorBoneStressInjuries)
{
    /// <summary>Codes of the factors with no value recorded. Stress reaction is never among them: the current
    /// fracture is always known, and no prior injuries recorded count as none.</summary>
    public IReadOnlyList<string> NotAssessed =>
        new (string Factor, bool Missing)[]
        {
            (TriadFactors.EnergyAvailability, DietaryRestriction is null),
            (TriadFactors.LowBmi, Bmi is null),
            (TriadFactors.DelayedMenarche, MenarcheAgeYears is null),
            (TriadFactors.MenstrualDysfunction, MensesLast12Months is null),
            (TriadFactors.LowBmd, BmdZScore is null),
        }.Where(f => f.Missing).Select(f => f.Factor).ToList();
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
