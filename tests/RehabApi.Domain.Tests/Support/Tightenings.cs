using System.Text.Json.Nodes;
using CsCheck;
using RehabApi.Domain.Protocols;
using static RehabApi.Domain.Tests.Support.Loosenings;
using static RehabApi.Domain.Tests.Support.ProtocolJson;

namespace RehabApi.Domain.Tests.Support;

/// <summary>Random changes that make a built-in protocol stricter (longer, higher at-least thresholds, lower at-most
/// ones, fewer roles that let a patient go on, more sign-offs, a longer and gentler ladder) or only reword it. Any
/// compatible combination of them must pass.</summary>
public static class Tightenings
{
    private static readonly Func<JsonObject, string> NoField = _ => "";

    public static Gen<Mutation> For(ProtocolDefinition floor) =>
        Any([.. Requirements(floor), .. Additions(floor), .. Roles(floor), .. Phases(floor), .. Weeks(floor), .. Sites(floor), .. Ladder(floor)]);

    private static Mutation Change(string name, string target, Action<JsonObject> apply) => new(name, target, apply, NoField);

    private static IEnumerable<Gen<Mutation>> Requirements(ProtocolDefinition floor)
    {
        foreach (var (from, r) in FloorRequirements(floor))
        {
            var target = $"req/{from ?? "common"}/{r.Code}";
            JsonNode Node(JsonObject p) => RequirementNode(p, from, r.Code);
            if (r.Days is { } days)
                yield return Gen.Int[days, 365].Select(v => Change($"{r.Code}.days = {v}", $"{target}/days", p => Node(p)["days"] = v));
            if (r.Weeks is { } weeks)
                yield return Gen.Int[weeks, 52].Select(v => Change($"{r.Code}.weeks = {v}", $"{target}/weeks", p => Node(p)["weeks"] = v));
            if (r.Threshold is { } threshold && floor.ObservationCode(r.ObservationCode!) is { } code)
            {
                var stricter = r.Rule.EndsWith("at-least")
                    ? Gen.Int[0, (int)((code.Max - threshold) * 4)].Select(d => threshold + d / 4m)
                    : Gen.Int[0, (int)((threshold - code.Min) * 4)].Select(d => threshold - d / 4m);
                yield return stricter.Select(v => Change($"{r.Code}.threshold = {v}", $"{target}/threshold", p => Node(p)["threshold"] = v));
            }
            // A conditional sign-off made unconditional.
            if (r.Rule is RequirementRules.ClearanceIfBoneHealthRisk or RequirementRules.ClearanceIfRestrictedBoneHealth)
                yield return Gen.Const(Change($"{r.Code} always required", $"{target}/rule", p => Node(p)["rule"] = RequirementRules.Clearance));
            yield return Gen.Const(Change($"{r.Code} reworded", $"{target}/description", p => Node(p)["description"] = "Reworded by the clinic."));
        }
    }

    /// <summary>Requirements, clearance types and observation codes of the clinic's own: they can only block.</summary>
    private static IEnumerable<Gen<Mutation>> Additions(ProtocolDefinition floor)
    {
        var places = floor.Gates.Select(g => (string?)g.From).Prepend(null).ToArray();
        var observed = floor.ObservationCodes.ToArray();
        yield return Gen.Select(Gen.OneOf(places), Gen.Int[0, 2]).Select((from, signers) => Change(
            $"a sign-off added {(from is null ? "to every gate" : $"leaving {from}")}", $"req/{from ?? "common"}/added-clearance", p =>
            {
                var type = Unused(p["clearanceTypes"]!.AsArray(), "type", "clinic-sign-off");
                JsonArray roles = signers switch { 0 => ["physician"], 1 => ["therapist"], _ => ["physician", "therapist"] };
                p["clearanceTypes"]!.AsArray().Add(new JsonObject { ["type"] = type, ["signers"] = roles });
                RequirementsOf(p, from).Add(new JsonObject
                {
                    ["code"] = Unused(RequirementsOf(p, from), "code", "clinic-check"), ["rule"] = "clearance", ["clearanceType"] = type,
                    ["description"] = "The clinic's own sign-off.",
                });
            }));
        yield return Gen.Select(Gen.OneOf(places), Gen.OneOf(observed), Gen.Int[0, 2], Gen.Int[0, 1000]).Select((from, code, rule, at) => Change(
            $"an observation threshold on {code.Code} added", $"req/{from ?? "common"}/added-observation", p =>
            {
                RequirementsOf(p, from).Add(new JsonObject
                {
                    ["code"] = Unused(RequirementsOf(p, from), "code", "clinic-check"),
                    ["rule"] = new[] { "latest-observation-at-least", "latest-observation-at-most", "any-observation-at-least" }[rule],
                    ["observationCode"] = code.Code, ["threshold"] = code.Min + (code.Max - code.Min) * at / 1000m,
                    ["description"] = "The clinic's own measure.",
                });
            }));
        yield return Gen.Select(Gen.OneOf(places), Gen.Int[1, 365]).Select((from, days) => Change(
            $"{days} days in the phase added", $"req/{from ?? "common"}/added-days", p => RequirementsOf(p, from).Add(new JsonObject
            {
                ["code"] = Unused(RequirementsOf(p, from), "code", "clinic-check"), ["rule"] = "min-days-in-phase", ["days"] = days,
                ["description"] = "The clinic's own minimum stay.",
            })));
        yield return Gen.Const(Change("an observation code added", "added/observation-code", p => p["observationCodes"]!.AsArray().Add(new JsonObject
        {
            ["code"] = Unused(p["observationCodes"]!.AsArray(), "code", "clinic-measure"), ["unit"] = "percent", ["min"] = 0, ["max"] = 200,
        })));
        yield return Gen.Const(Change("retitled", "title", p => p["title"] = "Riverside hip protocol"));
    }

