using System.Text.Json.Nodes;
using CsCheck;
using RehabApi.Domain.Protocols;
using static RehabApi.Domain.Tests.Support.ProtocolJson;

namespace RehabApi.Domain.Tests.Support;

/// <summary>Random changes that loosen a built-in protocol, or change what may not change, each knowing the field a
/// finding must name. Built from the floor's own data, so that they follow it when it changes.</summary>
public static class Loosenings
{
    private static readonly string[] AllRoles = [.. Roles.All, "nurse", "Physician"];
    private static readonly string[] NewSites = ["femoral-neck", "neck-of-femur", "hip", "pelvis", "femoral-neck-stress", "x"];
    private static readonly string[] Units = ["seconds", "hours", "min", "s", "percent", "count", "nrs", "score", "minutes"];

    /// <summary>One of <paramref name="gens"/>, each as likely.</summary>
    public static Gen<T> Any<T>(params Gen<T>[] gens) => Gen.OneOf<T>(gens);

    public static Gen<Mutation> For(ProtocolDefinition floor) =>
        Any([.. Requirements(floor), .. Evidence(floor), .. RoleLists(floor), .. Phases(floor), .. Weeks(floor),
                   .. Sites(floor), .. Ladder(floor), .. Gates(floor), .. Rest(floor)]);

    /// <summary>The floor's requirements: common (From null) and per gate.</summary>
    public static IEnumerable<(string? From, RequirementDefinition R)> FloorRequirements(ProtocolDefinition floor) =>
        floor.CommonRequirements.Select(r => ((string?)null, r)).Concat(floor.Gates.SelectMany(g => g.Requirements.Select(r => ((string?)g.From, r))));

    public static JsonArray RequirementsOf(JsonObject p, string? from) =>
        from is null ? p["commonRequirements"]!.AsArray() : ProtocolJson.Requirements(p, GateIndex(p, from));

    public static string RequirementsField(JsonObject p, string? from) =>
        from is null ? "commonRequirements" : $"gates[{GateIndex(p, from)}].requirements";

    public static JsonNode RequirementNode(JsonObject p, string? from, string code) =>
        RequirementsOf(p, from).Single(r => (string)r!["code"]! == code)!;

    public static string RequirementField(JsonObject p, string? from, string code, string parameter) =>
        $"{RequirementsField(p, from)}[{RequirementsOf(p, from).ToList().FindIndex(r => (string)r!["code"]! == code)}].{parameter}";

    private static string Target(string? from, string code) => $"req/{from ?? "common"}/{code}";

    private static IEnumerable<Gen<Mutation>> Requirements(ProtocolDefinition floor)
    {
        foreach (var (from, r) in FloorRequirements(floor))
        {
            yield return Gen.Const(new Mutation($"drop {r.Code}", Target(from, r.Code),
                p => RequirementsOf(p, from).Remove(RequirementNode(p, from, r.Code)), p => RequirementsField(p, from)));

            var otherRules = RequirementRules.All
                .Where(rule => rule != r.Rule && !(rule == RequirementRules.Clearance && r.Rule.StartsWith("clearance"))).ToArray();
            yield return Gen.OneOf(otherRules).Select(rule => Set($"{r.Code}.rule = {rule}", from, r.Code, "rule", rule));

            foreach (var (name, value, max) in new[] { ("days", r.Days, 365), ("weeks", r.Weeks, 52) })
            {
                if (value is not { } floorValue) continue;
                yield return Any(Gen.Int[-10, floorValue - 1], Gen.Int[max + 1, int.MaxValue], Gen.Const(613566756))
                    .Select(v => Set($"{r.Code}.{name} = {v}", from, r.Code, name, v));
                yield return Gen.Const(Set($"{r.Code}.{name} removed", from, r.Code, name, null));
            }

            if (r.Threshold is { } threshold)
            {
                var atLeast = r.Rule.EndsWith("at-least");
                var loosened = atLeast ? Gen.Int[-100, 99].Select(d => threshold - 1 - Math.Abs(d) / 4m) : Gen.Int[0, 100].Select(d => threshold + 0.25m + d);
                yield return loosened.Select(v => Set($"{r.Code}.threshold = {v}", from, r.Code, "threshold", v));
                yield return Gen.Const(Set($"{r.Code}.threshold removed", from, r.Code, "threshold", null));
            }

            if (r.ClearanceType is { } type)
                yield return Gen.OneOf(floor.ClearanceTypes.Select(c => c.Type).Where(t => t != type).ToArray())
                    .Select(t => Set($"{r.Code}.clearanceType = {t}", from, r.Code, "clearanceType", t));

            if (r.ObservationCode is { } code)
                yield return Gen.OneOf(floor.ObservationCodes.Select(o => o.Code).Where(c => c != code).ToArray())
                    .Select(c => Set($"{r.Code}.observationCode = {c}", from, r.Code, "observationCode", c));

            // The ladder's requirement met by an observation instead (v1's old way round the pacing).
            if (r.Rule == RequirementRules.WalkRunComplete)
                yield return Gen.Const(new Mutation($"{r.Code} met by an observation", Target(from, r.Code) + "/observationCode", p =>
                {
                    RequirementNode(p, from, r.Code)["observationCode"] = "continuous-run-minutes";
                    RequirementNode(p, from, r.Code)["threshold"] = 30;
                }, p => RequirementField(p, from, r.Code, "observationCode")));
        }
    }

