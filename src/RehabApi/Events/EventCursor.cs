using System.Buffers.Binary;
using Microsoft.AspNetCore.WebUtilities;
using RehabApi.Infrastructure;

namespace RehabApi.Events;

/// <summary>A position in the change feed: the (transaction id, sequence) of the last event read.</summary>
public readonly record struct EventCursor(long TxId, long Seq)
{
    public static readonly EventCursor Start = new(0, 0);

    public string Encode()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(bytes, TxId);
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), Seq);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static EventCursor Decode(ValidationErrors errors, string? after)
    {
        if (string.IsNullOrEmpty(after)) return Start;
        try
        {
            var bytes = WebEncoders.Base64UrlDecode(after);
            if (bytes.Length == 16)
                return new EventCursor(BinaryPrimitives.ReadInt64BigEndian(bytes), BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8)));
        }
        catch (FormatException)
        {
        }
        errors.Add("after", "after is not a cursor this service returned; start again without it.");
        return Start;
    }
}
