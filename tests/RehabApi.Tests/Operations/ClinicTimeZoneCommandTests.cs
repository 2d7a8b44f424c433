using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Operations;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Operations;

/// <summary><c>RehabApi clinics create --time-zone</c> and <c>clinics set-time-zone</c>, and a changed zone
/// reaching requests whose key (with its clinic's zone) is already cached.</summary>
public sealed class ClinicTimeZoneCommandTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task ClinicsCreateStoresTheTimeZoneUtcByDefaultAndListShowsIt()
    {
        var (tokyo, utc) = (NewSlug(), NewSlug());
        Assert.Equal(0, (await RunAsync("clinics", "create", "--slug", tokyo, "--name", "Tokyo Physio", "--time-zone", "asia/tokyo")).Exit);
        Assert.Equal(0, (await RunAsync("clinics", "create", "--slug", utc, "--name", "Plain Physio")).Exit);

        var (_, output, _) = await RunAsync("clinics", "list");
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.EndsWith("\tTokyo Physio\tAsia/Tokyo", lines.Single(l => l.StartsWith(tokyo + "\t")));
        Assert.EndsWith("\tPlain Physio\tUTC", lines.Single(l => l.StartsWith(utc + "\t")));
    }

    [Theory]
    [InlineData("Pacific Standard Time")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("US/Pacific")]
    [InlineData("posixrules")]
    [InlineData("../../../etc/passwd")]
    [InlineData("")]
    public async Task AnUnknownTimeZoneIsRefusedNamingTheOptionAndNothingIsWritten(string zone)
    {
        var slug = NewSlug();
        var (exit, _, error) = await RunAsync("clinics", "create", "--slug", slug, "--name", "Somewhere", "--time-zone", zone);
        Assert.NotEqual(0, exit);
        Assert.StartsWith("--time-zone:", error);
        Assert.Null(await TimeZoneOfAsync(slug));

        Assert.Equal(0, (await RunAsync("clinics", "create", "--slug", slug, "--name", "Somewhere", "--time-zone", "Europe/Lisbon")).Exit);
        (exit, _, error) = await RunAsync("clinics", "set-time-zone", "--slug", slug, "--time-zone", zone);
        Assert.NotEqual(0, exit);
        Assert.StartsWith("--time-zone:", error);
        Assert.Equal("Europe/Lisbon", await TimeZoneOfAsync(slug));
    }

    [Fact]
    public async Task SetTimeZoneNeedsAnExistingClinic()
    {
        var (exit, _, error) = await RunAsync("clinics", "set-time-zone", "--slug", "no-such-clinic", "--time-zone", "Asia/Tokyo");
        Assert.Equal((1, "No clinic 'no-such-clinic'."), (exit, error.Trim()));
    }

    [Fact]
    public async Task SetTimeZoneAppliesToTheNextRequestOfAKeyAlreadyInUse()
    {
        var slug = NewSlug();
        await RunAsync("clinics", "create", "--slug", slug, "--name", "Moving Physio");
        var api = await ClientWithCachedKeyAsync(slug);
        // Diagnosed today (1 June, UTC): four weeks off the leg end on 29 June.
        var id = (await api.CreateEpisodeAsync(new DateOnly(2026, 6, 1))).Id;
        Assert.Equal("28 more day(s)", await TimeRuleDetailAsync(api, id));

        var (exit, output, _) = await RunAsync("clinics", "set-time-zone", "--slug", slug, "--time-zone", "Pacific/Kiritimati");

        Assert.Equal((0, $"{slug}: time zone UTC -> Pacific/Kiritimati"), (exit, output.Trim()));
        // It is already 2 June on Kiritimati (UTC+14).
        Assert.Equal("27 more day(s)", await TimeRuleDetailAsync(api, id));
    }

    [Fact]
    public async Task AZoneChangedOutsideThisInstanceAppliesHereWithoutWaitingForTheCachedKeyToExpire()
    {
        var slug = NewSlug();
        await RunAsync("clinics", "create", "--slug", slug, "--name", "Moving Physio");
        var api = await ClientWithCachedKeyAsync(slug);
        var id = (await api.CreateEpisodeAsync(new DateOnly(2026, 6, 1))).Id;
        Assert.Equal("28 more day(s)", await TimeRuleDetailAsync(api, id));

        // Another instance, or an operator with SQL: only the trigger on clinics tells this instance.
        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var update = new NpgsqlCommand("UPDATE clinics SET time_zone = 'Pacific/Kiritimati' WHERE slug = $1", connection)
            {
                Parameters = { new() { Value = slug } },
            };
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        // The cached key would never expire (the clock stands still): only the notification can bring the new zone.
        await Eventually.UntilAsync(async () => await TimeRuleDetailAsync(api, id) == "27 more day(s)", "the new zone to apply");
    }

    private static string NewSlug() => $"tz-{Guid.NewGuid():N}"[..30];

    /// <summary>A client whose key (and so its clinic's zone) this instance has cached, so that the test shows the
    /// cache giving way to the new zone rather than a cache that was never used.</summary>
    private async Task<RehabClient> ClientWithCachedKeyAsync(string slug) =>
        new(await factory.CreateClientWithCachedKeyAsync(await factory.CreateKeyAsync(slug, Roles.ClinicSystem, "Test EHR")));

    private static async Task<string> TimeRuleDetailAsync(RehabClient api, Guid episodeId)
    {
        var requirements = (await api.GetGateAsync(episodeId))["requirements"]!.AsArray();
        return (string)requirements.Single(r => (string)r!["code"]! == "min-non-weight-bearing-time")!["detail"]!;
    }

    private async Task<string?> TimeZoneOfAsync(string slug)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        return await db.Clinics.Where(c => c.Slug == slug).Select(c => c.TimeZone).SingleOrDefaultAsync();
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
