using RehabApi.Evidence;

namespace RehabApi.BoneHealth;

/// <summary>A clinician's record of the Female Athlete Triad cumulative risk factors (De Souza 2014) for the
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
    public bool AnyRiskFactor { get; set; }
}