    private static IEnumerable<Gen<Mutation>> Roles(ProtocolDefinition floor)
    {
        foreach (var type in floor.ClearanceTypes.Where(t => t.Signers.Count > 1 && t.Signers.Contains(Domain.Roles.Physician)))
            yield return Gen.Const(Change($"{type.Type} signed by a physician only", $"clearance/{type.Type}",
                p => p["clearanceTypes"]![IndexOf(p, "clearanceTypes", "type", type.Type)]!["signers"] = new JsonArray("physician")));
        if (floor.TransitionRoles[TransitionActions.Advance].Count > 1)
            yield return Gen.Const(Change("advanced by a physician only", "roles/transitionRoles.advance",
                p => p["transitionRoles"]!["advance"] = new JsonArray("physician")));
        foreach (var (reason, roles) in floor.ResumeRoles.Where(r => r.Value.Count > 1))
            yield return Gen.Const(Change($"resumed from {reason} by a physician only", $"roles/resumeRoles.{reason}",
                p => p["resumeRoles"]![reason] = new JsonArray("physician")));
    }

    private static IEnumerable<Gen<Mutation>> Phases(ProtocolDefinition floor)
    {
        foreach (var phase in floor.Phases)
        {
            int Index(JsonObject p) => IndexOf(p, "phases", "code", phase.Code);
            yield return Gen.Int[phase.TypicalDays, 365].Select(days => Change($"{phase.Code}.typicalDays = {days}", $"phase/{phase.Code}/typicalDays",
                p => p["phases"]![Index(p)]!["typicalDays"] = days));
            yield return Gen.Const(Change($"{phase.Code} renamed", $"phase/{phase.Code}/name", p => p["phases"]![Index(p)]!["name"] = "Renamed"));
        }
        var earlier = floor.Phases.Take(floor.PhaseIndex(floor.PainReportsFromPhase) + 1).Select(p => p.Code).ToArray();
        yield return Gen.OneOf(earlier).Select(phase => Change($"pain reports from {phase}", "painReportsFromPhase", p => p["painReportsFromPhase"] = phase));
    }

    /// <summary>Weeks off the leg, as one coherent block: a higher ceiling, higher defaults within it, a minimum below both.</summary>
    private static IEnumerable<Gen<Mutation>> Weeks(ProtocolDefinition floor)
    {
        var w = floor.NonWeightBearingWeeks;
        yield return Gen.Int[w.Max, 52].SelectMany(max => Gen.Select(Gen.Int[w.DefaultAtHighRiskSite, max], Gen.Int[w.DefaultElsewhere, max])
            .SelectMany((high, elsewhere) => Gen.Int[w.Min, Math.Min(high, elsewhere)].Select(min => Change(
                $"weeks {min}–{max}, defaults {high}/{elsewhere}", "nwb", p => p["nonWeightBearingWeeks"] = new JsonObject
                {
                    ["min"] = min, ["max"] = max, ["defaultAtHighRiskSite"] = high, ["defaultElsewhere"] = elsewhere,
                }))));
        yield return Gen.Int[floor.Imaging.MinDaysAfterNonWeightBearingStart, 365].Select(days => Change(
            $"imaging after {days} days", "imaging", p => p["imaging"]!["minDaysAfterNonWeightBearingStart"] = days));
    }

