using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace RehabApi.Domain;

/// <summary>A clinic's calendar: the IANA time zone its dates are read in (PROTOCOL.md, "Dates and the clinic's
/// time zone"). The one place where an instant becomes a clinic date and a date becomes an instant, so a rule
/// "N days after D" is met from <see cref="StartOf"/>(D + N) whatever offset a time was written with.</summary>
public sealed record ClinicCalendar(TimeZoneInfo Zone)
{
    public static ClinicCalendar Utc { get; } = new(TimeZoneInfo.Utc);

    /// <summary>The zone's IANA id, as stored for the clinic (e.g. Europe/London).</summary>
    public string ZoneId => Zone.Id;

    /// <summary>The clinic's date at <paramref name="moment"/>.</summary>
    public DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Zone).DateTime);

    /// <summary>The first instant of a clinic date, in UTC: 00:00 there. Where a daylight-saving gap swallows
    /// midnight it is the first instant after the gap, and where midnight happens twice the first of them, so
    /// that <see cref="DateOf"/> of it is <paramref name="date"/> and of any earlier instant is not.</summary>
    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        // Clocks jump by whole minutes, so the first valid minute is where the gap ends.
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    private static readonly ConcurrentDictionary<string, ClinicCalendar> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        [Utc.ZoneId] = Utc,
    };

    /// <summary>The calendar of an IANA zone, in its canonical spelling. Only the tz database's own zones
    /// (zone.tab) and UTC are accepted: not Windows names ("Pacific Standard Time"), not aliases such as
    /// US/Pacific or Etc/GMT+8 (whose sign is the reverse of what it reads), not files like posixrules.</summary>
    public static bool TryFor(string? ianaId, [NotNullWhen(true)] out ClinicCalendar? calendar)
    {
        calendar = null;
        if (string.IsNullOrEmpty(ianaId)) return false;
        if (Known.TryGetValue(ianaId, out calendar)) return true;
        var zone = TimeZoneInfo.GetSystemTimeZones(skipSorting: true)
            .FirstOrDefault(z => z.HasIanaId && string.Equals(z.Id, ianaId, StringComparison.OrdinalIgnoreCase));
        if (zone is null) return false;
        calendar = Known.GetOrAdd(zone.Id, _ => new ClinicCalendar(zone));
        return true;
    }

    /// <summary>The calendar of a stored zone id; throws when this machine does not know it (no tzdata?),
    /// because guessing a zone would move every date rule of the clinic.</summary>
    public static ClinicCalendar For(string ianaId) =>
        TryFor(ianaId, out var calendar)
            ? calendar
            : throw new InvalidOperationException($"The time zone '{ianaId}' is not an IANA zone this server knows (is tzdata installed?).");
}
