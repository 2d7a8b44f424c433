using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Security;

namespace RehabApi.Operations;

/// <summary><c>RehabApi keys create|revoke|list</c>. A new key is printed once, alone on the last line of
/// stdout; only its salted hash is stored, so a lost key is revoked and replaced, never recovered.</summary>
internal static class KeyCommands
{
    public static Command Build(IServiceProvider services, TextWriter output, TextWriter error)
    {
        var clinic = OperatorCommands.RequiredText("--clinic", "The clinic's slug (RehabApi clinics list).");
        var role = OperatorCommands.RoleOption();
        var name = OperatorCommands.RequiredText("--name", "The clinician or system the key is for.");
        var patient = new Option<Guid?>("--patient") { Description = "For a patient-app key: the one patient it may see." };
        var create = new Command("create", "Create an API key and print it once.") { clinic, role, name, patient };
        create.SetAction(async (parsed, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
            var (key, problem) = await issuer.CreateAsync(
                parsed.GetValue(clinic)!, parsed.GetValue(role)!, parsed.GetValue(name)!, parsed.GetValue(patient), ct);
            if (key is null) return ClinicCommands.Fail(error, problem!);
            await output.WriteLineAsync($"keyId: {key.KeyId}");
            await output.WriteLineAsync(key.PlainText);
            return 0;
        });

        var keyId = new Argument<Guid>("keyId") { Description = "The key's id, as printed by keys create or keys list." };
        var revoke = new Command("revoke", "Revoke a key; it fails from the next request on.") { keyId };
        revoke.SetAction(async (parsed, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var issuer = scope.ServiceProvider.GetRequiredService<ApiKeyIssuer>();
            var id = parsed.GetValue(keyId);
            if (!await issuer.RevokeAsync(id, ct)) return ClinicCommands.Fail(error, $"No key {id}.");
            await output.WriteLineAsync($"revoked: {id}");
            return 0;
        });

        var listClinic = new Option<string?>("--clinic") { Description = "Only this clinic's keys." };
        var list = new Command("list", "List keys (never their secrets).") { listClinic };
        list.SetAction(async (parsed, ct) =>
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
            var slug = parsed.GetValue(listClinic);
            var rows = await db.ApiKeys.AsNoTracking()
                .Join(db.Clinics, k => k.ClinicId, c => c.Id, (k, c) => new { k.Id, Clinic = c.Slug, k.Role, k.Name, k.RevokedAt })
                .Where(k => slug == null || k.Clinic == slug)
                .OrderBy(k => k.Id)
                .ToListAsync(ct);
            foreach (var k in rows)
                await output.WriteLineAsync($"{k.Id}\t{k.Clinic}\t{k.Role}\t{k.Name}\t{(k.RevokedAt is null ? "active" : $"revoked {k.RevokedAt:O}")}");
            return 0;
        });

        return new Command("keys", "Create, revoke and list API keys.") { create, revoke, list };
    }
}
