using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RehabApi.Clinics;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Infrastructure;
using RehabApi.Operations;
using RehabApi.Security;

namespace RehabApi.Tests.Infrastructure;

/// <summary>The service in memory, over the test run's real PostgreSQL, with a clock the tests control.
/// One database is migrated once and shared; every test owns its rows (its own patients and episodes).
/// <see cref="CreateClient()"/> gives a client with the default clinic's clinic-system key;
/// <see cref="CreateClient(string)"/> one with any other key. Every client holds each exchange to the served
/// OpenAPI document (<see cref="OpenApiConformanceHandler"/>): an answer outside it fails the test.</summary>
public class RehabApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>"Now" for every test: tests date what they record relative to it with effectiveAt.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Lazy<Task<string>> SharedDatabase = new(() => TestPostgres.CreateDatabaseAsync("rehab_tests"));
    private static readonly SemaphoreSlim SetupLock = new(1, 1);
    // Each database is migrated once, and gets one clinic-system key for the default clinic.
    private static readonly Dictionary<string, string> SystemKeyByDatabase = [];

    private string? ownDatabase;
    private string? ownDatabaseName;
    private string? connectionString;
    private string? defaultSystemKey;

    /// <summary>The service over the test run's shared database.</summary>
    public RehabApiFactory()
    {
    }

    /// <summary>The service over another database (migrated on first use), such as one on a server a test stops.
    /// (A method, not a constructor: xunit wants a class fixture to have exactly one.)</summary>
    public static RehabApiFactory Over(string connectionString) => new() { ownDatabase = connectionString };

    /// <summary>The service over a fresh database of its own on the test run's server, for tests that delete
    /// rows by age across clinics and must not reach other tests' rows.</summary>
    protected RehabApiFactory(string databaseName) => ownDatabaseName = databaseName;

    /// <summary>The service's clock: it stands still at <see cref="Now"/> until a test moves it. Its timers run in real
    /// time, so that the background work (the webhook delivery worker polling every 100 ms) goes on while it stands.</summary>
    public FakeTimeProvider Clock { get; } = new StandingClock(Now);

    public string ConnectionString => connectionString ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        // Set before anything touches Services, which builds the host with it.
        connectionString = ownDatabase
            ?? (ownDatabaseName is null ? await SharedDatabase.Value : await TestPostgres.CreateDatabaseAsync(ownDatabaseName));
        await SetupLock.WaitAsync();
        try
        {
            if (!SystemKeyByDatabase.TryGetValue(connectionString, out defaultSystemKey))
            {
                await MigrateCommand.RunAsync(Services, TextWriter.Null);
                defaultSystemKey = await CreateKeyAsync(Clinic.DefaultSlug, Roles.ClinicSystem, "Test EHR");
                SystemKeyByDatabase[connectionString] = defaultSystemKey;
            }
        }
        finally
        {
            SetupLock.Release();
        }
    }

    /// <summary>A new API key, made the way <c>RehabApi keys create</c> makes one.</summary>
    public async Task<string> CreateKeyAsync(string clinicSlug, string role, string name, Guid? patientId = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var (key, error) = await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>()
            .CreateAsync(clinicSlug, role, name, patientId);
        return key?.PlainText ?? throw new InvalidOperationException(error);
    }

    /// <summary>The API as <paramref name="patientId"/>'s app sees it: a patient-app key bound to that patient.</summary>
    public async Task<RehabClient> PatientAppAsync(Guid patientId, string clinicSlug = Clinic.DefaultSlug) =>
        new(CreateClient(await CreateKeyAsync(clinicSlug, Roles.PatientApp, "Patient app", patientId)));

    /// <summary>A client with <paramref name="apiKey"/>, once this instance has the key cached. The instance trusts its cache
    /// only after its change listener has subscribed, shortly after the host starts: a test that a change evicts a key
    /// must first see it cached. The tests' clock stands still, so a cached key then stays until a change evicts it.</summary>
    public async Task<HttpClient> CreateClientWithCachedKeyAsync(string apiKey)
    {
        var client = CreateClient(apiKey);
        var cache = Services.GetRequiredService<ApiKeyCache>();
        var keyId = ApiKeySecrets.Parse(apiKey)!.Value.KeyId;
        await Eventually.UntilAsync(async () =>
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/protocols")).StatusCode);
            return cache.TryGet(keyId, out _);
        }, "the key to be cached");
        return client;
    }

    /// <summary>A new clinic with a unique slug, so that tests never share one by accident, in a time zone.</summary>
    public async Task<string> CreateClinicAsync(string prefix = "clinic", string timeZone = Clinic.DefaultTimeZone)
    {
        var slug = $"{prefix}-{Guid.NewGuid():N}";
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        db.Clinics.Add(new Clinic { Id = Guid.CreateVersion7(), Slug = slug, Name = $"Test clinic {slug}", TimeZone = timeZone, CreatedAt = Now });
        await db.SaveChangesAsync();
        return slug;
    }

    /// <summary>Another instance of the service on the same database, with the webhook delivery worker running.</summary>
    public WebApplicationFactory<Program> WithDelivery() =>
        WithWebHostBuilder(builder => builder.UseSetting("Webhooks:DeliveryEnabled", "true"));

    /// <summary>A client with the default clinic's clinic-system key.</summary>
    public new HttpClient CreateClient() => this.CreateCheckedClient();

    /// <summary>A client that sends <paramref name="apiKey"/> (or no key at all when it is null).</summary>
    public HttpClient CreateClient(string? apiKey)
    {
        var client = this.CreateCheckedClient(withClientOptions: false);
        client.DefaultRequestHeaders.Remove(ApiKeyAuthenticationHandler.HeaderName);
        if (apiKey is not null) client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (defaultSystemKey is not null)
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, defaultSystemKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Rehab", ConnectionString);
        // Webhook receivers in tests listen on 127.0.0.1, and retries should come quickly. Only the webhook
        // tests deliver (WithDelivery), so that dozens of test hosts do not all poll the database.
        builder.UseSetting("Webhooks:DeliveryEnabled", "false");
        builder.UseSetting("Webhooks:AllowPrivateTargets", "true");
        builder.UseSetting("Webhooks:PollIntervalMilliseconds", "100");
        builder.UseSetting("Webhooks:BaseDelayMilliseconds", "200");
        // The tests' clock, read as the service reads the system's (in microseconds).
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new ServiceTime(Clock)));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

