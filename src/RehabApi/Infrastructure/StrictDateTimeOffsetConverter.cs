using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace RehabApi.Infrastructure;

/// <summary>Reads a moment only when it says which moment: a date, a time and an offset (Z or ±hh:mm). The
/// framework would take a bare date, or a time without an offset, in the server's own zone — a record could then be
/// dated hours away from what the clinic meant (PROTOCOL.md, "Effective time").</summary>
internal sealed partial class StrictDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    private const string Problem = "must be a date and time with an offset, e.g. 2026-05-31T14:30:00+02:00 or 2026-05-31T12:30:00Z.";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment))
            return moment;
        throw new JsonFieldException(Problem);
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex WithOffset();
}
