using System.Text.Json.Nodes;
using RehabApi.Domain.Protocols;
using static RehabApi.Domain.Tests.Support.ProtocolJson;

namespace RehabApi.Domain.Tests;

/// <summary>Issue 15, findings 1 and 2: clinic versions that were accepted as "stricter" although they loosened the
/// protocol. Each is refused naming the field it loosens; the changes that really tighten still pass.</summary>
public sealed class ProtocolSafetyLooseningTests
{
    private static readonly ProtocolDefinition Floor = ProtocolCatalog.Default;

    private static IReadOnlyList<(string Field, string Message)> Check(Action<JsonObject> change) =>
        ProtocolSafety.Check(Variant(Floor, change), Floor);

    private static void AssertNames(IReadOnlyList<(string Field, string Message)> findings, params string[] fields)
    {
        foreach (var field in fields)
            Assert.True(findings.Any(f => f.Field == field), $"No finding names {field}; findings: {string.Join("; ", findings)}");
    }

    [Fact]
    public void TheOverflowAttackIsRefusedNamingEveryWeeksField()
    {
        // 7 × 613566756 wraps round to −4 in 32 bits: every minimum time was met before the diagnosis.
        const int Wraps = 613566756;
        var findings = Check(p =>
        {
            foreach (var field in new[] { "min", "max", "defaultAtHighRiskSite", "defaultElsewhere" }) p["nonWeightBearingWeeks"]![field] = Wraps;
            Requirement(p, 5, "min-time-before-impact")["weeks"] = Wraps;
            Requirement(p, 6, "min-time-before-discharge")["weeks"] = Wraps;
        });

        AssertNames(findings, "nonWeightBearingWeeks.min", "nonWeightBearingWeeks.max", "nonWeightBearingWeeks.defaultAtHighRiskSite",
            "nonWeightBearingWeeks.defaultElsewhere", "gates[5].requirements[0].weeks", "gates[6].requirements[0].weeks");
    }

    [Theory]
    [InlineData("defaultAtHighRiskSite", 4)]
    [InlineData("defaultElsewhere", -1)]
    [InlineData("max", 6)]
    public void AShorterDefaultOrALowerCeilingForThePlannedWeeksIsRefused(string field, int weeks)
    {
        // The floor's defaults are 6 weeks at high-risk sites, 4 elsewhere; a clinician may plan up to 8.
        AssertNames(Check(p => p["nonWeightBearingWeeks"]![field] = weeks), $"nonWeightBearingWeeks.{field}");
    }

    [Theory]
    [InlineData("phases[0].typicalDays")]
    [InlineData("imaging.minDaysAfterNonWeightBearingStart")]
    public void ADurationOfInt32MaxIsRefused(string field)
    {
        AssertNames(Check(p =>
        {
            if (field.StartsWith("phases")) p["phases"]![0]!["typicalDays"] = int.MaxValue;
            else p["imaging"]!["minDaysAfterNonWeightBearingStart"] = int.MaxValue;
        }), field);
    }

    [Fact]
    public void ALadderOfOneOneMinuteStepIsRefused()
    {
        var findings = Check(p => p["walkRun"]!["steps"] = new JsonArray(new JsonObject { ["step"] = 1, ["continuousRunMinutes"] = 1 }));
        AssertNames(findings, "walkRun.steps", "walkRun.steps[0].continuousRunMinutes");
    }

    [Theory]
    [InlineData(0, "runMinutes", 4)]
    [InlineData(1, "walkMinutes", 1)]
    [InlineData(3, "repeats", 9)]
    public void ALadderStepOfTheDefaultMadeHarderIsRefused(int step, string field, int value)
    {
        AssertNames(Check(p => p["walkRun"]!["steps"]![step]![field] = value), $"walkRun.steps[{step}].{field}");
    }

    [Theory]
    [InlineData("pain-free-walk-minutes")]
    [InlineData("continuous-run-minutes")]
    public void MinutesMayNotBecomeSeconds(string code)
    {
        // 30 "seconds" of walking would meet a threshold of 30 meant as minutes.
        var findings = Check(p => p["observationCodes"]![IndexOf(p, "observationCodes", "code", code)]!["unit"] = "seconds");
        AssertNames(findings, $"observationCodes[{IndexOf(ToJson(Floor), "observationCodes", "code", code)}].unit");
    }

