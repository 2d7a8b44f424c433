using System.CommandLine;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using RehabApi.Clinics;
using RehabApi.Data;

namespace RehabApi.Operations;

/// <summary><c>RehabApi clinics create --slug &lt;slug&gt; --name "..."</c> and <c>RehabApi clinics list</c>.</summary>
internal static partial class ClinicCommands
{
    public static Command Build(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var slug = OperatorCommands.RequiredText("--slug", "Short lowercase name used by `keys create --clinic`, e.g. riverside-physio.");
        var name = OperatorCommands.RequiredText("--name", "The clinic's name.");
        var create = new Command("create", "Register a clinic.") { slug, name };
        create.SetAction(async (parsed, ct) =>
        {
            var slugValue = parsed.GetValue(slug)!;
            var nameValue = parsed.GetValue(name)!.Trim();
            if (!SlugPattern().IsMatch(slugValue))
                return Fail(error, "A slug is 2 to 64 characters of lowercase letters, digits and hyphens.");
            if (nameValue.Length is 0 or > 200) return Fail(error, "A clinic name is 1 to 200 characters.");

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            if (await db.Clinics.AnyAsync(c => c.Slug == slugValue, ct)) return Fail(error, $"A clinic '{slugValue}' already exists.");
            var clinic = new Clinic
            {
                Id = Guid.CreateVersion7(),
                Slug = slugValue,
                Name = nameValue,
                CreatedAt = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow(),
            };
            db.Clinics.Add(clinic);
            await db.SaveChangesAsync(ct);
            await output.WriteLineAsync($"clinicId: {clinic.Id}");
            return 0;
        });

        var list = new Command("list", "List the clinics.");
        list.SetAction(async (_, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            foreach (var clinic in await db.Clinics.AsNoTracking().OrderBy(c => c.Slug).ToListAsync(ct))
                await output.WriteLineAsync($"{clinic.Slug}\t{clinic.Id}\t{clinic.Name}");
            return 0;
        });

        return new Command("clinics", "Register and list clinics.") { create, list };
    }

    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine(message);
        return 1;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();
}
