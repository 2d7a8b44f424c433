namespace RehabApi.Infrastructure;

/// <summary>Collects field errors for a 400; a request with any error writes nothing.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> errors = new();

    public bool Any => errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages)) errors[field] = messages = [];
        messages.Add(message);
    }

    public T? Required<T>(string field, T? value) where T : class
    {
        if (value is null || value is string s && string.IsNullOrWhiteSpace(s)) Add(field, $"{field} is required.");
        return value;
    }

    public T? Required<T>(string field, T? value) where T : struct
    {
        if (value is null) Add(field, $"{field} is required.");
        return value;
    }

    /// <summary>A code from a closed list; null passes (use <see cref="Required{T}(string, T)"/> for presence).</summary>
    public void OneOf(string field, string? value, IEnumerable<string> allowed)
    {
        var list = allowed.ToList();
        if (value is not null && !list.Contains(value)) Add(field, $"'{value}' is not a known {field}; use one of: {string.Join(", ", list)}.");
    }

    public void InRange(string field, decimal? value, decimal min, decimal max)
    {
        if (value is not null && (value < min || value > max)) Add(field, $"{field} must be between {min} and {max}.");
    }

    public void MaxLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"{field} must be at most {max} characters.");
    }

    /// <summary>Text without control characters (<see cref="Infrastructure.PlainText"/>); null passes.</summary>
    public void PlainText(string field, string? value)
    {
        if (value is not null && Infrastructure.PlainText.Problem(value) is { } problem) Add(field, $"{field} {problem}");
    }

    public IDictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
