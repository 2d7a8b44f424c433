namespace RehabApi.Idempotency;

/// <summary>The first successful response to a POST sent with an Idempotency-Key, kept per API key so that a
/// retry of the same request gets the same answer and writes nothing. Committed in the same transaction as
/// the write it answers: a record exists exactly when its write does.</summary>
public sealed class IdempotencyRecord
{
    public Guid ClinicId { get; set; }
    public required string Key { get; set; }

    /// <summary>The API key that sent the first request. Idempotency keys are its own: another API key using the
    /// same one neither replays this response nor is refused because of it.</summary>
    public Guid ApiKeyId { get; set; }

    /// <summary>SHA-256 of the API key, method, path, query and body of the first request.</summary>
    public required byte[] RequestHash { get; set; }

    public int StatusCode { get; set; }
    public string? ContentType { get; set; }
    public string? Location { get; set; }
    public string? ETag { get; set; }
    public required byte[] Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
