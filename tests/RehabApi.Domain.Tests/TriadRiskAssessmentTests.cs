using RehabApi.Domain.BoneHealth;

namespace RehabApi.Domain.Tests;

/// <summary>The Female Athlete Triad cumulative risk assessment (De Souza et al. 2014, BJSM 48:289): each
/// cut-off from both sides, the fracture-site rule, the factors each sex requires, the level for patients who are not
/// female, the eating-disorder rule, and worked examples scored by hand.</summary>
public sealed class TriadRiskAssessmentTests
{
    /// <summary>Low risk on every factor; with a femoral shaft fracture and nothing prior the total is 1.</summary>
    private static readonly TriadRiskFactors LowRisk = new("none", 21.0m, 13m, 12, 0m, 0);

    private static readonly TriadRiskFactors NothingRecorded = new(null, null, null, null, null, null);

    /// <summary>The four factors that apply to everyone, low risk: what a male patient's assessment records.</summary>
    private static readonly TriadRiskFactors LowRiskMale = LowRisk with { MenarcheAgeYears = null, MensesLast12Months = null };

    private static TriadFactorScore Factor(TriadRiskFactors factors, string code, string site = "femoral-shaft") =>
        TriadRiskAssessment.ScoreFactors(factors, site).Single(f => f.Factor == code);

    [Theory]
    [InlineData("none", 0)]
    [InlineData("some-restriction-or-history", 1)]
    [InlineData("eating-disorder", 2)]
    public void DietaryRestrictionScoresByItsCode(string code, int points) =>
        Assert.Equal(points, Factor(LowRisk with { DietaryRestriction = code }, "energy-availability").Points);

    [Theory]
    [InlineData(18.5, 0)]
    [InlineData(18.49, 1)]
    [InlineData(17.51, 1)]
    [InlineData(17.5, 2)]
    [InlineData(17.49, 2)]
    public void BmiOf185OrMoreIsLowRiskAndOf175OrLessIsHigh(double bmi, int points) =>
        Assert.Equal(points, Factor(LowRisk with { Bmi = (decimal)bmi }, "low-bmi").Points);

    [Theory]
    [InlineData(14.9, 0)]
    [InlineData(15.0, 1)]
    [InlineData(15.9, 1)]
    [InlineData(16.0, 2)]
    public void MenarcheAt15IsModerateRiskAndAt16IsHigh(double age, int points) =>
        Assert.Equal(points, Factor(LowRisk with { MenarcheAgeYears = (decimal)age }, "delayed-menarche").Points);

    [Theory]
    [InlineData(10, 0)]
    [InlineData(9, 1)]
    [InlineData(6, 1)]
    [InlineData(5, 2)]
    [InlineData(0, 2)]
    public void MoreThanNineMensesIsLowRiskAndFewerThanSixIsHigh(int menses, int points) =>
        Assert.Equal(points, Factor(LowRisk with { MensesLast12Months = menses }, "menstrual-dysfunction").Points);

    [Theory]
    [InlineData(-1.0, 0)]
    [InlineData(-1.01, 1)]
    [InlineData(-1.99, 1)]
    [InlineData(-2.0, 2)]
    [InlineData(-3.5, 2)]
    public void AZScoreOfMinusOneIsLowRiskAndOfMinusTwoIsHigh(double z, int points) =>
        Assert.Equal(points, Factor(LowRisk with { BmdZScore = (decimal)z }, "low-bmd").Points);

    [Theory]
    [InlineData(21.0, 0.0, "BMI 21.0 is 18.5 or more", "Z-score 0.0 is -1.0 or more")]
    [InlineData(18.0, -1.5, "BMI 18.0 is between 17.5 and 18.5", "Z-score -1.5 is between -2.0 and -1.0")]
    [InlineData(17.25, -2.4, "BMI 17.25 is 17.5 or less", "Z-score -2.4 is -2.0 or less")]
    public void EachMeasuredFactorSaysWhichBandItsValueFellIn(double bmi, double z, string bmiReason, string zReason)
    {
        var factors = LowRisk with { Bmi = (decimal)bmi, BmdZScore = (decimal)z };
        Assert.Equal((bmiReason, zReason), (Factor(factors, "low-bmi").Reason, Factor(factors, "low-bmd").Reason));
    }

    [Theory]
    [InlineData("femoral-neck-compression")]
    [InlineData("femoral-neck-tension")]
    [InlineData("femoral-head")]
    [InlineData("sacrum")]
    [InlineData("pubic-ramus")]
    [InlineData("acetabulum")]
    public void AFractureAtATrabecularSiteScoresTwoEvenWithNothingPrior(string site)
    {
        var score = Factor(LowRisk, "stress-reaction", site);
        Assert.Equal((2, $"current fracture at a high-risk trabecular site ({site})"), (score.Points, score.Reason));
    }

