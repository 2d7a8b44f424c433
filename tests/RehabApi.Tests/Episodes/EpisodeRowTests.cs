using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Episodes;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Episodes;

/// <summary>The episode read that runs without EF Core (EpisodeRow, behind FindEpisodeAsync) reads what EF Core reads:
/// every column, every property's value, and only the rows RehabDbContext's query filter lets the caller see.</summary>
public sealed class EpisodeRowTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public void ItReadsEveryColumnOfTheEpisodesTable()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var entity = db.Model.FindEntityType(typeof(Episode))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var modelColumns = entity.GetProperties().Select(p => p.GetColumnName(table)!).Order().ToList();

        Assert.Equal(modelColumns, EpisodeRow.Columns.Order().ToList());
    }

    /// <summary>EpisodeRow repeats the query filter in SQL. A change to the filter (a new condition, say) must change
    /// EpisodeRow and ItSeesExactlyWhatTheQueryFilterLetsTheCallerSee with it: this says so.</summary>
    [Fact]
    public void TheQueryFilterIsTheOneEpisodeRowRepeats()
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var filters = db.Model.FindEntityType(typeof(Episode))!.GetDeclaredQueryFilters().Select(f => f.Expression!.ToString()).ToList();

        Assert.Equal(["e => ((e.ClinicId == value(RehabApi.Data.RehabDbContext).ClinicId) AndAlso ((value(RehabApi.Data.RehabDbContext).PatientScope == null) OrElse (Convert(e.PatientId, Nullable`1) == value(RehabApi.Data.RehabDbContext).PatientScope)))"],
            filters);
    }

    [Fact]
    public async Task EveryPropertyIsReadAsEfCoreReadsIt()
    {
        var clinic = await factory.CreateClinicAsync();
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, Roles.ClinicSystem, "EHR")));
        var plain = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var full = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 2));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        ActFor(scope, await ClinicIdAsync(db, clinic));
        // Every nullable column filled, and values that a careless reader would round, shift or truncate.
        await db.Database.ExecuteSqlAsync($"""
            UPDATE episodes SET hold_reason = 'surgical-referral', hold_since = '2026-05-03T10:11:12.345678+00', mri_grade = 4,
                neck_width_percent = 47.25, min_weeks_before_impact = 17, min_weeks_before_discharge = 21, displaced = true,
                risk_factors = ARRAY['low-energy-availability', 'prior-stress-fracture'], status = 'on-hold'
            WHERE id = {full.Id}
            """);

        foreach (var id in new[] { plain.Id, full.Id })
        {
            var raw = await db.FindEpisodeAsync(id, CancellationToken.None);
            var ef = await db.Episodes.AsNoTracking().SingleAsync(e => e.Id == id);
            Assert.NotNull(raw);
            foreach (var property in db.Model.FindEntityType(typeof(Episode))!.GetProperties())
            {
                var (expected, actual) = (property.PropertyInfo!.GetValue(ef), property.PropertyInfo.GetValue(raw));
                if (expected is List<string> list) Assert.Equal(list, (List<string>)actual!);
                else Assert.True(Equals(expected, actual), $"{property.Name}: EF Core read {expected}, EpisodeRow {actual}");
            }
        }
        var filled = (await db.FindEpisodeAsync(full.Id, CancellationToken.None))!;
        Assert.Equal((4, 47.25m, "surgical-referral", 2), (filled.MriGrade, filled.NeckWidthPercent, filled.HoldReason, filled.RiskFactors.Count));
    }

    [Fact]
    public async Task ItSeesExactlyWhatTheQueryFilterLetsTheCallerSee()
    {
        var (clinic, otherClinic) = (await factory.CreateClinicAsync(), await factory.CreateClinicAsync());
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, Roles.ClinicSystem, "EHR")));
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        var anotherPatients = await system.CreateEpisodeAsync(new DateOnly(2026, 5, 1));
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var (clinicId, otherClinicId) = (await ClinicIdAsync(db, clinic), await ClinicIdAsync(db, otherClinic));

        var callers = new (string Who, Action Act, bool Sees)[]
        {
            ("a key of the episode's clinic", () => ActFor(scope, clinicId), true),
            ("a key of another clinic", () => ActFor(scope, otherClinicId), false),
            ("the patient's own app", () => ActFor(scope, clinicId, episode.PatientId), true),
            ("another patient's app in the same clinic", () => ActFor(scope, clinicId, anotherPatients.PatientId), false),
            ("the patient's id with another clinic's key", () => ActFor(scope, otherClinicId, episode.PatientId), false),
            ("no caller at all", () => ActFor(scope, Guid.Empty), false),
        };
        foreach (var (who, act, sees) in callers)
        {
            act();
            var raw = await db.FindEpisodeAsync(episode.Id, CancellationToken.None);
            var ef = await db.Episodes.AsNoTracking().SingleOrDefaultAsync(e => e.Id == episode.Id);
            Assert.True(sees == raw is not null, $"{who}: EpisodeRow {(raw is null ? "did not see" : "saw")} the episode");
            Assert.Equal(ef?.Id, raw?.Id);
        }
    }

    private static Task<Guid> ClinicIdAsync(RehabDbContext db, string slug) =>
        db.Clinics.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();

    /// <summary>Binds the scope's context to a clinic's key, or to a patient-app key of <paramref name="patientId"/>.</summary>
    private static void ActFor(AsyncServiceScope scope, Guid clinicId, Guid? patientId = null)
    {
        var caller = scope.ServiceProvider.GetRequiredService<CurrentCaller>();
        caller.SignIn(new ApiKey
        {
            ClinicId = clinicId,
            Role = patientId is null ? Roles.ClinicSystem : Roles.PatientApp,
            Name = "test",
            PatientId = patientId,
            Salt = [],
            Hash = [],
        }, ClinicCalendar.Utc);
    }
}
