using RehabApi.Domain.BoneHealth;
using RehabApi.Security;

namespace RehabApi.BoneHealth;

/// <summary>The Female Athlete Triad cumulative risk factors (De Souza 2014). Leave out what was not assessed
/// (menarche and menses for a male patient); it scores 0 and is listed as not assessed.</summary>
/// <param name="DietaryRestriction">none, some-restriction-or-history, or eating-disorder.</param>
/// <param name="PriorBoneStressInjuries">Earlier bone stress injuries, not counting this one.</param>
public sealed record RecordBoneHealthRequest(
    string? DietaryRestriction, decimal? Bmi, decimal? MenarcheAgeYears, int? MensesLast12Months, decimal? BmdZScore,
    int? PriorBoneStressInjuries, string? Note, OnBehalfOf? OnBehalfOf)
{
    public TriadRiskFactors Factors =>
        new(DietaryRestriction, Bmi, MenarcheAgeYears, MensesLast12Months, BmdZScore, PriorBoneStressInjuries ?? 0);
}

/// <param name="ClearanceLevel">full (0–1), provisional (2–5) or restricted (6 or more: a physician must also sign restricted-clearance before impact).</param>
/// <param name="BoneHealthReviewRequired">Whether the gate into return-to-impact needs a physician's bone-health review because of it.</param>
public sealed record BoneHealthResponse(
    Guid Id, Guid EpisodeId, int Score, string ClearanceLevel, bool BoneHealthReviewRequired,
    IReadOnlyList<TriadFactorScore> Factors, IReadOnlyList<string> NotAssessed,
    DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, ActorResponse RecordedBy, string? Note)
{
    public static BoneHealthResponse From(BoneHealthAssessment assessment, string site)
    {
        var result = TriadRiskAssessment.Score(assessment.Inputs(), site);
        return new BoneHealthResponse(assessment.Id, assessment.EpisodeId, assessment.Score, assessment.ClearanceLevel,
            assessment.AnyRiskFactor, result.Factors, result.NotAssessed, assessment.EffectiveAt, assessment.RecordedAt,
            ActorResponse.From(assessment.RecordedBy), assessment.Note);
    }
}