    [Theory]
    [InlineData("femoral-shaft", 0, 1, "one bone stress injury (the current femoral-shaft fracture)")]
    [InlineData("other", 0, 1, "one bone stress injury (the current other fracture)")]
    [InlineData("femoral-shaft", 1, 2, "2 bone stress injuries (the current fracture and 1 prior)")]
    [InlineData("other", 3, 2, "4 bone stress injuries (the current fracture and 3 prior)")]
    public void ElsewhereTheCurrentFractureCountsAsOneAndAnyPriorMakesItTwo(string site, int prior, int points, string reason)
    {
        var score = Factor(LowRisk with { PriorBoneStressInjuries = prior }, "stress-reaction", site);
        Assert.Equal((points, reason), (score.Points, score.Reason));
    }

    [Fact]
    public void AnUnclassifiedSiteIsRefusedRatherThanGuessed() =>
        Assert.Throws<ArgumentException>(() => TriadRiskAssessment.Score(LowRisk, "tibia", "female"));

    [Fact]
    public void FactorsWithNothingRecordedScoreZeroAndAreListedAsNotAssessedButNoLevelIsGivenForThem()
    {
        // What an assessment recorded before every factor was required still shows.
        var factors = TriadRiskAssessment.ScoreFactors(NothingRecorded, "femoral-shaft");

        Assert.Equal(["energy-availability", "low-bmi", "delayed-menarche", "menstrual-dysfunction", "low-bmd"], NothingRecorded.NotAssessed);
        Assert.All(factors.Take(5), f => Assert.Equal((0, "not assessed"), (f.Points, f.Reason)));
        // Scored as 1, "full", it would clear a patient nobody assessed.
        Assert.Throws<ArgumentException>(() => TriadRiskAssessment.Score(NothingRecorded, "femoral-shaft", "female"));
        Assert.Throws<ArgumentException>(() => TriadRiskAssessment.Score(NothingRecorded, "femoral-shaft", "male"));
    }

    [Theory]
    [InlineData("male")]
    [InlineData("other")]
    [InlineData("unknown")]
    [InlineData(null)]
    public void ForAPatientWhoIsNotFemaleMenarcheAndMensesAreNotAssessedAndThePhysicianJudges(string? sex)
    {
        var result = TriadRiskAssessment.Score(LowRiskMale with { BmdZScore = -1.5m }, "femoral-shaft", sex);

        Assert.Equal(["delayed-menarche", "menstrual-dysfunction"], result.NotAssessed);
        Assert.Equal((2, "physician-judgement"), (result.Total, result.ClearanceLevel));
    }

    [Theory]
    [InlineData("dietaryRestriction")]
    [InlineData("bmi")]
    [InlineData("menarcheAgeYears")]
    [InlineData("mensesLast12Months")]
    [InlineData("bmdZScore")]
    [InlineData("priorBoneStressInjuries")]
    public void AFemalePatientsAssessmentNeedsAllSixFactors(string field)
    {
        var factors = field switch
        {
            "dietaryRestriction" => LowRisk with { DietaryRestriction = null },
            "bmi" => LowRisk with { Bmi = null },
            "menarcheAgeYears" => LowRisk with { MenarcheAgeYears = null },
            "mensesLast12Months" => LowRisk with { MensesLast12Months = null },
            "bmdZScore" => LowRisk with { BmdZScore = null },
            _ => LowRisk with { PriorBoneStressInjuries = null },
        };
        Assert.Equal([(field, $"{field} is required: a female patient's Triad score needs all six factors.")],
            TriadRiskAssessment.Validate(factors, "female"));
    }

    [Theory]
    [InlineData("male")]
    [InlineData("other")]
    [InlineData("unknown")]
    [InlineData(null)]
    public void AnyoneElsesAssessmentNeedsTheFourFactorsThatApplyToEveryoneAndRefusesMenarcheAndMenses(string? sex)
    {
        Assert.Empty(TriadRiskAssessment.Validate(LowRiskMale, sex));
        Assert.Equal(["dietaryRestriction", "bmi", "bmdZScore", "priorBoneStressInjuries"],
            TriadRiskAssessment.Validate(NothingRecorded, sex).Select(e => e.Field));
        var refused = TriadRiskAssessment.Validate(LowRisk, sex);
        Assert.Equal(["menarcheAgeYears", "mensesLast12Months"], refused.Select(e => e.Field));
        Assert.Contains($"this patient's sex is {sex ?? "not recorded"}", refused[0].Message);
    }

