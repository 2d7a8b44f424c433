using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Infrastructure;
using RehabApi.Domain;

namespace RehabApi.ClinicianConsole;

/// <summary>The clinicians' console at /console: Razor Pages served by the service itself, signed in with the clinician's
/// own API key, which is exchanged once for a cookie session (<see cref="ConsoleSession"/>). Every read and write goes
/// through the API's own handlers; nothing is decided in a page.</summary>
internal static class ConsoleSetup
{
    public const string Scheme = "Console";
    public const string Policy = "console";
    public const string PathBase = "/console";

    /// <summary>Clinicians act; a clinic admin reads. Clinic systems and patient apps have no console.</summary>
    public static readonly IReadOnlyList<string> ConsoleRoles = [Roles.Physician, Roles.Therapist, Roles.ClinicAdmin];

    public static void AddConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Kept in PostgreSQL, so that every instance can read the cookies any other one wrote.
        services.AddDbContext<ConsoleKeysDbContext>((provider, options) => options
            .UseNpgsql(DataSetup.RehabConnectionString(provider.GetRequiredService<IConfiguration>()))
            .UseSnakeCaseNamingConvention());
        services.AddDataProtection().SetApplicationName("RehabApi").PersistKeysToDbContext<ConsoleKeysDbContext>();
        services.AddScoped<ConsoleSession>();
        services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "rehab-console";
            options.Cookie.Path = PathBase;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // A tablet left on a ward signs itself out after half an hour without use.
            options.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            options.SlidingExpiration = true;
            options.LoginPath = $"{PathBase}/sign-in";
            options.EventsType = typeof(ConsoleSession);
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser().RequireRole(ConsoleRoles));
        services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Console/Pages";
            options.Conventions.AuthorizeFolder("/", Policy);
            options.Conventions.AllowAnonymousToPage("/SignIn");
            options.Conventions.AddFolderApplicationModelConvention("/", model => model.Filters.Add(new ConsoleHeaders()));
        });
    }

    public static void MapConsole(this WebApplication app)
    {
        app.MapRazorPages();
        // The stylesheet is part of the service (clinics run it offline: no CDN, no build chain).
        app.MapGet($"{PathBase}/console.css", () => Results.Text(ConsoleStyles.Css, "text/css; charset=utf-8"))
            .ExcludeFromDescription().AllowAnonymous();
    }
}
