using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Retention;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Retention;

/// <summary>The service over a database of its own: retention deletes by age across clinics, and must not reach
/// other tests' rows. Small batches, so that a pass goes through several.</summary>
public sealed class RetentionFactory() : RehabApiFactory("rehab_retention")
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Retention:BatchSize", "2");
    }
}

/// <summary>Old change-feed events and finished webhook deliveries are deleted; pending deliveries, recent events
/// and the clinical history stay; PostgreSQL refuses to delete a recent event whoever asks; and the feed neither
/// skips nor breaks: a cursor behind deleted events answers 410, any other pages on.</summary>
public sealed class RetentionTests(RetentionFactory factory) : IClassFixture<RetentionFactory>
{
    [Fact]
    public async Task EventsOlderThanEventDaysAreDeletedInBatchesAndYoungerOnesStay()
    {
        var (_, episodeId, clinicId) = await EpisodeAsync();
        var now = factory.Clock.GetUtcNow();
        foreach (var days in new[] { 91, 92, 93, 120, 400 }) await InsertEventAsync(clinicId, episodeId, now.AddDays(-days));
        await InsertEventAsync(clinicId, episodeId, now.AddDays(-89));

        var pass = await PruneAsync(now);

        Assert.True(pass.Events >= 5, $"deleted {pass.Events}");
        // The two events of the episode's creation, recorded now, and the one of 89 days ago.
        Assert.Equal([now.AddDays(-89), now, now], await EventTimesAsync(episodeId));
    }

    public static TheoryData<string, int, bool> EventStatements() => new()
    {
        { "DELETE FROM events WHERE id = @id", RetentionOptions.EventFloorDays - 1, true },
        { "DELETE FROM events WHERE occurred_at > now() - interval '1 year'", RetentionOptions.EventFloorDays - 1, true },
        { "DELETE FROM events WHERE id = @id", RetentionOptions.EventFloorDays + 1, false },
        { "UPDATE events SET type = 'episode.held' WHERE id = @id", 400, true },
        { "TRUNCATE events CASCADE", 400, true },
    };

    [Theory]
    [MemberData(nameof(EventStatements))]
    public async Task PostgresRefusesToDeleteARecentEventAndToEditOrTruncateAnyWhoeverAsks(string statement, int ageDays, bool refused)
    {
        var (_, episodeId, clinicId) = await EpisodeAsync();
        await using var connection = await OpenAsync();
        // Rolled back whatever happens, so that a broken rule could not wipe other rows.
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("""
            INSERT INTO events (id, clinic_id, episode_id, type, occurred_at, payload)
            VALUES (@id, @clinic, @episode, 'observation.recorded', now() - make_interval(days => @age), '{}')
            """, connection, transaction);
        var id = Guid.CreateVersion7();
        insert.Parameters.AddWithValue("id", id);
        insert.Parameters.AddWithValue("clinic", clinicId);
        insert.Parameters.AddWithValue("episode", episodeId);
        insert.Parameters.AddWithValue("age", ageDays);
        await insert.ExecuteNonQueryAsync();
        await using var command = new NpgsqlCommand(statement, connection, transaction);
        command.Parameters.AddWithValue("id", id);

        if (refused)
        {
            var error = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.RestrictViolation, error.SqlState);
            Assert.Contains("append-only", error.MessageText);
        }
        else
        {
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        await transaction.RollbackAsync();
    }