    [Theory]
    // Eating disorder 2 + BMI 2 + femoral shaft 1 = 5, provisional by the score alone.
    [InlineData(15.9, "female", "restricted")]
    [InlineData(15.9, "male", "restricted")]
    [InlineData(16.0, "female", "provisional")]
    [InlineData(16.0, "male", "physician-judgement")]
    public void AnEatingDisorderWithABmiUnder16IsRestrictedWhateverTheScoreOrTheSex(double bmi, string sex, string level)
    {
        var factors = (sex == "female" ? LowRisk : LowRiskMale) with { DietaryRestriction = "eating-disorder", Bmi = (decimal)bmi };
        var result = TriadRiskAssessment.Score(factors, "femoral-shaft", sex);
        Assert.Equal((5, level), (result.Total, result.ClearanceLevel));
    }

    [Theory]
    [InlineData(0, "full")]
    [InlineData(1, "full")]
    [InlineData(2, "provisional")]
    [InlineData(5, "provisional")]
    [InlineData(6, "restricted")]
    [InlineData(12, "restricted")]
    public void ZeroToOneIsFullClearanceTwoToFiveProvisionalAndSixOrMoreRestricted(int total, string level) =>
        Assert.Equal(level, TriadRiskAssessment.ClearanceLevel(total));

    [Theory]
    // The femoral shaft scores 1; each moderate factor added on top scores 1 more.
    [InlineData(0, 1, "full")]
    [InlineData(1, 2, "provisional")]
    [InlineData(4, 5, "provisional")]
    [InlineData(5, 6, "restricted")]
    public void TheScoredTotalSetsTheLevel(int moderateFactors, int total, string level)
    {
        var moderate = new TriadRiskFactors("some-restriction-or-history", 18.0m, 15.5m, 8, -1.5m, 0);
        var factors = new TriadRiskFactors(
            moderateFactors > 0 ? moderate.DietaryRestriction : LowRisk.DietaryRestriction,
            moderateFactors > 1 ? moderate.Bmi : LowRisk.Bmi,
            moderateFactors > 2 ? moderate.MenarcheAgeYears : LowRisk.MenarcheAgeYears,
            moderateFactors > 3 ? moderate.MensesLast12Months : LowRisk.MensesLast12Months,
            moderateFactors > 4 ? moderate.BmdZScore : LowRisk.BmdZScore,
            PriorBoneStressInjuries: 0);
        var result = TriadRiskAssessment.Score(factors, "femoral-shaft", "female");
        Assert.Equal((total, level), (result.Total, result.ClearanceLevel));
    }

    [Fact]
    public void ARestrictingRunnerWithAFemoralNeckFractureIsRestricted()
    {
        // Some restriction 1 + BMI 17.0 2 + menarche 15.5 1 + 5 menses 2 + Z -1.5 1 + femoral neck 2 = 9.
        var result = TriadRiskAssessment.Score(
            new("some-restriction-or-history", Bmi: 17.0m, MenarcheAgeYears: 15.5m, MensesLast12Months: 5, BmdZScore: -1.5m, 0),
            "femoral-neck-compression", "female");

        Assert.Equal((9, "restricted", true), (result.Total, result.ClearanceLevel, result.AnyRiskFactor));
        Assert.Empty(result.NotAssessed);
        Assert.Equal(
        [
            ("energy-availability", 1, "some dietary restriction, or current or past disordered eating"),
            ("low-bmi", 2, "BMI 17.0 is 17.5 or less"),
            ("delayed-menarche", 1, "menarche at 15.5 years, 15 to under 16"),
            ("menstrual-dysfunction", 2, "5 menses in 12 months, fewer than 6"),
            ("low-bmd", 1, "Z-score -1.5 is between -2.0 and -1.0"),
            ("stress-reaction", 2, "current fracture at a high-risk trabecular site (femoral-neck-compression)"),
        ], result.Factors.Select(f => (f.Factor, f.Points, f.Reason)));
    }

    [Fact]
    public void AnOligomenorrhoeicRunnerWithAPubicRamusFractureIsProvisional()
    {
        // No restriction 0 + BMI 19.2 0 + menarche 13 0 + 8 menses 1 + Z -1.2 1 + pubic ramus (pelvis) 2 = 4.
        var result = TriadRiskAssessment.Score(
            new("none", Bmi: 19.2m, MenarcheAgeYears: 13m, MensesLast12Months: 8, BmdZScore: -1.2m, 0), "pubic-ramus", "female");
        Assert.Equal((4, "provisional"), (result.Total, result.ClearanceLevel));
    }

    [Fact]
    public void AMaleRunnerWithASecondShaftFractureIsLeftToThePhysiciansJudgement()
    {
        // No restriction 0 + BMI 22.4 0 + menarche and menses not applicable 0 + Z -0.5 0 + shaft with 1 prior 2 = 2,
        // which the female score would call provisional: it is not validated for men.
        var result = TriadRiskAssessment.Score(
            new("none", Bmi: 22.4m, MenarcheAgeYears: null, MensesLast12Months: null, BmdZScore: -0.5m, PriorBoneStressInjuries: 1),
            "femoral-shaft", "male");
        Assert.Equal((2, "physician-judgement"), (result.Total, result.ClearanceLevel));
        Assert.Equal(["delayed-menarche", "menstrual-dysfunction"], result.NotAssessed);
    }

