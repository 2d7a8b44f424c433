namespace RehabApi.Domain;

/// <summary>The clinic's time zone: calendar dates and date rules are local to it (PROTOCOL.md, "Dates and the
/// clinic's time zone"). (Placeholder until the time-zone work lands.)</summary>
public sealed record ClinicCalendar(TimeZoneInfo Zone)
{
    public static readonly ClinicCalendar Utc = new(TimeZoneInfo.Utc);

    public string ZoneId => Zone.Id;

    public DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(moment, Zone).DateTime);

    public DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        while (Zone.IsInvalidTime(local)) local = local.AddMinutes(1);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
