using RehabApi.Domain.BoneHealth;
using RehabApi.Evidence;

namespace RehabApi.BoneHealth;

/// <summary>A physician's record of the Female Athlete Triad cumulative risk factors (De Souza 2014) for the
/// episode, with the score and clearance level computed from them when recorded. The latest one counts.</summary>
public sealed class BoneHealthAssessment : EpisodeRecord
{
    public string? DietaryRestriction { get; set; }
    public decimal? Bmi { get; set; }
    public decimal? MenarcheAgeYears { get; set; }
    public int? MensesLast12Months { get; set; }
    public decimal? BmdZScore { get; set; }
    public int PriorBoneStressInjuries { get; set; }

    public int Score { get; set; }
    public required string ClearanceLevel { get; set; }
    /// <summary>Whether anything beyond the current fracture itself scored: a risk factor in PROTOCOL.md's sense,
    /// which makes a physician's bone-health review a requirement before impact.</summary>
    public bool AnyRiskFactor { get; set; }

    public TriadRiskFactors Inputs() =>
        new(DietaryRestriction, Bmi, MenarcheAgeYears, MensesLast12Months, BmdZScore, PriorBoneStressInjuries);

    public static BoneHealthAssessment From(TriadRiskFactors factors, TriadRiskResult result) => new()
    {
        DietaryRestriction = factors.DietaryRestriction,
        Bmi = factors.Bmi,
        MenarcheAgeYears = factors.MenarcheAgeYears,
        MensesLast12Months = factors.MensesLast12Months,
        BmdZScore = factors.BmdZScore,
        // Required (TriadRiskAssessment.Validate) before anything is scored.
        PriorBoneStressInjuries = factors.PriorBoneStressInjuries ?? 0,
        Score = result.Total,
        ClearanceLevel = result.ClearanceLevel,
        // The current fracture always scores on stress-reaction; it alone is not a reason for a review.
        AnyRiskFactor = factors.PriorBoneStressInjuries > 0
            || result.Factors.Any(f => f.Factor != TriadFactors.StressReaction && f.Points > 0),
    };
}
