using System.Text.Json;
using System.Text.Json.Nodes;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Tests.Support;

/// <summary>A protocol as the JSON a clinic posts, to vary it the way a clinic would.</summary>
public static class ProtocolJson
{
    public static JsonObject ToJson(ProtocolDefinition protocol) =>
        JsonSerializer.SerializeToNode(protocol, ProtocolCatalog.JsonOptions)!.AsObject();

    public static ProtocolDefinition FromJson(JsonObject json) =>
        json.Deserialize<ProtocolDefinition>(ProtocolCatalog.JsonOptions)!;

    /// <summary><paramref name="floor"/> with <paramref name="change"/> applied to its JSON.</summary>
    public static ProtocolDefinition Variant(ProtocolDefinition floor, Action<JsonObject> change)
    {
        var json = ToJson(floor);
        change(json);
        return FromJson(json);
    }

    public static JsonArray Gates(JsonObject protocol) => protocol["gates"]!.AsArray();

    /// <summary>The index of the gate that leaves <paramref name="from"/>.</summary>
    public static int GateIndex(JsonObject protocol, string from) =>
        Gates(protocol).Select((g, i) => (g, i)).Single(x => (string)x.g!["from"]! == from).i;

    public static JsonArray Requirements(JsonObject protocol, int gate) => Gates(protocol)[gate]!["requirements"]!.AsArray();

    public static int RequirementIndex(JsonObject protocol, int gate, string code) =>
        Requirements(protocol, gate).Select((r, i) => (r, i)).Single(x => (string)x.r!["code"]! == code).i;

    public static JsonNode Requirement(JsonObject protocol, int gate, string code) =>
        Requirements(protocol, gate)[RequirementIndex(protocol, gate, code)]!;

    public static int IndexOf(JsonObject protocol, string array, string key, string value) =>
        protocol[array]!.AsArray().Select((n, i) => (n, i)).Single(x => (string)x.n![key]! == value).i;
}