    private static IEnumerable<Gen<Mutation>> Sites(ProtocolDefinition floor)
    {
        var lowRisk = floor.Sites.Except(floor.HighRiskSites).ToArray();
        if (lowRisk.Length > 0)
            yield return Gen.OneOf(lowRisk).Select(site => Change($"{site} high-risk", $"high-risk/{site}", p => p["highRiskSites"]!.AsArray().Add(site)));
        var notReferred = floor.Sites.Except(floor.SurgicalReferral.Sites).ToArray();
        if (notReferred.Length > 0)
            yield return Gen.OneOf(notReferred).Select(site => Change($"{site} referred", $"referral/sites/{site}",
                p => p["surgicalReferral"]!["sites"]!.AsArray().Add(site)));
        yield return Gen.Int[1, (int)floor.SurgicalReferral.MinNeckWidthPercent].Select(width => Change(
            $"referral from {width}% of the neck", "referral/minNeckWidthPercent", p => p["surgicalReferral"]!["minNeckWidthPercent"] = width));
    }

    private static IEnumerable<Gen<Mutation>> Ladder(ProtocolDefinition floor)
    {
        var ladder = floor.WalkRun;
        foreach (var (name, value, max) in new[]
                 {
                     ("sessionsToMoveUp", ladder.SessionsToMoveUp, 52), ("restDaysAfterPain", ladder.RestDaysAfterPain, 365),
                     ("minDaysBetweenSessions", ladder.MinDaysBetweenSessions, 365),
                 })
            yield return Gen.Int[value, max].Select(v => Change($"walkRun.{name} = {v}", $"walkRun/{name}", p => p["walkRun"]![name] = v));
        yield return Gen.Int[ladder.Steps[^1].ContinuousRunMinutes!.Value, 180].Select(minutes => Change(
            $"last step runs {minutes} min", "walkRun/steps/last", p => p["walkRun"]!["steps"]!.AsArray()[^1]!["continuousRunMinutes"] = minutes));
        yield return Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[1, 10]).Select((at, run, repeats, walk) => Change(
            $"a gentler step inserted ({at}, {run}, {repeats}, {walk})", $"walkRun/steps/insert/{at}-{run}-{repeats}", p => InsertGentlerStep(p, at, run, repeats, walk)));
    }

    /// <summary>Inserts an interval step between two neighbours whose running load it does not exceed nor fall below.</summary>
    private static void InsertGentlerStep(JsonObject p, int at, int runDraw, int repeatsDraw, int walk)
    {
        var steps = p["walkRun"]!["steps"]!.AsArray();
        var k = at % steps.Count;
        var (before, after) = (k > 0 ? steps[k - 1]! : null, steps[k]!);
        var continuous = after["continuousRunMinutes"] is not null;
        var finalRun = (int)steps[^1]!["continuousRunMinutes"]!;
        var (fromRun, fromTotal) = before is null ? (1, 1) : ((int)before["runMinutes"]!, (int)before["runMinutes"]! * (int)before["repeats"]!);
        var (toRun, toTotal) = continuous
            ? (Math.Min(60, finalRun), finalRun)
            : ((int)after["runMinutes"]!, (int)after["runMinutes"]! * (int)after["repeats"]!);
        var run = fromRun + runDraw % (toRun - fromRun + 1);
        var (fewest, most) = (Math.Max(1, (fromTotal + run - 1) / run), Math.Min(20, toTotal / run));
        var step = fewest <= most
            ? new JsonObject { ["walkMinutes"] = walk, ["runMinutes"] = run, ["repeats"] = fewest + repeatsDraw % (most - fewest + 1) }
            // No room between them: repeat the neighbour (the same load is no jump).
            : (before ?? after).DeepClone().AsObject();
        steps.Insert(k, step);
        for (var s = 0; s < steps.Count; s++) steps[s]!["step"] = s + 1;
    }

    /// <summary>"<paramref name="prefix"/>-N" for the first N no item of <paramref name="items"/> has as <paramref name="key"/>.</summary>
    private static string Unused(JsonArray items, string key, string prefix)
    {
        var taken = items.Select(i => (string?)i![key]).ToHashSet();
        return Enumerable.Range(1, int.MaxValue).Select(n => $"{prefix}-{n}").First(c => !taken.Contains(c));
    }
}
