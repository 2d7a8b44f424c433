using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RehabApi.Infrastructure;

namespace RehabApi.Tests.Infrastructure;

/// <summary>The service in memory, over the test run's real PostgreSQL, with a clock the tests control.
/// One database is migrated once and shared; every test owns its rows (its own patients and episodes).</summary>
public class RehabApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>"Now" for every test: tests date what they record relative to it with effectiveAt.</summary>
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly SemaphoreSlim MigrationLock = new(1, 1);
    private static string? connectionString;

    public FakeTimeProvider Clock { get; } = new(Now);

    public string ConnectionString => connectionString ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        await MigrationLock.WaitAsync();
        try
        {
            if (connectionString is null)
            {
                var candidate = await TestPostgres.CreateDatabaseAsync("rehab_tests");
                connectionString = candidate;
                await MigrateCommand.RunAsync(Services);
            }
        }
        finally
        {
            MigrationLock.Release();
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Rehab", ConnectionString);
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