    [Fact]
    public async Task FinishedOldDeliveriesGoWithTheirAttemptsAndPendingOnesStayWithTheirEvents()
    {
        var (_, episodeId, clinicId) = await EpisodeAsync();
        var now = factory.Clock.GetUtcNow();
        var pendingEvent = await InsertEventAsync(clinicId, episodeId, now.AddDays(-400));
        var deliveredEvent = await InsertEventAsync(clinicId, episodeId, now.AddDays(-100));
        var failedEvent = await InsertEventAsync(clinicId, episodeId, now.AddDays(-100));
        var recentEvent = await InsertEventAsync(clinicId, episodeId, now.AddDays(-100));
        // Subscribed after the events were inserted, so the database's fan-out made no deliveries of its own:
        // the test's hand-dated ones below are all there are.
        var subscription = Guid.CreateVersion7();
        await ExecuteAsync("""
            INSERT INTO webhook_subscriptions (id, clinic_id, url, event_types, secret, created_at)
            VALUES (@id, @clinic, 'https://example.org/hook', '{*}', 'secret', @at)
            """, ("id", subscription), ("clinic", clinicId), ("at", now.AddDays(-500)));
        var pending = await InsertDeliveryAsync(clinicId, subscription, pendingEvent, "pending", now.AddDays(-400), attempts: 3);
        var delivered = await InsertDeliveryAsync(clinicId, subscription, deliveredEvent, "delivered", now.AddDays(-31), attempts: 2);
        var failed = await InsertDeliveryAsync(clinicId, subscription, failedEvent, "failed", now.AddDays(-60), attempts: 12);
        var recent = await InsertDeliveryAsync(clinicId, subscription, recentEvent, "delivered", now.AddDays(-29), attempts: 1);

        var pass = await PruneAsync(now);

        Assert.True(pass.WebhookDeliveries >= 2, $"deleted {pass.WebhookDeliveries}");
        var ids = new[] { pending, delivered, failed, recent };
        Assert.Equal([pending, recent], await IdsAsync("SELECT id FROM webhook_deliveries WHERE id = ANY(@ids) ORDER BY created_at", ids));
        Assert.Equal(3 + 1, await CountAsync("SELECT count(*) FROM webhook_attempts WHERE delivery_id = ANY(@ids)", ids));
        // Events older than 90 days stay while a delivery refers to them; the others went with their deliveries.
        Assert.Equal([pendingEvent, recentEvent], await IdsAsync("SELECT id FROM events WHERE id = ANY(@ids) ORDER BY id",
            [pendingEvent, deliveredEvent, failedEvent, recentEvent]));
    }

    [Fact]
    public async Task AfterPruningTheFeedPagesOnFromADeletedCursorAndAnswers410ToACursorBehindDeletedEvents()
    {
        var (system, episodeId, _) = await EpisodeAsync();
        var start = factory.Clock.GetUtcNow();
        await system.ObserveAsync(episodeId, "fracture-site-pain", 1);
        var old = await ReadFeedAsync(system, null, expected: 3);   // episode.created, plan.changed, observation.recorded
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await system.ObserveAsync(episodeId, "fracture-site-pain", 0);
        await system.ObserveAsync(episodeId, "fracture-site-pain", 0);
        var all = await ReadFeedAsync(system, null, expected: 5);
        var recent = all.Skip(old.Count).ToList();
        Assert.Equal((3, 2), (old.Count, recent.Count));

        // 90 days after the first three events and less after the other two.
        await PruneAsync(start.AddDays(90).AddSeconds(30));

        Assert.Equal(Ids(recent), Ids(await ReadFeedAsync(system, null, expected: 2)));
        Assert.Equal(Ids(recent), Ids(await ReadFeedAsync(system, old[^1].Cursor, expected: 2)));
        foreach (var behind in old.SkipLast(1))
        {
            var gone = await RehabClient.ProblemAsync(await system.Http.GetAsync($"/api/v1/events?after={behind.Cursor}"), HttpStatusCode.Gone);
            Assert.Equal("https://rehabapi.example/problems/cursor-expired", (string)gone["type"]!);
        }
        var end = await RehabClient.ReadAsync<JsonObject>(await system.Http.GetAsync($"/api/v1/events?after={recent[^1].Cursor}"), HttpStatusCode.OK);
        Assert.Empty(end["items"]!.AsArray());
        Assert.Equal(recent[^1].Cursor, (string)end["nextCursor"]!);
        // The clinical history is never pruned.
        Assert.Equal(3, await CountAsync("SELECT count(*) FROM observations WHERE episode_id = ANY(@ids)", [episodeId]));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM transitions WHERE episode_id = ANY(@ids)", [episodeId]));
    }

    [Fact]
    public async Task TwoInstancesPruningAtOnceDeleteEachOldEventOnce()
    {
        var (_, episodeId, clinicId) = await EpisodeAsync();
        var now = factory.Clock.GetUtcNow();
        for (var n = 0; n < 40; n++) await InsertEventAsync(clinicId, episodeId, now.AddDays(-100).AddMinutes(n));
        await using var other = factory.WithWebHostBuilder(_ => { });

        var passes = await Task.WhenAll(
            PruneAsync(now, factory.Services), PruneAsync(now, other.Services),
            PruneAsync(now, factory.Services), PruneAsync(now, other.Services));

        Assert.Equal(40, passes.Sum(p => p.Events));
        Assert.Equal([now, now], await EventTimesAsync(episodeId));
    }

