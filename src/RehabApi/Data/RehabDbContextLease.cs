using Microsoft.EntityFrameworkCore;
using RehabApi.Security;

namespace RehabApi.Data;

/// <summary>Each request (DI scope) rents one context from EF's pool and binds it to the request's caller, so
/// the clinic filters see this caller; disposing the scope returns the context to the pool.</summary>
internal static class RehabDbContextLease
{
    public static RehabDbContext Rent(IServiceProvider services)
    {
        var db = services.GetRequiredService<IDbContextFactory<RehabDbContext>>().CreateDbContext();
        db.BindTo(services.GetRequiredService<CurrentCaller>());
        return db;
    }
}
