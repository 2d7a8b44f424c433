using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using RehabApi.Domain;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Episodes;

/// <summary>PROTOCOL.md, "Dates and the clinic's time zone": dates are the clinic's, and a time rule is met from
/// 00:00 in the clinic's zone, whatever offset an effectiveAt is written with. Each test has a clinic of its own
/// in the zone it is about; every episode is a low-risk pubic ramus fracture (4 weeks off the leg) diagnosed and
/// off the leg on 5 January 2026, when Los Angeles is at UTC−8, Tokyo at UTC+9 and Auckland at UTC+13.</summary>
public sealed class ClinicTimeZoneTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private static readonly DateOnly Diagnosed = new(2026, 1, 5);

    [Fact]
    public async Task AnAdvanceAt2000MinusEightOnDay27DoesNotPassAFourWeekPlan()
    {
        var api = await ClinicInAsync("America/Los_Angeles");
        var id = (await api.CreateEpisodeAsync(Diagnosed)).Id;
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, At("2026-01-20T09:00:00-08:00"));

        // 20:00 in Los Angeles on 1 February, day 27, is already 2 February (day 28) in UTC.
        var unmet = await BlockedAsync(api, id, "2026-02-01T20:00:00-08:00");

        Assert.Equal(("min-non-weight-bearing-time", "2026-02-02"), Single(unmet));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, At("2026-02-02T00:00:00-08:00"))).Phase);
    }

    [Fact]
    public async Task SevenDaysOfPartialWeightBearingCannotPassInSixAndAHalf()
    {
        var api = await ClinicInAsync("Pacific/Auckland");
        // Entered at 08:00 on 4 February in Auckland, which is still 3 February in UTC.
        var id = await InPartialWeightBearingAsync(api, At("2026-02-04T08:00:00+13:00"));

        // 20:00 on 10 February is six and a half days later, though already seven UTC dates after the 3rd.
        var unmet = await BlockedAsync(api, id, "2026-02-10T20:00:00+13:00");

        Assert.Equal(("min-partial-weight-bearing-time", "2026-02-11"), Single(unmet));
        Assert.Equal("full-weight-bearing", (await api.AdvanceAsync(id, At("2026-02-11T00:00:00+13:00"))).Phase);
    }

    [Theory]
    // Four weeks after 5 January is 2 February: from local midnight there, written in any offset, and not a second before.
    [InlineData("America/Los_Angeles", "2026-02-01T23:59:59-08:00", "2026-02-02T00:00:00-08:00")]
    [InlineData("America/Los_Angeles", "2026-02-02T07:59:59Z", "2026-02-02T08:00:00Z")]
    [InlineData("Asia/Tokyo", "2026-02-01T23:59:59+09:00", "2026-02-02T00:00:00+09:00")]
    [InlineData("Asia/Tokyo", "2026-02-01T06:59:59-08:00", "2026-02-01T07:00:00-08:00")]
    public async Task TheWeeksOffTheLegEndAtLocalMidnight(string zone, string lastUnmet, string firstMet)
    {
        var api = await ClinicInAsync(zone);
        var id = (await api.CreateEpisodeAsync(Diagnosed)).Id;
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, At("2026-01-20T12:00:00Z"));

        Assert.Equal(("min-non-weight-bearing-time", "2026-02-02"), Single(await BlockedAsync(api, id, lastUnmet)));
        Assert.Equal("imaging-confirmation", (await api.AdvanceAsync(id, At(firstMet))).Phase);
    }

    [Theory]
    // Entered on 4 February in the clinic's zone (early in Tokyo, when UTC is still on the 3rd; late in Los Angeles,
    // when UTC is on the 5th): seven days in the phase end at local midnight on the 11th.
    [InlineData("Asia/Tokyo", "2026-02-04T08:00:00+09:00", "2026-02-10T23:59:59+09:00", "2026-02-11T00:00:00+09:00")]
    [InlineData("America/Los_Angeles", "2026-02-04T20:00:00-08:00", "2026-02-10T23:59:59-08:00", "2026-02-11T00:00:00-08:00")]
    public async Task SevenDaysInPartialWeightBearingCountFromTheLocalDateOfEntry(string zone, string enteredAt, string lastUnmet, string firstMet)
    {
        var api = await ClinicInAsync(zone);
        var id = await InPartialWeightBearingAsync(api, At(enteredAt));

        Assert.Equal(("min-partial-weight-bearing-time", "2026-02-11"), Single(await BlockedAsync(api, id, lastUnmet)));
        Assert.Equal("full-weight-bearing", (await api.AdvanceAsync(id, At(firstMet))).Phase);
    }

    [Fact]
    public async Task TheGateAndTheTimelineDateAnEpisodeInTheClinicsZone()
    {
        // At the tests' "now", 12:00 UTC on 1 June, it is already 02:00 on 2 June on Kiritimati (UTC+14).
        var api = await ClinicInAsync("Pacific/Kiritimati");
        var localToday = new DateOnly(2026, 6, 2);
        var id = (await api.CreateEpisodeAsync(localToday)).Id;

        var requirement = (await api.GetGateAsync(id))["requirements"]!.AsArray()
            .Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!;
        Assert.Equal(("2026-06-30", "28 more day(s)"), ((string)requirement["earliestDate"]!, (string)requirement["detail"]!));

        var timeline = await RehabClient.ReadAsync<JsonObject>(await api.Http.GetAsync($"/api/v1/episodes/{id}/timeline"), HttpStatusCode.OK);
        var current = timeline["phases"]!.AsArray().Single(p => (string)p!["state"]! == "current")!;
        Assert.Equal(("2026-06-02", "2026-06-30"), ((string)current["enteredOn"]!, (string)current["earliestExit"]!));
    }

    [Fact]
    public async Task ReportsAndImagingAreDatedByTheClinicsToday()
    {
        // 2 June is today on Kiritimati though still 1 June in UTC: a symptom report and a study of that date are not in
        // the future, and 3 June is.
        var api = await ClinicInAsync("Pacific/Kiritimati");
        var id = (await api.CreateEpisodeAsync(new DateOnly(2026, 5, 20))).Id;

        var today = await api.Http.PostAsJsonAsync($"/api/v1/episodes/{id}/symptoms", new { date = "2026-06-02", painAtRest = 0, painWithActivity = 0 });
        Assert.Equal(HttpStatusCode.Created, today.StatusCode);
        var tomorrow = await api.Http.PostAsJsonAsync($"/api/v1/episodes/{id}/symptoms", new { date = "2026-06-03", painAtRest = 0, painWithActivity = 0 });
        Assert.True((await RehabClient.ProblemAsync(tomorrow, HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("date"));
        await api.ImageAsync(id, new DateOnly(2026, 6, 2), "no-change");
    }

    [Fact]
    public async Task TheTimelineShowsWhenPhasesWereLeftAsLocalDates()
    {
        var api = await ClinicInAsync("Asia/Tokyo");
        // 08:00 on 4 February in Tokyo is 23:00 on 3 February in UTC.
        var id = await InPartialWeightBearingAsync(api, At("2026-02-04T08:00:00+09:00"));

        var timeline = await RehabClient.ReadAsync<JsonObject>(await api.Http.GetAsync($"/api/v1/episodes/{id}/timeline"), HttpStatusCode.OK);
        var phases = timeline["phases"]!.AsArray().ToDictionary(p => (string)p!["phase"]!, p => p!);
        Assert.Equal("2026-01-05", (string)phases["non-weight-bearing"]["enteredOn"]!);
        Assert.Equal("2026-02-04", (string)phases["imaging-confirmation"]["leftOn"]!);
        Assert.Equal("2026-02-04", (string)phases["partial-weight-bearing"]["enteredOn"]!);
    }

    private async Task<RehabClient> ClinicInAsync(string zone)
    {
        var slug = await factory.CreateClinicAsync("tz", zone);
        return new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(slug, Roles.ClinicSystem, "Test EHR")));
    }

    /// <summary>An episode walked into partial weight-bearing at <paramref name="enteredAt"/> (on 4 February, in
    /// the clinic's zone), with the pain score and the approval that gate needs already recorded.</summary>
    private static async Task<Guid> InPartialWeightBearingAsync(RehabClient api, DateTimeOffset enteredAt)
    {
        var id = (await api.CreateEpisodeAsync(Diagnosed)).Id;
        await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, At("2026-01-20T12:00:00Z"));
        await api.AdvanceAsync(id, At("2026-02-03T12:00:00Z"));
        await api.ImageAsync(id, new DateOnly(2026, 2, 3), "healing", At("2026-02-03T12:30:00Z"));
        await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, At("2026-02-03T12:30:00Z"));
        Assert.Equal("partial-weight-bearing", (await api.AdvanceAsync(id, enteredAt)).Phase);
        await api.ObserveAsync(id, "fracture-site-pain", 0, enteredAt.AddHours(1));
        await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, enteredAt.AddHours(1));
        return id;
    }

    /// <summary>The unmet list of an advance refused at <paramref name="effectiveAt"/>.</summary>
    private static async Task<JsonArray> BlockedAsync(RehabClient api, Guid id, string effectiveAt)
    {
        var problem = await RehabClient.ProblemAsync(
            await api.TransitionAsync(id, "advance", RehabClient.Physician, At(effectiveAt)), HttpStatusCode.Conflict);
        return problem["unmet"]!.AsArray();
    }

    private static (string Code, string? EarliestDate) Single(JsonArray unmet)
    {
        var only = Assert.Single(unmet)!;
        return ((string)only["code"]!, (string?)only["earliestDate"]);
    }

    private static DateTimeOffset At(string instant) => DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
}
