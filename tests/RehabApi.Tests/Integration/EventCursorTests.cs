using System.Buffers.Binary;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integration;

/// <summary>A change-feed cursor is opaque: it tells nothing of the database's transaction ids (which count every
/// write of every clinic), it cannot be altered or made up, and it is good only for the clinic it was given to.</summary>
public sealed class EventCursorTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task ACursorCarriesNoTransactionId()
    {
        var (system, _) = await ClinicAsync();
        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));

        var first = (await EventsAsync(system, 1))[0]!;
        var txId = await TransactionIdOfAsync((string)first["id"]!);
        var cursor = (string)first["cursor"]!;

        var bytes = WebEncoders.Base64UrlDecode(cursor);
        var bigEndian = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bigEndian, txId);
        Assert.False(bytes.AsSpan().IndexOf(bigEndian.AsSpan(2)) >= 0, $"cursor {cursor} holds transaction id {txId}");
        Assert.False(bytes.AsSpan().IndexOf(bigEndian.AsSpan(2).ToArray().Reverse().ToArray()) >= 0, $"cursor {cursor} holds transaction id {txId}");
        Assert.DoesNotContain(txId.ToString(), cursor);
    }

    [Fact]
    public async Task AnAlteredCursorIs400()
    {
        var (system, _) = await ClinicAsync();
        await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var cursor = (string)(await EventsAsync(system, 1))[0]!["cursor"]!;

        var bytes = WebEncoders.Base64UrlDecode(cursor);
        foreach (var position in new[] { 0, bytes.Length / 2, bytes.Length - 1 })
        {
            var altered = (byte[])bytes.Clone();
            altered[position] ^= 1;
            var problem = await RehabClient.ProblemAsync(
                await system.Http.GetAsync($"/api/v1/events?after={WebEncoders.Base64UrlEncode(altered)}"), HttpStatusCode.BadRequest);
            Assert.NotNull(problem["errors"]?["after"]);
        }
    }

    [Fact]
    public async Task AnotherClinicsCursorIs400()
    {
        var (mine, _) = await ClinicAsync();
        var (_, theirs) = await ClinicAsync();
        await mine.CreateEpisodeAsync(new DateOnly(2026, 4, 1));
        var cursor = (string)(await EventsAsync(mine, 1))[^1]!["cursor"]!;

        var problem = await RehabClient.ProblemAsync(await theirs.Http.GetAsync($"/api/v1/events?after={cursor}"), HttpStatusCode.BadRequest);
        Assert.NotNull(problem["errors"]?["after"]);
    }

    [Fact]
    public async Task ACursorResumesAfterItsEventAndNamesTheSamePositionEveryTime()
    {
        var (system, _) = await ClinicAsync();
        var episode = await system.CreateEpisodeAsync(new DateOnly(2026, 4, 1));   // episode.created, plan.changed
        await system.SignAsync(episode.Id, "no-pain-at-rest", RehabClient.Therapist);

        var all = await EventsAsync(system, 3);
        var rest = await PageAsync(system, (string)all[0]!["cursor"]!);

        Assert.Equal(all.Skip(1).Select(e => (string)e!["id"]!), rest["items"]!.AsArray().Select(e => (string)e!["id"]!));
        Assert.Equal((string)all[^1]!["cursor"]!, (string)rest["nextCursor"]!);
        Assert.Equal((string)all[^1]!["cursor"]!, (string)(await PageAsync(system, (string)all[^1]!["cursor"]!))["nextCursor"]!);
    }

    private async Task<(RehabClient System, RehabClient Admin)> ClinicAsync()
    {
        var clinic = await factory.CreateClinicAsync("cursor");
        return (new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR"))),
                new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-admin", "Admin"))));
    }

    private static async Task<JsonObject> PageAsync(RehabClient client, string? after) =>
        await RehabClient.ReadAsync<JsonObject>(
            await client.Http.GetAsync("/api/v1/events" + (after is null ? "" : $"?after={after}")), HttpStatusCode.OK);

    /// <summary>The clinic's feed from the start once it shows <paramref name="count"/> events (the feed holds an
    /// event back while any transaction older than it is still open).</summary>
    private static async Task<JsonArray> EventsAsync(RehabClient client, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var items = (await PageAsync(client, null))["items"]!.AsArray();
            if (items.Count >= count) return items;
            Assert.True(DateTime.UtcNow < deadline, $"the feed shows {items.Count} of {count} events");
            await Task.Delay(50);
        }
    }

    private async Task<long> TransactionIdOfAsync(string eventId)
    {
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT tx_id FROM events WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", Guid.Parse(eventId));
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
