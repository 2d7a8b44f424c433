using System.Text.Json.Nodes;
using CsCheck;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.Tests.Support;
using Xunit.Abstractions;

namespace RehabApi.Domain.Tests;

/// <summary>Random clinic versions of every built-in protocol: any loosening, alone or with others (and with
/// tightenings beside it), is refused with a finding naming the field it changed; any set of tightenings passes.</summary>
public sealed class ProtocolSafetyPropertyTests(ITestOutputHelper output)
{
    /// <summary>Enough to meet every kind of change many times over, with a few seconds to spare on two shared cores.</summary>
    private const int Iterations = 4000;

    /// <summary>Each built-in protocol with its JSON and its generators, built once (building them is dearer than a case).</summary>
    private static readonly Floor[] Floors =
        [.. ProtocolCatalog.BuiltInProtocols.Select(p => new Floor(p, ProtocolJson.ToJson(p).ToJsonString(), Loosenings.For(p), Tightenings.For(p)))];

    private sealed record Floor(ProtocolDefinition Protocol, string Json, Gen<Mutation> Loosening, Gen<Mutation> Tightening)
    {
        public override string ToString() => $"{Protocol.Key} v{Protocol.Version}";
    }

    private sealed record Case(Floor Floor, IReadOnlyList<Mutation> Loosenings, IReadOnlyList<Mutation> Others)
    {
        public override string ToString() =>
            $"{Floor}: {string.Join(" + ", Loosenings)}{(Others.Count > 0 ? " with " + string.Join(" + ", Others) : "")}";
    }

    /// <summary>One to four loosenings of a built-in protocol, and up to two tightenings beside them (that none hides).</summary>
    private static readonly Gen<Case> LooseningCases =
        Gen.OneOf(Floors).SelectMany(floor => Gen.Select(floor.Loosening.Array[1, 4], floor.Tightening.Array[0, 2])
            .Select((loose, tight) =>
            {
                var loosened = Mutation.Compatible(loose);
                var beside = Mutation.Compatible(loosened.Concat(tight)).Skip(loosened.Count).ToList();
                return new Case(floor, loosened, beside);
            }));

    [Fact]
    public void EveryLooseningAloneOrCombinedIsRefusedNamingTheFieldItChanged() =>
        LooseningCases.Sample(c =>
        {
            var json = Apply(c.Floor.Json, c.Loosenings.Concat(c.Others));
            var findings = ProtocolSafety.Check(ProtocolJson.FromJson(json), c.Floor.Protocol);

            foreach (var change in c.Loosenings)
            {
                var field = change.Field(json);
                if (!findings.Any(f => f.Field == field))
                    throw new Exception($"{c}: '{change.Name}' was not refused at {field}; findings: {string.Join("; ", findings)}");
            }
        }, iter: Iterations, writeLine: output.WriteLine, print: c => c.ToString());

    [Fact]
    public void EveryCombinationOfTighteningsPasses() =>
        Gen.OneOf(Floors).SelectMany(floor => floor.Tightening.Array[1, 6].Select(t => (floor, changes: Mutation.Compatible(t))))
            .Sample(c =>
            {
                var findings = ProtocolSafety.Check(ProtocolJson.FromJson(Apply(c.floor.Json, c.changes)), c.floor.Protocol);
                if (findings.Count > 0)
                    throw new Exception($"{string.Join(" + ", c.changes)} refused: {string.Join("; ", findings)}");
            }, iter: Iterations, writeLine: output.WriteLine, print: c => string.Join(" + ", c.changes));

    private static JsonObject Apply(string json, IEnumerable<Mutation> changes)
    {
        var protocol = JsonNode.Parse(json)!.AsObject();
        foreach (var change in changes)
        {
            try { change.Apply(protocol); }
            catch (Exception e) { throw new InvalidOperationException($"Applying '{change.Name}' after others failed: {e.Message}", e); }
        }
        return protocol;
    }
}
