using System.Reflection;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RehabApi.Domain;
using RehabApi.Security;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.ClinicianConsole;

/// <summary>The service on a real Kestrel port and a real headless Chromium (Debian's, found by REHAB_CHROMIUM or at
/// /usr/bin/chromium; scripts/ensure-chromium.sh installs it), shared by a test class. Each test opens its own browser
/// context (its own cookies) and owns its clinic.</summary>
public sealed class ConsoleBrowser : IAsyncLifetime
{
    public KestrelRehabApiFactory Service { get; } = new();
    private IPlaywright? playwright;
    private IBrowser? browser;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)Service).InitializeAsync();
        _ = Service.Address;   // starts the server
        playwright = await Playwright.CreateAsync();
        var executable = Environment.GetEnvironmentVariable("REHAB_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
        await Service.DisposeAsync();
    }

    /// <summary>A fresh browser (its own cookies) on the service, sized like a tablet in landscape.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Service.Address.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 1180, Height = 820 },
        });
        // Generous: the tests must pass on a loaded machine (scripts/test-under-load.sh); a passing step never waits this long.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return context;
    }

    /// <summary>A clinic of its own with a clinic-system client (to set up patients through the API) and the keys asked for.</summary>
    public async Task<(string Slug, RehabClient Api)> NewClinicAsync()
    {
        var slug = await Service.CreateClinicAsync("console");
        return (slug, new RehabClient(Service.CreateClient(await Service.CreateKeyAsync(slug, Roles.ClinicSystem, "Clinic EHR"))));
    }

    public Task<string> KeyAsync(string slug, string role, string name) => Service.CreateKeyAsync(slug, role, name);

    public async Task RevokeAsync(string apiKey)
    {
        await using var scope = Service.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>().RevokeAsync(ApiKeySecrets.Parse(apiKey)!.Value.KeyId));
    }

    /// <summary>Signs in on the sign-in page with <paramref name="apiKey"/>, as a clinician would, and lands on the caseload.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, string apiKey)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/sign-in"));
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Caseload" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Fails listing every axe-core violation on the page as it stands.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        Assert.True(results.Violations.Length == 0, $"{page.Url}: " + string.Join("; ",
            results.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
    }

    /// <summary>Writes a screenshot to docs/screenshots/ (the README shows them).</summary>
    public static string ScreenshotPath(string name)
    {
        var root = typeof(ConsoleBrowser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RehabRepositoryRoot").Value!;
        var directory = Path.Combine(root, "docs", "screenshots");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{name}.png");
    }
}
