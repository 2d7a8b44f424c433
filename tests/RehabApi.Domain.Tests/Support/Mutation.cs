using System.Text.Json.Nodes;

namespace RehabApi.Domain.Tests.Support;

/// <summary>One change to a protocol's JSON, for the property tests of ProtocolSafety.</summary>
/// <param name="Targets">What it touches, as paths such as <c>req/strengthening/strength-symmetry/threshold</c>. Changes
/// whose targets overlap (one equal to or under the other) are not combined, so that neither hides the other.</param>
/// <param name="Field">The JSON path a finding must name, read from the JSON after every change of a combination has
/// been applied (a requirement removed elsewhere shifts the indices).</param>
public sealed record Mutation(string Name, string[] Targets, Action<JsonObject> Apply, Func<JsonObject, string> Field)
{
    public Mutation(string name, string target, Action<JsonObject> apply, Func<JsonObject, string> field)
        : this(name, [target], apply, field) { }

    public bool Overlaps(Mutation other) => Targets.Any(a => other.Targets.Any(b => a == b || a.StartsWith(b + "/") || b.StartsWith(a + "/")));

    public override string ToString() => Name;

    /// <summary>The first change, then each later one that overlaps none already taken.</summary>
    public static IReadOnlyList<Mutation> Compatible(IEnumerable<Mutation> changes)
    {
        var taken = new List<Mutation>();
        foreach (var change in changes)
            if (!taken.Any(change.Overlaps)) taken.Add(change);
        return taken;
    }
}