    private static Mutation Set(string name, string? from, string code, string parameter, JsonNode? value) =>
        new(name, $"{Target(from, code)}/{parameter}", p => RequirementNode(p, from, code)[parameter] = value?.DeepClone(),
            p => RequirementField(p, from, code, parameter));

    private static IEnumerable<Gen<Mutation>> Evidence(ProtocolDefinition floor)
    {
        foreach (var type in floor.ClearanceTypes)
        {
            int Index(JsonObject p) => IndexOf(p, "clearanceTypes", "type", type.Type);
            JsonArray Signers(JsonObject p) => p["clearanceTypes"]![Index(p)]!["signers"]!.AsArray();
            yield return Gen.Const(new Mutation($"drop clearance type {type.Type}", $"clearance/{type.Type}",
                p => p["clearanceTypes"]!.AsArray().RemoveAt(Index(p)), _ => "clearanceTypes"));
            foreach (var gen in RoleChanges($"clearance/{type.Type}", $"{type.Type} signers", type.Signers, Signers,
                         p => $"clearanceTypes[{Index(p)}].signers", mayNarrow: true))
                yield return gen;
        }

        foreach (var code in floor.ObservationCodes)
        {
            int Index(JsonObject p) => IndexOf(p, "observationCodes", "code", code.Code);
            JsonNode Node(JsonObject p) => p["observationCodes"]![Index(p)]!;
            yield return Gen.Const(new Mutation($"drop observation code {code.Code}", $"obs/{code.Code}",
                p => p["observationCodes"]!.AsArray().RemoveAt(Index(p)), _ => "observationCodes"));
            yield return Gen.OneOf(Units.Where(u => u != code.Unit).ToArray()).Select(unit => new Mutation(
                $"{code.Code}.unit = {unit}", $"obs/{code.Code}/unit", p => Node(p)["unit"] = unit, p => $"observationCodes[{Index(p)}].unit"));
            // Wider accepts nonsense; narrower refuses a worse reading and keeps an older, better one the latest.
            yield return Any(Gen.Int[1, 1000].Select(d => code.Min - d), Gen.Int[1, (int)(code.Max - code.Min)].Select(d => code.Min + d))
                .Select(min => new Mutation($"{code.Code}.min = {min}", $"obs/{code.Code}/min", p => Node(p)["min"] = min, p => $"observationCodes[{Index(p)}].min"));
            yield return Any(Gen.Int[1, 1000].Select(d => code.Max + d), Gen.Int[1, (int)(code.Max - code.Min)].Select(d => code.Max - d))
                .Select(max => new Mutation($"{code.Code}.max = {max}", $"obs/{code.Code}/max", p => Node(p)["max"] = max, p => $"observationCodes[{Index(p)}].max"));
        }
    }