public static class CheckedClients
{
    /// <summary>A client of any instance of the service (<see cref="RehabApiFactory"/> or one derived from it with
    /// WithWebHostBuilder) whose every exchange is checked against the OpenAPI document.</summary>
    /// <param name="withClientOptions">As CreateClient() makes one: following redirects and keeping cookies as
    /// ClientOptions say (the redirect handler also buffers request bodies, so they go with a Content-Length);
    /// false: as CreateDefaultClient() makes one, with nothing else in between.</param>
    public static HttpClient CreateCheckedClient(this WebApplicationFactory<Program> instance, bool withClientOptions = true)
    {
        var options = instance.ClientOptions;
        List<DelegatingHandler> handlers = [new OpenApiConformanceHandler()];
        if (withClientOptions && options.AllowAutoRedirect) handlers.Add(new RedirectHandler(options.MaxAutomaticRedirections));
        if (withClientOptions && options.HandleCookies) handlers.Add(new CookieContainerHandler());
        return instance.CreateDefaultClient(options.BaseAddress, [.. handlers]);
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> whose now a test moves, and whose timers are the system's: the service's
/// periodic work (PeriodicHousekeeping) ticks in real time, as in production, while "now" stands still.</summary>
public sealed class StandingClock(DateTimeOffset now) : FakeTimeProvider(now)
{
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, dueTime, period);
}
