using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RehabApi.Clinics;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Protocols;
using RehabApi.Episodes;
using RehabApi.Security;

namespace RehabApi.Tests.Infrastructure;

/// <summary>Episodes opened on hip-bsi version 1, as a server before version 2 opened them: no API opens a new episode
/// on version 1 any more (PROTOCOL.md: version 2 is the built-in version for new episodes), yet every episode opened before
/// it stays on version 1's rules, and tests of those rules need one. The episode is opened by the service's own code
/// (EpisodesApi.OpenAsync), only with version 1 in place of the version new episodes start on.</summary>
public static class Version1Episodes
{
    public static readonly ProtocolDefinition Version1 = ProtocolCatalog.Find(ProtocolCatalog.DefaultKey, 1)!;

    /// <summary>A new patient of <paramref name="api"/>'s clinic with an episode on version 1: by default a pubic ramus
    /// fracture on the left, diagnosed on <paramref name="diagnosedOn"/>.</summary>
    public static async Task<EpisodeResponse> CreateVersion1EpisodeAsync(this RehabApiFactory factory, RehabClient api, DateOnly diagnosedOn,
        string site = "pubic-ramus", bool displaced = false, decimal? neckWidthPercent = null, string clinicSlug = Clinic.DefaultSlug,
        string? sex = null)
    {
        var patient = await RehabClient.ReadAsync<RehabApi.Patients.PatientResponse>(
            await api.Http.PostAsJsonAsync("/api/v1/patients", new { externalRef = $"MRN-{Guid.NewGuid():N}", sex }), System.Net.HttpStatusCode.Created);
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RehabDbContext>();
        var clinicId = await db.Clinics.Where(c => c.Slug == clinicSlug).Select(c => c.Id).SingleAsync();
        var caller = scope.ServiceProvider.GetRequiredService<CurrentCaller>();
        caller.ActForClinic(clinicId, Roles.ClinicSystem, "Test EHR");

        var request = new CreateEpisodeRequest(site, "left", diagnosedOn, null, null, displaced, neckWidthPercent, null, null);
        var result = await EpisodesApi.OpenAsync(patient.Id, request, Version1, db, caller, factory.Clock.GetUtcNow(), CancellationToken.None);
        var created = Assert.IsType<Created<EpisodeResponse>>(result.Result);
        Assert.Equal(1, created.Value!.Protocol.Version);
        return created.Value;
    }
}