    [Fact]
    public async Task TheServiceRefusesToStartWithEventDaysBelowTheDatabaseFloor()
    {
        await using var tooShort = factory.WithWebHostBuilder(b => b.UseSetting("Retention:EventDays", "6"));

        var refused = Record.Exception(() => tooShort.Server);

        Assert.NotNull(refused);
        Assert.Contains("Retention:EventDays must be at least 7", refused.ToString());
    }

    private sealed record FeedItem(string Id, string Cursor);

    private static List<string> Ids(IEnumerable<FeedItem> items) => items.Select(i => i.Id).ToList();

    /// <summary>The feed from <paramref name="after"/> to its end, one event per page: read on until a page says it has
    /// caught up (an empty page alone may be held back by a write still in progress), and check the count.</summary>
    private static async Task<List<FeedItem>> ReadFeedAsync(RehabClient client, string? after, int expected)
    {
        var items = new List<FeedItem>();
        await Eventually.UntilAsync(async () =>
        {
            var page = await RehabClient.ReadAsync<JsonObject>(
                await client.Http.GetAsync("/api/v1/events?limit=1" + (after is null ? "" : $"&after={after}")), HttpStatusCode.OK);
            items.AddRange(page["items"]!.AsArray().Select(e => new FeedItem((string)e!["id"]!, (string)e["cursor"]!)));
            after = (string)page["nextCursor"]!;
            return (bool)page["caughtUp"]!;
        }, "the feed to catch up");
        Assert.Equal(expected, items.Count);
        return items;
    }

    private Task<RetentionPass> PruneAsync(DateTimeOffset asOf, IServiceProvider? services = null) =>
        (services ?? factory.Services).GetRequiredService<RetentionService>().PruneOnceAsync(asOf, CancellationToken.None);

    /// <summary>An episode in a clinic of its own, with a clinic-system client.</summary>
    private async Task<(RehabClient System, Guid EpisodeId, Guid ClinicId)> EpisodeAsync()
    {
        var clinic = await factory.CreateClinicAsync("retention");
        var system = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM clinics WHERE slug = @slug", connection);
        command.Parameters.AddWithValue("slug", clinic);
        return (system, episode.Id, (Guid)(await command.ExecuteScalarAsync())!);
    }

    /// <summary>An event recorded at <paramref name="at"/>: inserted directly, since no endpoint backdates one.</summary>
    private async Task<Guid> InsertEventAsync(Guid clinicId, Guid episodeId, DateTimeOffset at)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("""
            INSERT INTO events (id, clinic_id, episode_id, type, occurred_at, payload)
            VALUES (@id, @clinic, @episode, 'observation.recorded', @at, '{}')
            """, ("id", id), ("clinic", clinicId), ("episode", episodeId), ("at", at));
        return id;
    }

    private async Task<Guid> InsertDeliveryAsync(Guid clinicId, Guid subscriptionId, Guid eventId, string status, DateTimeOffset createdAt, int attempts)
    {
        var id = Guid.CreateVersion7();
        await ExecuteAsync("""
            INSERT INTO webhook_deliveries (id, clinic_id, subscription_id, event_id, status, attempts, next_attempt_at, created_at)
            VALUES (@id, @clinic, @subscription, @event, @status, @attempts, now() + interval '1 year', @created);
            INSERT INTO webhook_attempts (id, delivery_id, attempted_at, status_code, duration_ms)
            SELECT gen_random_uuid(), @id, @created + make_interval(mins => n), 500, 10 FROM generate_series(1, @attempts) n;
            """, ("id", id), ("clinic", clinicId), ("subscription", subscriptionId), ("event", eventId), ("status", status),
            ("attempts", attempts), ("created", createdAt));
        return id;
    }

    private async Task<List<DateTimeOffset>> EventTimesAsync(Guid episodeId)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("SELECT occurred_at FROM events WHERE episode_id = @episode ORDER BY occurred_at", connection);
        command.Parameters.AddWithValue("episode", episodeId);
        var times = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) times.Add(reader.GetFieldValue<DateTimeOffset>(0));
        return times;
    }

    private async Task<List<Guid>> IdsAsync(string sql, Guid[] ids)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        var found = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) found.Add(reader.GetGuid(0));
        return found;
    }

    private async Task<long> CountAsync(string sql, Guid[] ids)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("ids", ids);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
