using RehabApi.Domain;

namespace RehabApi.Security;

/// <summary>A stored key with the time zone of its clinic: all a request needs to know its caller, read in one
/// round trip and cached together (<see cref="ApiKeyCache"/>), so that no request reads the clinic again.</summary>
public sealed record KnownKey(ApiKey Key, string ClinicTimeZone)
{
    public ClinicCalendar Calendar { get; } = ClinicCalendar.For(ClinicTimeZone);
}
