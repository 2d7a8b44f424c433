using System.Globalization;

namespace RehabApi.Domain.Plans;

/// <summary>Fills <c>{name}</c> placeholders of content templates. Holds no wording of its own.</summary>
internal static class PlanText
{
    public static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (text, value) => text.Replace("{" + value.Name + "}", value.Value, StringComparison.Ordinal));

    // Invariant culture: the content chooses the format, and the server's culture must not change the words.
    public static string Date(PlanContent content, DateOnly date) =>
        date.ToString(content.DateFormat, CultureInfo.InvariantCulture);

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