    [Fact]
    public void AnAthleteWithAnEatingDisorderAndASacralFractureScoresTheMaximum()
    {
        // Eating disorder 2 + BMI 16.8 2 + menarche 16 2 + 0 menses 2 + Z -2.4 2 + sacrum 2 = 12.
        var result = TriadRiskAssessment.Score(
            new("eating-disorder", Bmi: 16.8m, MenarcheAgeYears: 16m, MensesLast12Months: 0, BmdZScore: -2.4m, 0), "sacrum", "female");
        Assert.Equal((12, "restricted"), (result.Total, result.ClearanceLevel));
    }

    [Fact]
    public void AFirstShaftFractureWithNoOtherRiskIsFullClearanceButStillARiskFactor()
    {
        // Every factor low 0 + femoral shaft with nothing prior 1 = 1: the fracture itself is a Triad risk factor.
        var result = TriadRiskAssessment.Score(LowRisk with { Bmi = 20.5m, BmdZScore = 0.3m }, "femoral-shaft", "female");
        Assert.Equal((1, "full", true), (result.Total, result.ClearanceLevel, result.AnyRiskFactor));
    }

    [Fact]
    public void PlausibleValuesAreValid()
    {
        Assert.Empty(TriadRiskAssessment.Validate(LowRisk, "female"));
        Assert.Empty(TriadRiskAssessment.Validate(new("eating-disorder", 10m, 25m, 20, -6m, 50), "female"));
        Assert.Empty(TriadRiskAssessment.Validate(new("some-restriction-or-history", 60m, 8m, 0, 6m, 0), "female"));
        Assert.Empty(TriadRiskAssessment.Validate(new("eating-disorder", 10m, null, null, -6m, 50), "male"));
    }

    [Theory]
    [InlineData("bmi", 9.9, "bmi must be between 10 and 60.")]
    [InlineData("bmi", 60.1, "bmi must be between 10 and 60.")]
    [InlineData("menarcheAgeYears", 7.9, "menarcheAgeYears must be between 8 and 25.")]
    [InlineData("menarcheAgeYears", 25.1, "menarcheAgeYears must be between 8 and 25.")]
    [InlineData("mensesLast12Months", -1, "mensesLast12Months must be between 0 and 20.")]
    [InlineData("mensesLast12Months", 28, "mensesLast12Months must be between 0 and 20.")]
    [InlineData("bmdZScore", -6.1, "bmdZScore must be between -6 and 6.")]
    [InlineData("bmdZScore", 6.1, "bmdZScore must be between -6 and 6.")]
    [InlineData("priorBoneStressInjuries", -1, "priorBoneStressInjuries must be between 0 and 50.")]
    [InlineData("priorBoneStressInjuries", 51, "priorBoneStressInjuries must be between 0 and 50.")]
    public void AnImplausibleValueIsAFieldError(string field, double value, string message)
    {
        var factors = field switch
        {
            "bmi" => LowRisk with { Bmi = (decimal)value },
            "menarcheAgeYears" => LowRisk with { MenarcheAgeYears = (decimal)value },
            "mensesLast12Months" => LowRisk with { MensesLast12Months = (int)value },
            "bmdZScore" => LowRisk with { BmdZScore = (decimal)value },
            _ => LowRisk with { PriorBoneStressInjuries = (int)value },
        };
        Assert.Equal([(field, message)], TriadRiskAssessment.Validate(factors, "female"));
    }

    [Fact]
    public void AnUnknownDietaryCodeIsAFieldErrorNamingTheKnownOnes() =>
        Assert.Equal(
            [("dietaryRestriction",
                "'restricted' is not a known dietaryRestriction; use one of: none, some-restriction-or-history, eating-disorder.")],
            TriadRiskAssessment.Validate(LowRisk with { DietaryRestriction = "restricted" }, "female"));

    [Fact]
    public void EveryBadFieldIsReportedAndScoringRefusesThem()
    {
        var bad = LowRisk with { DietaryRestriction = "x", Bmi = 5m, PriorBoneStressInjuries = -2 };
        Assert.Equal(["dietaryRestriction", "bmi", "priorBoneStressInjuries"], TriadRiskAssessment.Validate(bad, "female").Select(e => e.Field));
        Assert.Throws<ArgumentException>(() => TriadRiskAssessment.Score(bad, "sacrum", "female"));
        Assert.Throws<ArgumentException>(() => TriadRiskAssessment.ScoreFactors(bad, "sacrum"));
    }
}
