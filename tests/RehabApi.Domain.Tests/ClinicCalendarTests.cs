using System.Globalization;

namespace RehabApi.Domain.Tests;

/// <summary>The clinic's calendar: instants to local dates and local dates to their first instant.</summary>
public sealed class ClinicCalendarTests
{
    [Theory]
    // 20:00 in Los Angeles on 1 February is 04:00 UTC on the 2nd; 08:00 in Tokyo on the 4th is 23:00 UTC on the 3rd.
    [InlineData("America/Los_Angeles", "2026-02-02T04:00:00Z", "2026-02-01")]
    [InlineData("America/Los_Angeles", "2026-02-01T20:00:00-08:00", "2026-02-01")]
    [InlineData("Asia/Tokyo", "2026-02-03T23:00:00Z", "2026-02-04")]
    [InlineData("Asia/Tokyo", "2026-02-03T15:00:00-08:00", "2026-02-04")]
    [InlineData("UTC", "2026-02-03T23:00:00-05:00", "2026-02-04")]
    public void AnInstantFallsOnTheClinicsDateWhateverItsOffset(string zone, string instant, string date) =>
        Assert.Equal(DateOnly.Parse(date, CultureInfo.InvariantCulture), ClinicCalendar.For(zone).DateOf(Instant(instant)));

    [Theory]
    [InlineData("UTC", "2026-02-02", "2026-02-02T00:00:00Z")]
    [InlineData("America/Los_Angeles", "2026-02-02", "2026-02-02T08:00:00Z")]
    [InlineData("America/Los_Angeles", "2026-07-01", "2026-07-01T07:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-02-02", "2026-02-01T15:00:00Z")]
    // Chile springs forward at midnight: 6 September starts at 01:00 (UTC−3), the instant the clocks jump.
    [InlineData("America/Santiago", "2026-09-06", "2026-09-06T04:00:00Z")]
    // Cuba falls back from 01:00 to 00:00: 1 November starts at the first of its two midnights (UTC−4).
    [InlineData("America/Havana", "2026-11-01", "2026-11-01T04:00:00Z")]
    public void ADateStartsAtItsFirstInstantInTheClinicsZone(string zone, string date, string start)
    {
        var first = ClinicCalendar.For(zone).StartOf(DateOnly.Parse(date, CultureInfo.InvariantCulture));
        Assert.Equal(Instant(start), first);
        Assert.Equal(TimeSpan.Zero, first.Offset);
    }

    [Fact]
    public void InEveryZoneEachDateOf2026StartsAtTheFirstInstantThatFallsOnIt()
    {
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            var calendar = ClinicCalendar.For(zone.Id);
            for (var date = new DateOnly(2026, 1, 1); date.Year == 2026; date = date.AddDays(1))
            {
                var start = calendar.StartOf(date);
                Assert.True(calendar.DateOf(start) == date, $"{zone.Id}: {date} starts at {start:O}, which is {calendar.DateOf(start)}");
                Assert.True(calendar.DateOf(start.AddTicks(-1)) < date, $"{zone.Id}: {date} has begun before {start:O}");
            }
        }
    }

    [Theory]
    [InlineData("UTC", "UTC")]
    [InlineData("Europe/London", "Europe/London")]
    [InlineData("asia/tokyo", "Asia/Tokyo")]
    [InlineData("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires")]
    public void TheTzDatabasesZonesAreAcceptedInTheirOwnSpelling(string given, string stored)
    {
        Assert.True(ClinicCalendar.TryFor(given, out var calendar));
        Assert.Equal(stored, calendar.ZoneId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" UTC")]
    [InlineData("Pacific Standard Time")]
    [InlineData("US/Pacific")]
    [InlineData("Etc/GMT+8")]
    [InlineData("posixrules")]
    [InlineData("localtime")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    public void AnythingElseIsRefused(string? zone)
    {
        Assert.False(ClinicCalendar.TryFor(zone, out _));
        if (zone is not null) Assert.Throws<InvalidOperationException>(() => ClinicCalendar.For(zone));
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
