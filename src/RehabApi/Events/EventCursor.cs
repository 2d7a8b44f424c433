using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;
using RehabApi.Infrastructure;

namespace RehabApi.Events;

/// <summary>A position in the change feed: the (transaction id, sequence) of the last event read.</summary>
public readonly record struct EventCursor(long TxId, long Seq)
{
    public static readonly EventCursor Start = new(0, 0);
}

/// <summary>Turns positions into the opaque cursors a clinic is given, and back. Transaction ids count every write
/// of every clinic, so a cursor that showed them would tell any clinic how busy the service is; so the position is
/// encrypted (AES on its one 16-byte block: a permutation, so the same position always reads the same, which
/// keeps "nextCursor is the cursor you sent" true) and authenticated with an HMAC over the clinic's id as well, so
/// that a cursor can be neither altered nor made up, nor used by another clinic. The keys come from
/// <see cref="EventCursorKeys"/>.</summary>
public sealed class EventCursorCodec(EventCursorKeys.Keys keys, Guid clinicId)
{
    /// <summary>Leads every cursor, so that a later format (or key) can tell its own from these.</summary>
    private const byte Format = 1;
    private const int BlockBytes = 16, TagBytes = 16, CursorBytes = 1 + BlockBytes + TagBytes;

    public string Encode(EventCursor cursor)
    {
        Span<byte> block = stackalloc byte[BlockBytes];
        BinaryPrimitives.WriteInt64BigEndian(block, cursor.TxId);
        BinaryPrimitives.WriteInt64BigEndian(block[8..], cursor.Seq);
        var sealedCursor = new byte[CursorBytes];
        sealedCursor[0] = Format;
        using (var aes = Aes.Create())
        {
            aes.Key = keys.Encryption;
            aes.EncryptEcb(block, sealedCursor.AsSpan(1, BlockBytes), PaddingMode.None);
        }
        Tag(sealedCursor.AsSpan(0, 1 + BlockBytes), sealedCursor.AsSpan(1 + BlockBytes));
        return WebEncoders.Base64UrlEncode(sealedCursor);
    }

    public EventCursor Decode(ValidationErrors errors, string? after)
    {
        if (string.IsNullOrEmpty(after)) return EventCursor.Start;
        if (Open(after) is { } cursor) return cursor;
        errors.Add("after", "after is not a cursor this service returned; start again without it.");
        return EventCursor.Start;
    }

    private EventCursor? Open(string after)
    {
        byte[] sealedCursor;
        try
        {
            sealedCursor = WebEncoders.Base64UrlDecode(after);
        }
        catch (FormatException)
        {
            return null;
        }
        if (sealedCursor.Length != CursorBytes || sealedCursor[0] != Format) return null;
        Span<byte> expected = stackalloc byte[TagBytes];
        Tag(sealedCursor.AsSpan(0, 1 + BlockBytes), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, sealedCursor.AsSpan(1 + BlockBytes))) return null;

        Span<byte> block = stackalloc byte[BlockBytes];
        using (var aes = Aes.Create())
        {
            aes.Key = keys.Encryption;
            aes.DecryptEcb(sealedCursor.AsSpan(1, BlockBytes), block, PaddingMode.None);
        }
        return new EventCursor(BinaryPrimitives.ReadInt64BigEndian(block), BinaryPrimitives.ReadInt64BigEndian(block[8..]));
    }

    /// <summary>HMAC-SHA256 of the clinic's id and the format and encrypted block, cut to <see cref="TagBytes"/>.</summary>
    private void Tag(ReadOnlySpan<byte> formatAndBlock, Span<byte> tag)
    {
        Span<byte> message = stackalloc byte[16 + 1 + BlockBytes];
        clinicId.TryWriteBytes(message);
        formatAndBlock.CopyTo(message[16..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(keys.Authentication, message, mac);
        mac[..TagBytes].CopyTo(tag);
    }
}
