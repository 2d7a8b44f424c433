using System.Text.Json;

namespace RehabApi.Infrastructure;

/// <summary>A value the JSON options refuse, for <see cref="ProblemDetailsExceptionHandler"/> to report as a 400 on its
/// field. The serializer fills in <see cref="JsonException.Path"/> with where it was reading (the value itself for a
/// converter, the enclosing object after an object was read); <see cref="Below"/> names the field under that path.</summary>
internal sealed class JsonFieldException(string problem, string? below = null) : JsonException(problem)
{
    /// <summary>Follows the field's name in the message: "must be ...", "may not be null." (The serializer keeps a
    /// message of ours as it is.)</summary>
    public string Problem => Message;

    public string? Below => below;
}
