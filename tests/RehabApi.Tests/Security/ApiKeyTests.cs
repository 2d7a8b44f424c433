using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RehabApi.Security;
using RehabApi.Clinics;
using RehabApi.Operations;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>Keys as an operator makes them (<c>RehabApi keys ...</c>) and as a client presents them.</summary>
public sealed class ApiKeyTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Theory]
    [InlineData(null, "Send an API key in the X-Api-Key header.")]
    [InlineData("not-a-key", "The API key is not one this service issued.")]
    [InlineData("rk_0193a7c0e5a87a3c9f1b2d4e6f708192_wrongsecret", "The API key is not one this service issued.")]
    public async Task ApiRequestsWithoutAValidKeyAre401(string? key, string detail)
    {
        var response = await factory.CreateClient(key).GetAsync("/api/v1/protocols");

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal(detail, (string)problem["detail"]!);
        Assert.Contains("X-Api-Key", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task AKeyWithTheRightIdButAnotherSecretIs401()
    {
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride");
        var forged = key[..^4] + (key.EndsWith("AAAA") ? "BBBB" : "AAAA");

        await RehabClient.ProblemAsync(await factory.CreateClient(forged).GetAsync("/api/v1/protocols"), HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(key).GetAsync("/api/v1/protocols")).StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/swagger/index.html")]
    public async Task HealthAndTheApiDescriptionNeedNoKey(string path) =>
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(apiKey: null).GetAsync(path)).StatusCode);

    [Fact]
    public async Task KeysCreatePrintsTheKeyOnceAndARevokedKeyFailsOnTheNextRequest()
    {
        var (exit, output, _) = await RunAsync("keys", "create", "--clinic", Clinic.DefaultSlug, "--role", "physician", "--name", "Dr Ada Bone");
        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("keyId: ", lines[0]);
        var keyId = lines[0]["keyId: ".Length..];
        var key = lines[^1];
        var client = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/protocols")).StatusCode);

        (exit, output, _) = await RunAsync("keys", "revoke", keyId);
        Assert.Equal(0, exit);

        var problem = await RehabClient.ProblemAsync(await client.GetAsync("/api/v1/protocols"), HttpStatusCode.Unauthorized);
        Assert.Equal("The API key has been revoked.", (string)problem["detail"]!);
        (_, output, _) = await RunAsync("keys", "list", "--clinic", Clinic.DefaultSlug);
        Assert.Contains(output.Split('\n'), line => line.StartsWith(keyId) && line.Contains("revoked"));
    }

    [Fact]
    public async Task AKeyRevokedOutsideThisInstanceFailsHereWithoutWaitingForItsCacheEntryToExpire()
    {
        // The service keeps looked-up keys in memory; a change made anywhere else (another instance, or an
        // operator with SQL) reaches it through PostgreSQL's notifications and must end the key at once.
        var (_, output, _) = await RunAsync("keys", "create", "--clinic", Clinic.DefaultSlug, "--role", "therapist", "--name", "Sam Stride");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var keyId = Guid.Parse(lines[0]["keyId: ".Length..]);
        var client = await factory.CreateClientWithCachedKeyAsync(lines[^1]);

        await using (var connection = new NpgsqlConnection(factory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var revoke = new NpgsqlCommand("UPDATE api_keys SET revoked_at = now() WHERE id = $1", connection)
            {
                Parameters = { new() { Value = keyId } },
            };
            Assert.Equal(1, await revoke.ExecuteNonQueryAsync());
        }

        // The entry would never expire (the clock stands still): only the notification can end the key here. How soon
        // it arrives depends on the machine, so the test waits for it rather than for a fixed time.
        await Eventually.UntilAsync(async () => (await client.GetAsync("/api/v1/protocols")).StatusCode == HttpStatusCode.Unauthorized,
            "the revoked key to be refused");
    }

    [Fact]
    public async Task TheDatabaseHoldsNoPlaintextKey()
    {
        var (_, output, _) = await RunAsync("keys", "create", "--clinic", Clinic.DefaultSlug, "--role", "therapist", "--name", "Sam Stride");
        var key = output.Trim().Split('\n')[^1].Trim();
        var secret = ApiKeySecrets.Parse(key)!.Value.Secret;   // the secret itself may contain '_'
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(key).GetAsync("/api/v1/protocols")).StatusCode);

        // Every row of every table, as text (bytea as hex and as escaped text): neither the key nor its secret appears.
        await using var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT tablename FROM pg_tables WHERE schemaname = 'public'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        Assert.Contains("api_keys", tables);
        foreach (var table in tables)
        {
            await using var search = new NpgsqlCommand(
                $"SELECT count(*) FROM \"{table}\" t WHERE strpos(t::text, @secret) > 0 OR strpos(encode(convert_to(t::text, 'UTF8'), 'escape'), @secret) > 0",
                connection);
            search.Parameters.AddWithValue("secret", secret);
            Assert.Equal(0L, (long)(await search.ExecuteScalarAsync())!);
        }
    }

    [Theory]
    [InlineData("keys create --clinic no-such-clinic --role therapist --name X", "No clinic 'no-such-clinic'")]
    [InlineData("keys create --clinic default --role patient-app --name X", "give --patient")]
    [InlineData("keys create --clinic default --role nurse --name X", "nurse")]
    [InlineData("keys revoke 0193a7c0-e5a8-7a3c-9f1b-2d4e6f708192", "No key")]
    public async Task KeyCommandsRefuseWhatTheyCannotDo(string command, string message)
    {
        var (exit, output, error) = await RunAsync(command.Split(' '));
        Assert.NotEqual(0, exit);
        Assert.Contains(message, error);
        Assert.DoesNotContain("rk_", output);
    }

    [Fact]
    public async Task ClinicsCreateMakesAClinicThatKeysCanBeIssuedFor()
    {
        var slug = $"riverside-{Guid.NewGuid():N}"[..30];
        var (exit, output, _) = await RunAsync("clinics", "create", "--slug", slug, "--name", "Riverside Physio");
        Assert.Equal(0, exit);
        Assert.StartsWith("clinicId: ", output);
        (exit, _, var error) = await RunAsync("clinics", "create", "--slug", slug, "--name", "Again");
        Assert.Equal((1, $"A clinic '{slug}' already exists."), (exit, error.Trim()));

        (exit, output, _) = await RunAsync("keys", "create", "--clinic", slug, "--role", "clinic-system", "--name", "Riverside EHR");
        Assert.Equal(0, exit);
        var client = new RehabClient(factory.CreateClient(output.Trim().Split('\n')[^1].Trim()));
        var patient = await client.CreatePatientAsync();
        await RehabClient.ProblemAsync(await factory.CreateClient().GetAsync($"/api/v1/patients/{patient.Id}"), HttpStatusCode.NotFound);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await OperatorCommands.RunAsync(factory.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
