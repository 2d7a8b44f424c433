using Npgsql;
using RehabApi.Data;

namespace RehabApi.Tests.Integrity;

/// <summary>The service's connections go back to the pool without Npgsql's session reset, a statement PostgreSQL
/// would otherwise run before the next request's first one (bench/NOTES.md, item 10): the service keeps no session
/// state. An operator who wants the reset back (say, for SQL of their own on the same pool) can ask for it.</summary>
public sealed class PooledConnectionTests
{
    [Fact]
    public void TheServicesConnectionsSkipTheSessionResetUnlessTheConnectionStringSaysOtherwise()
    {
        var safe = new NpgsqlConnectionStringBuilder(DataSetup.WithSafeDefaults("Host=db;Username=rehab"));

        Assert.True(safe.NoResetOnClose);
    }

    [Theory]
    [InlineData("Host=db;Username=rehab;No Reset On Close=false")]
    [InlineData("Host=db;Username=rehab;NoResetOnClose=false")]
    public void AConnectionStringThatAsksForTheSessionResetKeepsIt(string configured)
    {
        var safe = new NpgsqlConnectionStringBuilder(DataSetup.WithSafeDefaults(configured));

        Assert.False(safe.NoResetOnClose);
    }
}
