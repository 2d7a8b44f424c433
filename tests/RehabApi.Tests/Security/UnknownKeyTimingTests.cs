using System.Diagnostics;
using System.Net;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Security;

/// <summary>Whether a key id exists must not show in how long a 401 takes. The visible cost is the database: a
/// wrong secret for a known id is refused from the key cache, so an unknown id must be too, once looked up
/// (the hashing both do is the same, and compared in constant time: ApiKeySecrets).</summary>
public sealed class UnknownKeyTimingTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task AnUnknownKeyIdCostsNoMoreDatabaseRoundTripsThanAWrongSecret()
    {
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, "therapist", "Sam Stride");
        var wrongSecret = key[..^4] + (key.EndsWith("AAAA") ? "BBBB" : "AAAA");
        var unknownId = $"rk_{Guid.CreateVersion7():N}_{key.Split('_', 3)[2]}";   // the same secret under an id never issued

        // The cache is trusted once the instance listens for key changes: wait until a wrong secret costs nothing.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await DatabaseCommandsAsync(wrongSecret) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the key cache never took the key");
            await Task.Delay(50);
        }
        await DatabaseCommandsAsync(unknownId);   // a first lookup reads, as it did for the known id

        for (var i = 0; i < 3; i++)
            Assert.Equal((0, 0), (await DatabaseCommandsAsync(wrongSecret), await DatabaseCommandsAsync(unknownId)));
    }

    /// <summary>How many Npgsql commands one refused request ran, told apart from other tests' by its trace id.</summary>
    private async Task<int> DatabaseCommandsAsync(string apiKey)
    {
        var traceId = ActivityTraceId.CreateRandom();
        var commands = 0;
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStarted = activity =>
            {
                if (activity.Source.Name == "Npgsql" && activity.TraceId == traceId) Interlocked.Increment(ref commands);
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/protocols");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var response = await factory.CreateClient(apiKey).SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        return commands;
    }
}
