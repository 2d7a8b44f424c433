using System.Text.Json;
using System.Text.Json.Nodes;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Tests;

/// <summary>A clinic's version may be stricter than the built-in protocol, never looser: each floor refuses
/// the loosening with the field that loosens it, and stricter variants pass.</summary>
public sealed class ProtocolSafetyTests
{
    private static readonly ProtocolDefinition Floor = ProtocolCatalog.Default;

    // Gate indices in the default: 1 imaging-confirmation →, 2 partial-weight-bearing →, 5 strengthening →.
    private const string ImagingGate = "gates[1]", PartialGate = "gates[2]", StrengthGate = "gates[5]";

    [Fact]
    public void TheDefaultKeepsItsOwnFloors() => Assert.Empty(ProtocolSafety.Check(Floor, Floor));

    [Fact]
    public void LongerNonWeightBearingAHigherStrengthThresholdAndAnExtraClearancePass()
    {
        var stricter = Variant(p =>
        {
            p["nonWeightBearingWeeks"]!["defaultAtHighRiskSite"] = 8;
            p["nonWeightBearingWeeks"]!["defaultElsewhere"] = 6;
            Requirement(p, 5, "strength-symmetry")["threshold"] = 85;
            Requirement(p, 5, "min-time-before-impact")["weeks"] = 14;
            Requirements(p, 4).Add(new JsonObject
            {
                ["code"] = "normal-gait-rechecked", ["rule"] = "clearance", ["clearanceType"] = "normal-gait",
                ["description"] = "A therapist has checked the gait again.",
            });
            // A conditional sign-off made unconditional is stricter too.
            Requirement(p, 5, "bone-health-reviewed")["rule"] = "clearance";
        });

        Assert.Empty(ProtocolSafety.Check(stricter, Floor));
    }

    [Theory]
    [InlineData("min", 3, 4)]
    [InlineData("defaultAtHighRiskSite", 5, 6)]
    [InlineData("defaultElsewhere", 3, 4)]
    public void FewerWeeksOffTheLegThanTheDefaultIsRefused(string field, int weeks, int floorWeeks)
    {
        var errors = ProtocolSafety.Check(Variant(p => p["nonWeightBearingWeeks"]![field] = weeks), Floor);
        Assert.Contains(errors, e => e.Field == $"nonWeightBearingWeeks.{field}" && e.Message.Contains($"at least {floorWeeks} weeks"));
    }

    [Fact]
    public void ADefaultAboveTheMaximumIsRefused()
    {
        var errors = ProtocolSafety.Check(Variant(p => p["nonWeightBearingWeeks"]!["defaultAtHighRiskSite"] = 9), Floor);
        Assert.Equal([("nonWeightBearingWeeks.defaultAtHighRiskSite", "defaultAtHighRiskSite (9) must be between min (4) and max (8).")], errors);
    }

    [Fact]
    public void DroppingImagingShowsHealingIsRefused()
    {
        var errors = ProtocolSafety.Check(Variant(p => Remove(p, 1, "imaging-shows-healing")), Floor);
        var error = Assert.Single(errors);
        Assert.Equal($"{ImagingGate}.requirements", error.Field);
        Assert.Contains("imaging-shows-healing", error.Message);
    }

    [Theory]
    [InlineData(1, "partial-weight-bearing-approved")]
    [InlineData(5, "impact-approved")]
    [InlineData(5, "bone-health-reviewed")]
    [InlineData(5, "restricted-clearance")]
    [InlineData(0, "no-pain-at-rest")]
    public void DroppingAPhysiciansSignOffIsRefused(int gate, string code)
    {
        var errors = ProtocolSafety.Check(Variant(p => Remove(p, gate, code)), Floor);
        Assert.Contains(errors, e => e.Field == $"gates[{gate}].requirements" && e.Message.Contains(code));
    }

