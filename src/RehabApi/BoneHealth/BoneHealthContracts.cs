using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using RehabApi.Domain.BoneHealth;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Security;

namespace RehabApi.BoneHealth;

/// <summary>The Female Athlete Triad cumulative risk factors (De Souza 2014). A female patient's assessment needs all
/// six; anyone else's the four that apply to everyone, without menarche and menses (400 otherwise): the document marks
/// the four required, and menarcheAgeYears and mensesLast12Months optional.</summary>
/// <param name="DietaryRestriction">none, some-restriction-or-history, or eating-disorder.</param>
/// <param name="PriorBoneStressInjuries">Earlier bone stress injuries, not counting this one.</param>
/// <param name="EffectiveAt">When the assessment was made (default: now), within the bounds of every record (PROTOCOL.md,
/// "Effective time"): an imported history can date it before the advance to impact that protocol version 2 asks it for.</param>
public sealed record RecordBoneHealthRequest(
    [Required] string? DietaryRestriction, [Required] decimal? Bmi, decimal? MenarcheAgeYears, int? MensesLast12Months,
    [Required] decimal? BmdZScore, [Required] int? PriorBoneStressInjuries, string? Note, OnBehalfOf? OnBehalfOf,
    DateTimeOffset? EffectiveAt = null)
{
    [JsonIgnore]
    public TriadRiskFactors Factors =>
        new(DietaryRestriction, Bmi, MenarcheAgeYears, MensesLast12Months, BmdZScore, PriorBoneStressInjuries);
}

/// <param name="ClearanceLevel">For a female patient full (0–1), provisional (2–5) or restricted (6 or more); for anyone
/// else physician-judgement. An eating disorder with a BMI under 16 is restricted for anyone. Restricted puts the episode
/// on hold (bone-health) and asks for a physician's restricted-clearance before impact.</param>
/// <param name="BoneHealthReviewRequired">Whether the gate into return-to-impact needs a physician's bone-health review because of
/// it: a factor beyond the current fracture scored, or (protocol version 2) the score is 2 or more.</param>
public sealed record BoneHealthResponse(
    Guid Id, Guid EpisodeId, int Score, string ClearanceLevel, bool BoneHealthReviewRequired,
    IReadOnlyList<TriadFactorScore> Factors, IReadOnlyList<string> NotAssessed,
    DateTimeOffset EffectiveAt, DateTimeOffset RecordedAt, ActorResponse RecordedBy, string? Note)
{
    public static BoneHealthResponse From(BoneHealthAssessment assessment, string site, ProtocolDefinition protocol)
    {
        // The score and level as recorded; the factors scored again only to show them, whatever the patient's sex.
        var inputs = assessment.Inputs();
        var reviewRequired = GateEvaluator.BoneHealthReviewRequiredBy(protocol,
            new BoneHealthFact(assessment.Score, assessment.ClearanceLevel, assessment.AnyRiskFactor, assessment.EffectiveAt));
        return new BoneHealthResponse(assessment.Id, assessment.EpisodeId, assessment.Score, assessment.ClearanceLevel,
            reviewRequired, TriadRiskAssessment.ScoreFactors(inputs, site), inputs.NotAssessed, assessment.EffectiveAt, assessment.RecordedAt,
            ActorResponse.From(assessment.RecordedBy), assessment.Note);
    }
}
