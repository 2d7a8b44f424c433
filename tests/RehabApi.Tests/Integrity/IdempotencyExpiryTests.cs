using System.Net;
using RehabApi.Tests.Api;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Integrity;

/// <summary>A key is remembered for 24 hours and then forgotten. A fixture of its own, because it moves the clock.</summary>
public sealed class IdempotencyExpiryTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task AKeyIsRememberedFor24HoursAndThenMayBeUsedAgain()
    {
        var clinic = await factory.CreateClinicAsync("expiry");
        var api = new RehabClient(factory.CreateClient(await factory.CreateKeyAsync(clinic, "clinic-system", "EHR")));
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await api.PostJsonAsync("/patients", """{"externalRef": "MRN-DAY-1"}""", key)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await api.PostJsonAsync("/patients", """{"externalRef": "MRN-DAY-2"}""", key)).StatusCode);

        factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var reused = await Answer.ReadAsync(await api.PostJsonAsync("/patients", """{"externalRef": "MRN-DAY-2"}""", key));

        Assert.Equal((201, false), (reused.Status, reused.Replayed));
        var counts = await ClinicRowCounts.ReadAsync(factory.ConnectionString, clinic);
        Assert.Equal((2, 1), (counts["patients"], counts["idempotency_records"]));
    }
}