    [Fact]
    public void APhysicianClearanceMustStaySignedByAPhysicianAlone()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            ClearanceType(p, "partial-weight-bearing-approved")["signers"] = new JsonArray("therapist");
            ClearanceType(p, "impact-approved")["signers"] = new JsonArray("physician", "therapist");
        }), Floor);

        Assert.Contains(errors, e => e.Field == "clearanceTypes[1].signers" && e.Message.Contains("A physician must still be able to sign it"));
        Assert.Contains(errors, e => e.Field == "clearanceTypes[7].signers" && e.Message.Contains("'therapist' may not sign it"));
    }

    [Fact]
    public void TimesMayOnlyGetLonger()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            Requirement(p, 2, "min-partial-weight-bearing-time")["days"] = 5;
            Requirement(p, 6, "min-time-before-discharge")["weeks"] = null;
        }), Floor);

        Assert.Contains(errors, e => e.Field == $"{PartialGate}.requirements[0].days");
        Assert.Contains(errors, e => e.Field == "gates[6].requirements[0].weeks" && e.Message.Contains("at least 16 weeks"));
    }

    [Fact]
    public void EveryDurationIsBoundedSoNoDateArithmeticCanOverflow()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            p["nonWeightBearingWeeks"]!["max"] = 613566756;
            Requirement(p, 2, "min-partial-weight-bearing-time")["days"] = 366;
            Requirement(p, 6, "min-time-before-discharge")["weeks"] = 613566756;
            p["imaging"]!["minDaysAfterNonWeightBearingStart"] = int.MaxValue;
            p["phases"]![3]!["typicalDays"] = int.MaxValue;
        }), Floor);

        Assert.Contains(errors, e => e.Field == "nonWeightBearingWeeks.max" && e.Message.Contains("at most 52"));
        Assert.Contains(errors, e => e.Field == $"{PartialGate}.requirements[0].days" && e.Message.Contains("at most 365"));
        Assert.Contains(errors, e => e.Field == "gates[6].requirements[0].weeks" && e.Message.Contains("at most 52"));
        Assert.Contains(errors, e => e.Field == "imaging.minDaysAfterNonWeightBearingStart" && e.Message.Contains("at most 365"));
        Assert.Contains(errors, e => e.Field == "phases[3].typicalDays" && e.Message.Contains("at most 365"));
    }

    [Fact]
    public void AtLeastThresholdsMayOnlyGoUpAndAtMostThresholdsOnlyDown()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            Requirement(p, 5, "strength-symmetry")["threshold"] = 75;
            Requirement(p, 2, "pain-free-weight-bearing")["threshold"] = 2;
        }), Floor);

        Assert.Contains(errors, e => e.Field == $"{StrengthGate}.requirements[1].threshold" && e.Message.Contains("below the default 80"));
        Assert.Contains(errors, e => e.Field == $"{PartialGate}.requirements[1].threshold" && e.Message.Contains("above the default 0"));
    }

    [Fact]
    public void UnknownRulesClearanceTypesAndObservationCodesAreRefused()
    {
        var errors = ProtocolSafety.Check(Variant(p => Requirements(p, 4).Add(new JsonObject
        {
            ["code"] = "vibes", ["rule"] = "feels-ready", ["description"] = "Feels ready.",
        })), Floor);
        Assert.Contains(errors, e => e.Field == "gates[4].requirements[1].rule" && e.Message.Contains("not a known rule"));

        errors = ProtocolSafety.Check(Variant(p =>
        {
            Requirements(p, 4).Add(new JsonObject { ["code"] = "x", ["rule"] = "clearance", ["clearanceType"] = "nope", ["description"] = "x" });
            Requirements(p, 4).Add(new JsonObject
            {
                ["code"] = "y", ["rule"] = "latest-observation-at-least", ["observationCode"] = "nope", ["threshold"] = 1, ["description"] = "y",
            });
        }), Floor);
        Assert.Contains(errors, e => e.Field == "gates[4].requirements[1].clearanceType");
        Assert.Contains(errors, e => e.Field == "gates[4].requirements[2].observationCode");
    }

    [Fact]
    public void ThePhasesAreTheDefaultsInTheDefaultsOrder()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            var phases = p["phases"]!.AsArray();
            var mobility = phases[4]!;
            phases.RemoveAt(4);
            phases.Insert(5, mobility);
        }), Floor);
        Assert.Contains(errors, e => e.Field == "phases");
    }

    [Theory]
    [InlineData("not-on-hold")]
    [InlineData("no-open-pain-reports")]
    public void TheCommonRequirementsAreKept(string rule)
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            var common = p["commonRequirements"]!.AsArray();
            common.Remove(common.Single(r => (string)r!["rule"]! == rule));
        }), Floor);
        Assert.Contains(errors, e => e.Field == "commonRequirements" && e.Message.Contains(rule));
    }

    [Fact]
    public void MissingPartsAreReportedRatherThanThrown()
    {
        var errors = ProtocolSafety.Check(Variant(p => { p["gates"] = null; p["phases"]![0]!["code"] = null; }), Floor);
        Assert.Contains(("gates", "gates is required."), errors);
        Assert.Contains(("phases[0].code", "phases[0].code is required."), errors);
    }

    [Fact]
    public void ASlowerLongerWalkRunLadderPasses()
    {
        var slower = Variant(p =>
        {
            var walkRun = p["walkRun"]!;
            walkRun["sessionsToMoveUp"] = 8;
            walkRun["minDaysBetweenSessions"] = 3;
            walkRun["restDaysAfterPain"] = 2;
            var steps = walkRun["steps"]!.AsArray();
            steps[4]!["step"] = 6;
            steps[4]!["continuousRunMinutes"] = 40;
            steps.Insert(4, new JsonObject { ["step"] = 5, ["walkMinutes"] = 1, ["runMinutes"] = 9, ["repeats"] = 3 });
        });

        Assert.Empty(ProtocolSafety.Check(slower, Floor));
    }

    [Theory]
    [InlineData("sessionsToMoveUp", 5, "below the default 6")]
    [InlineData("minDaysBetweenSessions", 1, "below the default 2")]
    [InlineData("restDaysAfterPain", 0, "below the default 1")]
    [InlineData("minDaysBetweenSessions", 366, "at most 365")]
    public void AFasterWalkRunLadderIsRefused(string field, int value, string message)
    {
        var errors = ProtocolSafety.Check(Variant(p => p["walkRun"]![field] = value), Floor);
        Assert.Contains(errors, e => e.Field == $"walkRun.{field}" && e.Message.Contains(message));
    }

    [Fact]
    public void AShorterWalkRunLadderIsRefused()
    {
        var fewerSteps = ProtocolSafety.Check(Variant(p =>
        {
            var steps = p["walkRun"]!["steps"]!.AsArray();
            steps.RemoveAt(3);
            steps[3]!["step"] = 4;
        }), Floor);
        Assert.Contains(fewerSteps, e => e.Field == "walkRun.steps" && e.Message.Contains("from 5 (the default)"));

        var shorterRun = ProtocolSafety.Check(Variant(p => p["walkRun"]!["steps"]![4]!["continuousRunMinutes"] = 20), Floor);
        Assert.Contains(shorterRun, e => e.Field == "walkRun.steps[4].continuousRunMinutes" && e.Message.Contains("30 minutes"));
    }

    [Fact]
    public void TheContinuousRunMayNeitherBeDroppedNorMetByAnObservation()
    {
        var dropped = ProtocolSafety.Check(Variant(p => Remove(p, 6, "continuous-run")), Floor);
        Assert.Contains(dropped, e => e.Field == "gates[6].requirements" && e.Message.Contains("continuous-run"));

        var observed = ProtocolSafety.Check(Variant(p =>
        {
            Requirement(p, 6, "continuous-run")["observationCode"] = "continuous-run-minutes";
            Requirement(p, 6, "continuous-run")["threshold"] = 30;
        }), Floor);
        Assert.Contains(observed, e => e.Field == "gates[6].requirements[1].observationCode" && e.Message.Contains("walk–run ladder only"));
    }

    [Theory]
    [InlineData("bone-health-assessed")]
    [InlineData("healing-confirmed-before-impact")]
    [InlineData("min-time-before-impact")]
    public void Version2sNewRequirementsBeforeImpactMayNotBeDropped(string code)
    {
        var errors = ProtocolSafety.Check(Variant(p => Remove(p, 5, code)), Floor);
        Assert.Contains(errors, e => e.Field == $"{StrengthGate}.requirements" && e.Message.Contains(code));
    }

    [Fact]
    public void TheBoneHealthReviewMayNotAskForAHigherScoreNorHealingForAnXray()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            Requirement(p, 5, "bone-health-reviewed")["threshold"] = 4;
            Requirement(p, 5, "healing-confirmed-before-impact")["modalities"] = new JsonArray("mri", "ct", "xray");
        }), Floor);
        Assert.Contains(errors, e => e.Field == $"{StrengthGate}.requirements[5].threshold");
        Assert.Contains(errors, e => e.Field == $"{StrengthGate}.requirements[7].modalities");
        // Fewer modalities, or a lower score, are stricter.
        Assert.Empty(ProtocolSafety.Check(Variant(p =>
        {
            Requirement(p, 5, "bone-health-reviewed")["threshold"] = 1;
            Requirement(p, 5, "healing-confirmed-before-impact")["modalities"] = new JsonArray("mri");
        }), Floor));
    }

    [Fact]
    public void ATherapistMayNotDischargeAtAHighRiskSite()
    {
        var widened = ProtocolSafety.Check(Variant(p => ClearanceType(p, "discharge-approved")["signersAtHighRiskSites"] = new JsonArray("physician", "therapist")), Floor);
        Assert.Contains(widened, e => e.Field.EndsWith(".signersAtHighRiskSites") && e.Message.Contains("'therapist' may not sign it"));
        var dropped = ProtocolSafety.Check(Variant(p => ClearanceType(p, "discharge-approved").AsObject().Remove("signersAtHighRiskSites")), Floor);
        Assert.Contains(dropped, e => e.Field.EndsWith(".signersAtHighRiskSites"));
    }

    [Theory]
    [InlineData("imaging", "holdOnDisplacement", "displacement-risk")]
    [InlineData("imaging", "holdOnProgression", "clinical-review")]
    [InlineData("restarts", "nonWeightBearingStartOnRegressionToFirstPhase", false)]
    [InlineData("restarts", "injuryDateOnReInjury", false)]
    [InlineData("surgicalReferral", "resumeReturnsToFirstPhase", false)]
    public void Version2sHoldsAndClockRestartsMustBeKept(string section, string field, object value)
    {
        var errors = ProtocolSafety.Check(Variant(p => p[section]![field] = JsonValue.Create(value)), Floor);
        Assert.Contains(errors, e => e.Field == $"{section}.{field}");
    }

    [Fact]
    public void TheGradeTableMayOnlyAskForMoreWeeks()
    {
        var errors = ProtocolSafety.Check(Variant(p =>
        {
            p["mriGrades"]!["pathways"]![3]!["weeksBeforeImpact"] = 13;
            p["mriGrades"]!["pathways"]![0]!["nonWeightBearingWeeks"] = 3;
            p["mriGrades"]!["assumedAtHighRiskSite"] = 2;
        }), Floor);
        Assert.Contains(errors, e => e.Field == "mriGrades.pathways[0].nonWeightBearingWeeks");
        Assert.Contains(errors, e => e.Field == "mriGrades.assumedAtHighRiskSite");
        var impact = ProtocolSafety.Check(Variant(p => p["mriGrades"]!["pathways"]![3]!["weeksBeforeImpact"] = 13), Floor);
        Assert.Equal([("mriGrades.pathways[3].weeksBeforeImpact", "Grade 4 at any other site needs at least 14 weeks before impact, as in the default."),
            ("mriGrades.pathways[3].weeksBeforeImpact", "Grade 4 at a high-risk site needs at least 14 weeks before impact, as in the default.")], impact);
        Assert.Contains(ProtocolSafety.Check(Variant(p => p.Remove("mriGrades")), Floor), e => e.Field == "mriGrades");
        Assert.Empty(ProtocolSafety.Check(Variant(p => p["mriGrades"]!["pathways"]![3]!["weeksBeforeDischarge"] = 24), Floor));
    }

    [Fact]
    public void NeckWidthMustStillBeRequiredAtTheCompressionSideFemoralNeck() =>
        Assert.Contains(ProtocolSafety.Check(Variant(p => p["surgicalReferral"]!.AsObject().Remove("neckWidthPercentSites")), Floor),
            e => e.Field == "surgicalReferral.neckWidthPercentSites");

    [Fact]
    public void AVersionDerivedFromVersion1IsStillJudgedAgainstVersion1ButFallsShortOfVersion2()
    {
        var version1 = ProtocolCatalog.Find("hip-bsi", 1)!;
        Assert.Empty(ProtocolSafety.Check(version1, version1));
        var fields = ProtocolSafety.Check(version1, Floor).Select(e => e.Field).ToList();
        Assert.Contains("mriGrades", fields);
        Assert.Contains("imaging.holdOnDisplacement", fields);
        Assert.Contains($"{StrengthGate}.requirements", fields);
    }

    [Fact]
    public void ADifferentKeyIsRefused() =>
        Assert.Contains(ProtocolSafety.Check(Variant(p => p["key"] = "knee"), Floor), e => e.Field == "key");

    /// <summary>The default protocol with <paramref name="change"/> applied to its JSON, as a clinic would post it.</summary>
    private static ProtocolDefinition Variant(Action<JsonObject> change)
    {
        var json = JsonSerializer.SerializeToNode(Floor, ProtocolCatalog.JsonOptions)!.AsObject();
        change(json);
        return json.Deserialize<ProtocolDefinition>(ProtocolCatalog.JsonOptions)!;
    }

    private static JsonArray Requirements(JsonObject protocol, int gate) => protocol["gates"]![gate]!["requirements"]!.AsArray();

    private static JsonNode Requirement(JsonObject protocol, int gate, string code) =>
        Requirements(protocol, gate).Single(r => (string)r!["code"]! == code)!;

    private static void Remove(JsonObject protocol, int gate, string code) =>
        Requirements(protocol, gate).Remove(Requirement(protocol, gate, code));

    private static JsonNode ClearanceType(JsonObject protocol, string type) =>
        protocol["clearanceTypes"]!.AsArray().Single(c => (string)c!["type"]! == type)!;
}
