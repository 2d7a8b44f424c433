using System.Buffers;

namespace RehabApi.Infrastructure;

/// <summary>What any text the API takes may contain: no control characters but tab, line feed and carriage return.
/// PostgreSQL cannot store NUL in text (a 500 before this rule), and the others (escape sequences, C1 controls) have no
/// place in a clinical record, where they could rewrite a terminal or a log line that shows it. Applied to every JSON
/// string (<see cref="JsonBodyGuard"/>) and every query and route value (<see cref="RequestGuard"/>).</summary>
public static class PlainText
{
    private static readonly SearchValues<char> Refused = SearchValues.Create(
        Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')).ToArray());

    /// <summary>What is wrong with <paramref name="text"/>, to follow the field's name in a message; null when nothing is.</summary>
    public static string? Problem(string text) =>
        text.AsSpan().IndexOfAny(Refused) is var at and >= 0
            ? $"may not contain control characters (U+{(int)text[at]:X4} at character {at + 1}); only tab, line feed and carriage return are allowed."
            : null;
}
