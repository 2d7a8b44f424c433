using Microsoft.AspNetCore.WebUtilities;

namespace RehabApi.Infrastructure;

/// <summary>An opaque keyset cursor: the id of the last item of the previous page. Pages stay stable
/// while rows are added, unlike offsets.</summary>
public static class KeysetCursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(Guid lastId) => WebEncoders.Base64UrlEncode(lastId.ToByteArray());

    public static Guid? Decode(ValidationErrors errors, string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            var bytes = WebEncoders.Base64UrlDecode(cursor);
            if (bytes.Length == 16) return new Guid(bytes);
        }
        catch (FormatException)
        {
        }
        errors.Add("cursor", "cursor is not one this service returned; start again without it.");
        return null;
    }

    public static int Limit(ValidationErrors errors, int? limit)
    {
        errors.InRange("limit", limit, 1, MaxLimit);
        return limit ?? DefaultLimit;
    }
}
