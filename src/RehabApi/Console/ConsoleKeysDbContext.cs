using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace RehabApi.ClinicianConsole;

/// <summary>The data-protection key ring (which encrypts the console's cookies) in PostgreSQL, so that every instance
/// reads the cookies any other wrote. A context of its own: ASP.NET Core reads and writes the ring synchronously (rarely:
/// it caches it for hours), which RehabDbContext refuses. The table is created by RehabDbContext's migrations.</summary>
internal sealed class ConsoleKeysDbContext(DbContextOptions<ConsoleKeysDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
}