    [Theory]
    [InlineData(3, "normal-gait")]
    [InlineData(4, "full-pain-free-range-of-motion")]
    [InlineData(5, "ready-to-run-tests-passed")]
    public void DroppingATherapistsSignOffIsRefused(int gate, string code)
    {
        var findings = Check(p => Requirements(p, gate).RemoveAt(RequirementIndex(p, gate, code)));
        Assert.Contains(findings, f => f.Field == $"gates[{gate}].requirements" && f.Message.Contains(code));
    }

    public static TheoryData<string, string> NonClinicalRolesInClinicalLists()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in new[] { "clinic-system", "patient-app", "clinic-admin" })
            foreach (var field in new[]
                     {
                         "transitionRoles.advance", "transitionRoles.regress", "transitionRoles.hold", "resumeRoles.clinical-review",
                         "resumeRoles.surgical-referral", "clearanceTypes[3].signers", "imagingSigners", "observationRecorders",
                     })
                data.Add(role, field);
        data.Add("patient-app", "transitionRoles.withdraw");
        data.Add("clinic-admin", "transitionRoles.withdraw");
        return data;
    }

    [Theory]
    [MemberData(nameof(NonClinicalRolesInClinicalLists))]
    public void AClinicSystemAPatientsAppOrAClinicAdminIsNeverGivenAClinicalAct(string role, string field)
    {
        var findings = Check(p => RoleList(p, field).Add(role));
        Assert.Contains(findings, f => f.Field == field && f.Message.Contains($"'{role}'"));
    }

    [Theory]
    [InlineData("transitionRoles.advance", "therapist")]
    [InlineData("resumeRoles.clinical-review", "therapist")]
    [InlineData("resumeRoles.other", "therapist")]
    [InlineData("clearanceTypes[0].signers", "therapist")]
    [InlineData("clearanceTypes[9].signers", "therapist")]
    public void ARoleMayBeRemovedWhereThatLeavesTheDecisionToAPhysician(string field, string role)
    {
        Assert.Empty(Check(p => Remove(RoleList(p, field), role)));
    }

    [Theory]
    [InlineData("transitionRoles.advance", "physician")]
    [InlineData("transitionRoles.regress", "therapist")]
    [InlineData("transitionRoles.hold", "therapist")]
    [InlineData("resumeRoles.clinical-review", "physician")]
    [InlineData("clearanceTypes[0].signers", "physician")]
    [InlineData("clearanceTypes[3].signers", "therapist")]
    [InlineData("imagingSigners", "physician")]
    [InlineData("observationRecorders", "therapist")]
    public void ARoleMayNotBeRemovedWhereThatLoosens(string field, string role)
    {
        // Without the physician no one senior decides; without the therapist, who holds, regresses or scores the pain
        // that should stop the patient? Fewer hands on a safety act is looser, not stricter.
        AssertNames(Check(p => Remove(RoleList(p, field), role)), field);
    }

    [Theory]
    [InlineData("min", -10)]
    [InlineData("max", 20)]
    [InlineData("max", 5)]
    public void AnObservationRangeOfTheDefaultIsKeptAsItIs(string field, int value)
    {
        // Wider, a pain of −10 would be a valid score; narrower, a worse score could not be recorded and an older,
        // better one would stay the latest.
        AssertNames(Check(p => p["observationCodes"]![0]![field] = value), $"observationCodes[0].{field}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ANewSiteIsRefusedEvenWhenHighRisk(bool highRisk)
    {
        var findings = Check(p =>
        {
            p["sites"]!.AsArray().Add("femoral-neck");
            if (highRisk) p["highRiskSites"]!.AsArray().Add("femoral-neck");
        });
        AssertNames(findings, "sites");
    }

    [Fact]
    public void AMoreHighRiskSitesAndMoreSurgicalReferralsPass()
    {
        Assert.Empty(Check(p =>
        {
            p["highRiskSites"]!.AsArray().Add("pubic-ramus");
            p["surgicalReferral"]!["sites"]!.AsArray().Add("femoral-neck-compression");
            p["surgicalReferral"]!["minNeckWidthPercent"] = 30;
        }));
    }

    [Fact]
    public void AnAddedRequirementMayNotRedefineWhatClearsRestrictedBoneHealth()
    {
        // The first clearance-if-restricted-bone-health requirement names the clearance that lifts a restricted
        // bone-health hold: one added to an earlier gate would let a therapist's no-pain-at-rest lift it.
        var findings = Check(p => Requirements(p, 0).Add(new JsonObject
        {
            ["code"] = "bone-health-again", ["rule"] = "clearance-if-restricted-bone-health", ["clearanceType"] = "no-pain-at-rest",
            ["description"] = "Checked again.",
        }));
        AssertNames(findings, "gates[0].requirements[2].rule");
    }

    [Fact]
    public void AParameterTheDefaultDoesNotHaveIsRefused()
    {
        var findings = Check(p =>
        {
            Requirement(p, 1, "partial-weight-bearing-approved")["days"] = 3;
            Requirement(p, 6, "continuous-run")["weeks"] = 20;
        });
        AssertNames(findings, "gates[1].requirements[1].days", "gates[6].requirements[1].weeks");
    }

    [Fact]
    public void TheGatesAreTheDefaultsInTheDefaultsOrder()
    {
        AssertNames(Check(p => p["gates"]![4]!["to"] = "return-to-impact"), "gates[4].to");
        AssertNames(Check(p => p["gates"]!.AsArray().RemoveAt(4)), "gates");
    }

    [Fact]
    public void TighteningsAcrossTheWholeDefinitionPass()
    {
        Assert.Empty(Check(p =>
        {
            p["title"] = "Riverside hip protocol";
            p["phases"]![2]!["name"] = "Toe-touch";
            p["phases"]![2]!["typicalDays"] = 21;
            p["nonWeightBearingWeeks"] = new JsonObject { ["min"] = 5, ["max"] = 12, ["defaultAtHighRiskSite"] = 8, ["defaultElsewhere"] = 6 };
            p["imaging"]!["minDaysAfterNonWeightBearingStart"] = 42;
            p["painReportsFromPhase"] = "non-weight-bearing";
            p["transitionRoles"]!["advance"] = new JsonArray("physician");
            p["clearanceTypes"]!.AsArray().Add(new JsonObject { ["type"] = "hop-test", ["signers"] = new JsonArray("therapist") });
            p["observationCodes"]!.AsArray().Add(new JsonObject { ["code"] = "hop-distance-lsi", ["unit"] = "percent", ["min"] = 0, ["max"] = 200 });
            Requirements(p, 5).Add(new JsonObject { ["code"] = "hop-test", ["rule"] = "clearance", ["clearanceType"] = "hop-test", ["description"] = "Hops." });
            Requirements(p, 5).Add(new JsonObject
            {
                ["code"] = "hop-symmetry", ["rule"] = "latest-observation-at-least", ["observationCode"] = "hop-distance-lsi", ["threshold"] = 90,
                ["description"] = "Hop distance at least 90% of the other side.",
            });
            Requirements(p, 3).Add(new JsonObject { ["code"] = "full-weight-bearing-time", ["rule"] = "min-days-in-phase", ["days"] = 7, ["description"] = "A week." });
            Requirement(p, 2, "min-partial-weight-bearing-time")["days"] = 10;
            Requirement(p, 6, "min-time-before-discharge")["weeks"] = 20;
            Requirement(p, 5, "pain-free-walk")["threshold"] = 45;
            p["walkRun"]!["steps"]![4]!["continuousRunMinutes"] = 45;
        }));
    }

    /// <summary>The role list a path such as <c>transitionRoles.advance</c> or <c>clearanceTypes[3].signers</c> names.</summary>
    private static JsonArray RoleList(JsonObject p, string field) => field switch
    {
        _ when field.StartsWith("transitionRoles.") => p["transitionRoles"]![field["transitionRoles.".Length..]]!.AsArray(),
        _ when field.StartsWith("resumeRoles.") => p["resumeRoles"]![field["resumeRoles.".Length..]]!.AsArray(),
        _ when field.StartsWith("clearanceTypes[") => p["clearanceTypes"]![int.Parse(field[15..field.IndexOf(']')])]!["signers"]!.AsArray(),
        _ => p[field]!.AsArray(),
    };

    private static void Remove(JsonArray roles, string role) => roles.Remove(roles.Single(r => (string)r! == role));
}
