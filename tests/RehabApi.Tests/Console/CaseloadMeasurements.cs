using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.ClinicianConsole;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Protocols;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;
using RehabApi.Tests.Integration;
using Xunit.Abstractions;

namespace RehabApi.Tests.ClinicianConsole;

/// <summary>The caseload of a clinic with 10,000 open episodes: what one page costs at the start and deep into the list,
/// with a gate-based filter (which scans), and the plan of its keyset query. Run:
/// <c>REHAB_MEASURE=1 scripts/test.sh --filter CaseloadMeasurements --logger "console;verbosity=detailed"</c></summary>
public sealed class CaseloadMeasurements(RehabApiFactory factory, ITestOutputHelper output) : IClassFixture<RehabApiFactory>
{
    private const int Episodes = 10_000;

    [Measurement]
    public async Task OnePageOfATenThousandEpisodeCaseload()
    {
        var slug = await factory.CreateClinicAsync("caseload");
        var api = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(slug, Roles.ClinicSystem, "EHR")));
        var template = await api.CreateEpisodeAsync(JourneySteps.Diagnosed);
        await api.ObserveAsync(template.Id, "fracture-site-pain", 0);
        var clinicId = await SeedCopiesAsync(template.Id);

        await using var scope = factory.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        services.GetRequiredService<CurrentCaller>().ActForClinic(clinicId, Roles.Therapist);
        var db = services.GetRequiredService<RehabDbContext>();
        var protocols = services.GetRequiredService<ProtocolStore>();
        var caller = services.GetRequiredService<CurrentCaller>();
        var ids = await db.Episodes.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Id).ToListAsync();
        output.WriteLine($"{ids.Count} open episodes in the clinic");

        async Task MeasureAsync(string what, Func<Task<int>> read)
        {
            await read();   // warm: plans prepared, protocol cached
            var times = new List<double>();
            var shown = 0;
            for (var i = 0; i < 7; i++)
            {
                var clock = Stopwatch.StartNew();
                shown = await read();
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            output.WriteLine($"{what}: median {times[3]:0.0} ms (min {times[0]:0.0}, max {times[^1]:0.0}), {shown} rows");
        }

        await MeasureAsync("first page, any state", async () =>
            (await Caseload.ReadAsync(db, protocols, caller, RehabApiFactory.Now, null, null, null, default)).Rows.Count);
        await MeasureAsync("page after the 9,000th episode", async () =>
            (await Caseload.ReadAsync(db, protocols, caller, RehabApiFactory.Now, null, null, ids[9_000], default)).Rows.Count);
        await MeasureAsync("filter 'ready' (none are: scans its 500)", async () =>
            (await Caseload.ReadAsync(db, protocols, caller, RehabApiFactory.Now, null, CaseloadStates.Ready, null, default)).Scanned);
        await MeasureAsync("count by phase", async () => (await Caseload.CountByPhaseAsync(db, default)).Count);

        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand("""
            EXPLAIN (ANALYZE, BUFFERS)
            SELECT e.*, p.external_ref FROM episodes e JOIN patients p ON p.id = e.patient_id AND p.clinic_id = $1
            WHERE e.clinic_id = $1 AND e.status IN ('active', 'on-hold') AND e.id > $2
            ORDER BY e.id LIMIT 26
            """, connection);
        explain.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = clinicId });
        explain.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = ids[9_000] });
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) output.WriteLine(reader.GetString(0));
    }

    /// <summary>Copies the template's patient and episode (and its evidence) until the clinic has <see cref="Episodes"/>.</summary>
    private async Task<Guid> SeedCopiesAsync(Guid templateId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var seed = new NpgsqlCommand($"""
            CREATE TEMP TABLE copies AS SELECT e.* FROM episodes e, generate_series(2, {Episodes}) WHERE e.id = '{templateId}'::uuid;
            UPDATE copies SET id = gen_random_uuid(), patient_id = gen_random_uuid();
            INSERT INTO patients (id, clinic_id, external_ref, created_at)
                SELECT patient_id, clinic_id, 'LOAD-' || id, created_at FROM copies;
            INSERT INTO episodes SELECT * FROM copies;
            CREATE TEMP TABLE observation_copies AS
                SELECT o.*, c.id AS copy_id FROM observations o, copies c WHERE o.episode_id = '{templateId}'::uuid;
            UPDATE observation_copies SET id = gen_random_uuid(), episode_id = copy_id;
            ALTER TABLE observation_copies DROP COLUMN copy_id;
            INSERT INTO observations SELECT * FROM observation_copies;
            ANALYZE episodes; ANALYZE patients; ANALYZE observations;
            SELECT clinic_id FROM episodes WHERE id = '{templateId}'::uuid;
            """, connection);
        return (Guid)(await seed.ExecuteScalarAsync())!;
    }
}
