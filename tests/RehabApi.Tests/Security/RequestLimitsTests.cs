using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using RehabApi.Clinics;
using RehabApi.Patients;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>Per-key rate limits and the request body cap, each answered with problem+json.</summary>
public sealed class RequestLimitsTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task AKeyOverItsRateLimitGets429WithRetryAfterWhileOtherKeysCarryOn()
    {
        using var limited = factory.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimiting:PermitLimit", "3")
            .UseSetting("RateLimiting:WindowSeconds", "60"));
        var busy = limited.CreateCheckedClient();
        busy.DefaultRequestHeaders.Remove("X-Api-Key");
        busy.DefaultRequestHeaders.Add("X-Api-Key", await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Busy"));
        var quiet = limited.CreateCheckedClient();
        quiet.DefaultRequestHeaders.Remove("X-Api-Key");
        quiet.DefaultRequestHeaders.Add("X-Api-Key", await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Quiet"));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/protocols")).StatusCode);
        var refused = await busy.GetAsync("/api/v1/protocols");

        await RehabClient.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal(HttpStatusCode.OK, (await quiet.GetAsync("/api/v1/protocols")).StatusCode);
        // Health checks are never limited: load balancers must always see the service.
        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task TheConsoleSignInFormIsLimitedPerAddressSoKeysCannotBeGuessedThere()
    {
        using var limited = factory.WithWebHostBuilder(builder => builder
            .UseSetting("RateLimiting:PermitLimit", "3")
            .UseSetting("RateLimiting:WindowSeconds", "60"));
        // A browser: no API key, cookies kept, and the form's antiforgery token sent back as a guesser's script would.
        var browser = limited.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Remove("X-Api-Key");
        var form = await (await browser.GetAsync("/console/sign-in")).Content.ReadAsStringAsync();
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);
        var guess = () => browser.PostAsync("/console/sign-in", new FormUrlEncodedContent(
            [new("apiKey", $"rk_{Guid.NewGuid():N}_guess"), new("__RequestVerificationToken", token)]));

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await guess()).StatusCode);
        var refused = await guess();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        // Reading the sign-in page is not counted: only attempts are.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/console/sign-in")).StatusCode);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413AndWritesNothing()
    {
        var client = factory.CreateClient();
        var externalRef = $"MRN-{Guid.NewGuid():N}";
        var oversized = new { externalRef, padding = new string('x', 70 * 1024) };

        var response = await client.PostAsJsonAsync("/api/v1/patients", oversized);

        var problem = await RehabClient.ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("65536 bytes", (string)problem["detail"]!);
        var found = await client.GetFromJsonAsync<PatientPage>($"/api/v1/patients?externalRef={externalRef}", RehabClient.Json);
        Assert.Empty(found!.Items);
    }
}
