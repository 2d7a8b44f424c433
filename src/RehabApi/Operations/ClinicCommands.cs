using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RehabApi.Clinics;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Security;

namespace RehabApi.Operations;

/// <summary><c>RehabApi clinics create --slug &lt;slug&gt; --name "..." [--time-zone &lt;IANA zone&gt;]</c>,
/// <c>RehabApi clinics set-time-zone --slug &lt;slug&gt; --time-zone &lt;IANA zone&gt;</c> and <c>RehabApi clinics list</c>.</summary>
internal static partial class ClinicCommands
{
    public static Command Build(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var slug = OperatorCommands.RequiredText("--slug", "Short lowercase name used by `keys create --clinic`, e.g. riverside-physio.");
        var name = OperatorCommands.RequiredText("--name", "The clinic's name.");
        var zone = new Option<string>("--time-zone")
        {
            Description = "The clinic's IANA time zone, e.g. Europe/London; its dates and date rules are in it.",
            DefaultValueFactory = _ => Clinic.DefaultTimeZone,
        };
        var create = new Command("create", "Register a clinic.") { slug, name, zone };
        create.SetAction(async (parsed, ct) =>
        {
            var slugValue = parsed.GetValue(slug)!;
            var nameValue = parsed.GetValue(name)!.Trim();
            if (!SlugPattern().IsMatch(slugValue))
                return Fail(error, "A slug is 2 to 64 characters of lowercase letters, digits and hyphens.");
            if (nameValue.Length is 0 or > 200) return Fail(error, "A clinic name is 1 to 200 characters.");
            if (!ClinicCalendar.TryFor(parsed.GetValue(zone), out var calendar)) return UnknownZone(error, parsed.GetValue(zone));

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            if (await db.Clinics.AnyAsync(c => c.Slug == slugValue, ct)) return Fail(error, $"A clinic '{slugValue}' already exists.");
            var clinic = new Clinic
            {
                Id = Guid.CreateVersion7(),
                Slug = slugValue,
                Name = nameValue,
                TimeZone = calendar.ZoneId,
                CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            db.Clinics.Add(clinic);
            await db.SaveChangesAsync(ct);
            await output.WriteLineAsync($"clinicId: {clinic.Id}");
            await output.WriteLineAsync($"timeZone: {clinic.TimeZone}");
            return 0;
        });

        var existing = OperatorCommands.RequiredText("--slug", "The clinic's slug (RehabApi clinics list).");
        var newZone = OperatorCommands.RequiredText("--time-zone", "The clinic's new IANA time zone, e.g. America/Los_Angeles.");
        var setZone = new Command("set-time-zone",
            "Change a clinic's time zone. Its dates and every date rule are read in the new zone from the next request on.")
        {
            existing, newZone,
        };
        setZone.SetAction(async (parsed, ct) =>
        {
            var slugValue = parsed.GetValue(existing)!;
            if (!ClinicCalendar.TryFor(parsed.GetValue(newZone), out var calendar)) return UnknownZone(error, parsed.GetValue(newZone));

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            var clinic = await db.Clinics.SingleOrDefaultAsync(c => c.Slug == slugValue, ct);
            if (clinic is null) return Fail(error, $"No clinic '{slugValue}'.");
            var previous = clinic.TimeZone;
            clinic.TimeZone = calendar.ZoneId;
            await db.SaveChangesAsync(ct);
            // Other instances hear of it from the trigger on clinics; this one need not wait for the notification.
            scope.ServiceProvider.GetRequiredService<ApiKeyCache>().EvictClinic(clinic.Id);
            await output.WriteLineAsync($"{clinic.Slug}: time zone {previous} -> {clinic.TimeZone}");
            return 0;
        });

        var list = new Command("list", "List the clinics.");
        list.SetAction(async (_, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            foreach (var clinic in await db.Clinics.AsNoTracking().OrderBy(c => c.Slug).ToListAsync(ct))
                await output.WriteLineAsync($"{clinic.Slug}\t{clinic.Id}\t{clinic.Name}\t{clinic.TimeZone}");
            return 0;
        });

        return new Command("clinics", "Register clinics, set their time zones and list them.") { create, setZone, list };
    }

    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 1;
    }

    private static int UnknownZone(TextWriter error, string? zone) =>
        Fail(error, $"--time-zone: '{zone}' is not an IANA time zone this server knows; give one such as Europe/London, " +
                    "America/Los_Angeles or UTC (not a Windows name or an alias like US/Pacific).");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();
}