    private static IEnumerable<Gen<Mutation>> RoleLists(ProtocolDefinition floor)
    {
        foreach (var (table, roles) in new[] { ("transitionRoles", floor.TransitionRoles), ("resumeRoles", floor.ResumeRoles) })
            foreach (var (key, list) in roles)
            {
                yield return Gen.Const(new Mutation($"drop {table}.{key}", $"roles/{table}.{key}",
                    p => p[table]!.AsObject().Remove(key), _ => table));
                // Only advancing and resuming may be left to fewer roles (a physician staying).
                var mayNarrow = table == "resumeRoles" || key == TransitionActions.Advance;
                foreach (var gen in RoleChanges($"roles/{table}.{key}", $"{table}.{key}", list, p => p[table]![key]!.AsArray(),
                             _ => $"{table}.{key}", mayNarrow))
                    yield return gen;
            }
        foreach (var (field, list) in new[] { ("imagingSigners", floor.ImagingSigners), ("observationRecorders", floor.ObservationRecorders) })
            foreach (var gen in RoleChanges($"roles/{field}", field, list, p => p[field]!.AsArray(), _ => field, mayNarrow: false))
                yield return gen;
    }

    /// <summary>A role added that the floor does not have; a role removed where that loosens (any, unless
    /// <paramref name="mayNarrow"/>: then the physician, or the last role).</summary>
    private static IEnumerable<Gen<Mutation>> RoleChanges(
        string target, string name, IReadOnlyList<string> floorRoles, Func<JsonObject, JsonArray> list, Func<JsonObject, string> field, bool mayNarrow)
    {
        var added = AllRoles.Except(floorRoles).ToArray();
        yield return Gen.OneOf(added).Select(role => new Mutation($"{name} + {role}", $"{target}/{role}", p => list(p).Add(role), field));
        var removable = mayNarrow ? floorRoles.Where(r => r == Roles.Physician || floorRoles.Count == 1).ToArray() : floorRoles.ToArray();
        if (removable.Length > 0)
            yield return Gen.OneOf(removable).Select(role => new Mutation($"{name} − {role}", $"{target}/{role}",
                p => list(p).Remove(list(p).First(r => (string)r! == role)), field));
    }

    private static IEnumerable<Gen<Mutation>> Phases(ProtocolDefinition floor)
    {
        foreach (var phase in floor.Phases)
        {
            int Index(JsonObject p) => IndexOf(p, "phases", "code", phase.Code);
            yield return Any(Gen.Int[-30, phase.TypicalDays - 1], Gen.Int[366, int.MaxValue]).Select(days => new Mutation(
                $"{phase.Code}.typicalDays = {days}", $"phase/{phase.Code}/typicalDays", p => p["phases"]![Index(p)]!["typicalDays"] = days,
                p => $"phases[{Index(p)}].typicalDays"));
            yield return Gen.OneOf(new[] { "none", "partial", "full", "toe-touch" }.Where(w => w != phase.WeightBearing).ToArray())
                .Select(w => new Mutation($"{phase.Code}.weightBearing = {w}", $"phase/{phase.Code}/weightBearing",
                    p => p["phases"]![Index(p)]!["weightBearing"] = w, p => $"phases[{Index(p)}].weightBearing"));
            yield return Gen.Const(new Mutation($"drop phase {phase.Code}", ["phase-order", $"phase/{phase.Code}"],
                p => p["phases"]!.AsArray().RemoveAt(Index(p)), _ => "phases"));
        }
        var count = floor.Phases.Count;
        yield return Gen.Int[0, count - 2].Select(i => new Mutation($"swap phases {i} and {i + 1}", "phase-order", p =>
        {
            var phases = p["phases"]!.AsArray();
            var moved = phases[i]!;
            phases.RemoveAt(i);
            phases.Insert(i + 1, moved);
        }, _ => "phases"));
        // Pain reports from a later phase than the floor's, or from no phase at all.
        var later = floor.Phases.Skip(floor.PhaseIndex(floor.PainReportsFromPhase) + 1).Select(ph => ph.Code).Append("never").ToArray();
        yield return Gen.OneOf(later).Select(phase => new Mutation($"painReportsFromPhase = {phase}", "painReportsFromPhase",
            p => p["painReportsFromPhase"] = phase, _ => "painReportsFromPhase"));
    }

