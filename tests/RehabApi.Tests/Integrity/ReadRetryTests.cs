using System.Net.Sockets;
using Npgsql;
using RehabApi.Data;

namespace RehabApi.Tests.Integrity;

/// <summary>A read that runs without a context (GET /episodes/{id}) is retried as EF Core's strategy retries a read on a
/// context: a failure PostgreSQL may recover from is tried again, twice at most; anything else is not.</summary>
public sealed class ReadRetryTests
{
    // What Npgsql throws when the server dropped or refused the connection.
    private static NpgsqlException Dropped() => new("Exception while reading from stream", new IOException("connection reset", new SocketException()));

    [Fact]
    public async Task AReadThatLostItsConnectionIsTriedAgainAndAnswers()
    {
        var attempts = 0;
        var answer = await ReadRetryingExecutionStrategy.RetryReadAsync(_ =>
            ++attempts == 1 ? throw Dropped() : Task.FromResult("the episode"), CancellationToken.None);

        Assert.Equal("the episode", answer);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task AnOutageOutlastingTheRetriesReachesTheCallerAsTheDatabaseFault()
    {
        var attempts = 0;
        var thrown = await Assert.ThrowsAsync<NpgsqlException>(() =>
            ReadRetryingExecutionStrategy.RetryReadAsync<string>(_ => { attempts++; throw Dropped(); }, CancellationToken.None));

        Assert.Equal(3, attempts);   // the read, then two retries
        Assert.True(DatabaseFaults.IsUnavailable(thrown));   // answered 503 with Retry-After
    }

    [Fact]
    public async Task AFailureThatWouldRecurIsNotRetried()
    {
        var attempts = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ReadRetryingExecutionStrategy.RetryReadAsync<string>(_ => { attempts++; throw new InvalidOperationException("a bug"); },
                CancellationToken.None));

        Assert.Equal(1, attempts);
    }
}