    private static IEnumerable<Gen<Mutation>> Weeks(ProtocolDefinition floor)
    {
        var weeks = floor.NonWeightBearingWeeks;
        foreach (var (name, value) in new[]
                 {
                     ("min", weeks.Min), ("max", weeks.Max), ("defaultAtHighRiskSite", weeks.DefaultAtHighRiskSite), ("defaultElsewhere", weeks.DefaultElsewhere),
                 })
            yield return Any(Gen.Int[-5, value - 1], Gen.Int[53, int.MaxValue], Gen.Const(613566756)).Select(v => new Mutation(
                $"nonWeightBearingWeeks.{name} = {v}", $"nwb/{name}", p => p["nonWeightBearingWeeks"]![name] = v, _ => $"nonWeightBearingWeeks.{name}"));

        var imaging = floor.Imaging.MinDaysAfterNonWeightBearingStart;
        yield return Any(Gen.Int[-30, imaging - 1], Gen.Int[366, int.MaxValue]).Select(days => new Mutation(
            $"imaging days = {days}", "imaging", p => p["imaging"]!["minDaysAfterNonWeightBearingStart"] = days, _ => "imaging.minDaysAfterNonWeightBearingStart"));
    }

    private static IEnumerable<Gen<Mutation>> Sites(ProtocolDefinition floor)
    {
        yield return Gen.Select(Gen.OneOf(NewSites), Gen.Bool).Select((site, highRisk) => new Mutation(
            $"new site {site}{(highRisk ? " (high-risk)" : "")}", $"sites/{site}", p =>
            {
                p["sites"]!.AsArray().Add(site);
                if (highRisk) p["highRiskSites"]!.AsArray().Add(site);
            }, _ => "sites"));
        yield return Gen.OneOf(floor.Sites.ToArray()).Select(site => new Mutation($"drop site {site}", $"sites/{site}",
            p => p["sites"]!.AsArray().Remove(p["sites"]!.AsArray().First(s => (string)s! == site)), _ => "sites"));
        yield return Gen.OneOf(floor.HighRiskSites.ToArray()).Select(site => new Mutation($"drop high-risk site {site}", $"high-risk/{site}",
            p => p["highRiskSites"]!.AsArray().Remove(p["highRiskSites"]!.AsArray().First(s => (string)s! == site)), _ => "highRiskSites"));

        var referral = floor.SurgicalReferral;
        if (referral.Sites.Count > 0)
            yield return Gen.OneOf(referral.Sites.ToArray()).Select(site => new Mutation($"drop referral site {site}", $"referral/sites/{site}",
                p => p["surgicalReferral"]!["sites"]!.AsArray().Remove(p["surgicalReferral"]!["sites"]!.AsArray().First(s => (string)s! == site)),
                _ => "surgicalReferral.sites"));
        if (referral.WhenDisplaced)
            yield return Gen.Const(new Mutation("no referral when displaced", "referral/whenDisplaced",
                p => p["surgicalReferral"]!["whenDisplaced"] = false, _ => "surgicalReferral.whenDisplaced"));
        yield return Any(Gen.Int[1, 1000].Select(d => referral.MinNeckWidthPercent + d), Gen.Int[-100, 0].Select(d => (decimal)d))
            .Select(width => new Mutation($"minNeckWidthPercent = {width}", "referral/minNeckWidthPercent",
                p => p["surgicalReferral"]!["minNeckWidthPercent"] = width, _ => "surgicalReferral.minNeckWidthPercent"));
    }

    private static IEnumerable<Gen<Mutation>> Ladder(ProtocolDefinition floor)
    {
        var ladder = floor.WalkRun;
        foreach (var (name, value, max) in new[]
                 {
                     ("sessionsToMoveUp", ladder.SessionsToMoveUp, 52), ("restDaysAfterPain", ladder.RestDaysAfterPain, 365),
                     ("minDaysBetweenSessions", ladder.MinDaysBetweenSessions, 365),
                 })
            yield return Any(Gen.Int[-5, value - 1], Gen.Int[max + 1, int.MaxValue]).Select(v => new Mutation(
                $"walkRun.{name} = {v}", $"walkRun/{name}", p => p["walkRun"]![name] = v, _ => $"walkRun.{name}"));
        yield return Gen.Const(new Mutation("walkRun.phase = strengthening", "walkRun/phase", p => p["walkRun"]!["phase"] = "strengthening", _ => "walkRun.phase"));

        JsonArray Steps(JsonObject p) => p["walkRun"]!["steps"]!.AsArray();
        var last = ladder.Steps.Count - 1;
        // A step of the floor made harder: less walking, more running, more rounds.
        yield return Gen.Int[0, last - 1].SelectMany(i =>
        {
            var step = ladder.Steps[i];
            return Any(
                Gen.Int[0, step.WalkMinutes!.Value - 1].Select(v => ("walkMinutes", v)),
                Gen.Int[step.RunMinutes!.Value + 1, 60].Select(v => ("runMinutes", v)),
                Gen.Int[step.Repeats!.Value + 1, 20].Select(v => ("repeats", v)))
                .Select(change => new Mutation($"step {i + 1} {change.Item1} = {change.Item2}", "walkRun/steps",
                    p => Steps(p)[i]![change.Item1] = change.Item2, _ => $"walkRun.steps[{i}].{change.Item1}"));
        });
        var run = ladder.Steps[last].ContinuousRunMinutes!.Value;
        yield return Gen.Int[0, run - 1].Select(v => new Mutation($"last step runs {v} min", "walkRun/steps",
            p => Steps(p)[last]!["continuousRunMinutes"] = v, _ => $"walkRun.steps[{last}].continuousRunMinutes"));
        yield return Gen.Int[0, last - 1].Select(i => new Mutation($"drop step {i + 1}", "walkRun/steps", p =>
        {
            Steps(p).RemoveAt(i);
            for (var s = 0; s < Steps(p).Count; s++) Steps(p)[s]!["step"] = s + 1;
        }, _ => "walkRun.steps"));
        yield return Gen.Int[1, 30].Select(minutes => new Mutation($"one step of {minutes} min", "walkRun/steps",
            p => p["walkRun"]!["steps"] = new JsonArray(new JsonObject { ["step"] = 1, ["continuousRunMinutes"] = minutes }), _ => "walkRun.steps"));
    }

    private static IEnumerable<Gen<Mutation>> Gates(ProtocolDefinition floor)
    {
        foreach (var gate in floor.Gates)
        {
            yield return Gen.Const(new Mutation($"drop gate from {gate.From}", ["gate-order", $"req/{gate.From}"],
                p => p["gates"]!.AsArray().RemoveAt(GateIndex(p, gate.From)), _ => "gates"));
            var elsewhere = floor.Phases.Select(ph => ph.Code).Where(c => c != gate.To).ToArray();
            yield return Gen.OneOf(elsewhere).Select(to => new Mutation($"gate from {gate.From} to {to}", ["gate-order", $"req/{gate.From}"],
                p => p["gates"]![GateIndex(p, gate.From)]!["to"] = to, p => $"gates[{GateIndex(p, gate.From)}].to"));
        }
    }

    private static IEnumerable<Gen<Mutation>> Rest(ProtocolDefinition floor)
    {
        yield return Gen.OneOf("knee-bsi", "hip-bsi-2", "HIP-BSI").Select(key => new Mutation($"key = {key}", "key", p => p["key"] = key, _ => "key"));
    }
}
