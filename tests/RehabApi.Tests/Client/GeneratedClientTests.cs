using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;
using RehabApi.Client;
using RehabApi.Client.Models;
using RehabApi.Clinics;
using RehabApi.Tests.Infrastructure;
using OnBehalfOf = RehabApi.Client.Models.OnBehalfOf;
using ProblemDetails = RehabApi.Client.Models.ProblemDetails;
using Roles = RehabApi.Domain.Roles;

namespace RehabApi.Tests.Client;

/// <summary>A client generated from the document by an independent generator works on the first call. The build
/// generates it with Kiota from the service's own document (RehabApi.Tests.csproj, target GenerateRehabClient), so a
/// change to the API that breaks generated clients breaks this build or this test. Its requests and answers still pass
/// through the conformance handler, which holds them to the served document.</summary>
public sealed class GeneratedClientTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    private static readonly OnBehalfOf Physician = new() { ClinicianId = "dr-7", Name = "Dr Ada Bone", Role = OnBehalfOf_role.Physician };
    private static readonly OnBehalfOf Therapist = new() { ClinicianId = "pt-3", Name = "Sam Stride", Role = OnBehalfOf_role.Therapist };

    private async Task<RehabApiClient> ClientAsync()
    {
        // As the README's example: a key of the default clinic's clinic system, sent on every request.
        var key = await factory.CreateKeyAsync(Clinic.DefaultSlug, Roles.ClinicSystem, "Example EHR");
        var http = factory.CreateClient(key);
        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http)
        {
            BaseUrl = http.BaseAddress!.ToString().TrimEnd('/'),
        };
        return new RehabApiClient(adapter);
    }

    [Fact]
    public async Task TheReadmesWorkedExampleRunsOnTheGeneratedClient()
    {
        var api = (await ClientAsync()).Api.V1;

        var patient = await api.Patients.PostAsync(new CreatePatientRequest { ExternalRef = $"MRN-{Guid.NewGuid():N}" });
        Assert.NotNull(patient?.Id);

        // A pubic ramus fracture diagnosed 30 days ago: low-risk, read as MRI grade 2.
        var diagnosedOn = DateOnly.FromDateTime(RehabApiFactory.Now.UtcDateTime).AddDays(-30);
        var episode = await api.Patients[patient.Id.Value].Episodes.PostAsync(new CreateEpisodeRequest
        {
            Site = CreateEpisodeRequest_site.PubicRamus,
            Side = CreateEpisodeRequest_side.Left,
            DiagnosedOn = new Date(diagnosedOn.ToDateTime(TimeOnly.MinValue)),
        });
        Assert.NotNull(episode?.Id);
        Assert.Equal(EpisodeResponse_phase.NonWeightBearing, episode.Phase);
        Assert.Null(episode.Hold);
        Assert.Equal((4, 12, 16), (episode.PlannedNonWeightBearingWeeks, episode.MinWeeksBeforeImpact, episode.MinWeeksBeforeDischarge));
        var episodes = api.Episodes[episode.Id.Value];

        // What stands between the patient and the next phase? The time is served, nobody has confirmed no pain at rest.
        var gate = await episodes.Gate.GetAsync();
        Assert.False(gate!.CanAdvance);
        var time = Assert.Single(gate.Requirements!, r => r.Code == "min-non-weight-bearing-time");
        Assert.True(time.Met);
        Assert.NotNull(time.EarliestDate);
        Assert.False(Assert.Single(gate.Requirements!, r => r.Code == "no-pain-at-rest").Met);

        // Advance anyway: refused with a typed 409 that says why.
        var advance = new TransitionRequest { Action = TransitionRequest_action.Advance, OnBehalfOf = Physician };
        var blocked = await Assert.ThrowsAsync<GateBlockedProblem>(() => episodes.Transitions.PostAsync(advance));
        Assert.Equal(409, blocked.ResponseStatusCode);
        Assert.Contains(blocked.Unmet!, u => u.Code == "no-pain-at-rest");
        Assert.DoesNotContain(blocked.Unmet!, u => u.Code == "min-non-weight-bearing-time");

        // A therapist may not approve a return to impact: 403, nothing written.
        var refused = await Assert.ThrowsAsync<ProblemDetails>(() => episodes.Clearances.PostAsync(
            new RecordClearanceRequest { Type = RecordClearanceRequest_type.ImpactApproved, OnBehalfOf = Therapist }));
        Assert.Equal(403, refused.ResponseStatusCode);

        // The therapist confirms no pain at rest; now the advance goes through.
        var clearance = await episodes.Clearances.PostAsync(
            new RecordClearanceRequest { Type = RecordClearanceRequest_type.NoPainAtRest, OnBehalfOf = Therapist });
        Assert.NotNull(clearance?.Id);
        var advanced = await episodes.Transitions.PostAsync(advance);
        Assert.Equal(EpisodeResponse_phase.ImagingConfirmation, advanced!.Phase);
        Assert.Equal(2, advanced.Version); // ETag: "2"

        // The next gate wants repeat imaging showing healing and a physician's approval of partial weight-bearing.
        var next = await episodes.Gate.GetAsync();
        Assert.Equal(GateResponse_phase.ImagingConfirmation, next!.Phase);
        Assert.False(next.CanAdvance);
        Assert.Equal(["imaging-shows-healing", "partial-weight-bearing-approved"],
            next.Requirements!.Where(r => r.Met == false).Select(r => r.Code).Order());

        // Everything that happened, in order: the clearance, then the advance; the refused calls wrote nothing.
        var history = (await episodes.History.GetAsync())!.Items!;
        var signed = Assert.Single(history, i => i.Kind == EpisodeRecordResponse_kind.Clearance);
        Assert.Equal(EpisodeRecordResponse_type.NoPainAtRest, signed.Type);
        var moved = Assert.Single(history, i => i.Action == EpisodeRecordResponse_action.Advance);
        Assert.Equal(EpisodeRecordResponse_toPhase.ImagingConfirmation, moved.ToPhase);
        Assert.True(history.IndexOf(signed) < history.IndexOf(moved));
        Assert.All(history, item => Assert.NotNull(item.Protocol));
    }

    [Fact]
    public async Task AConflictWithoutUnmetIsTheOtherTypedConflict()
    {
        var api = (await ClientAsync()).Api.V1;
        var patient = await api.Patients.PostAsync(new CreatePatientRequest { ExternalRef = $"MRN-{Guid.NewGuid():N}" });
        var episode = await api.Patients[patient!.Id!.Value].Episodes.PostAsync(new CreateEpisodeRequest
        {
            Site = CreateEpisodeRequest_site.PubicRamus,
            Side = CreateEpisodeRequest_side.Left,
            DiagnosedOn = new Date(2026, 5, 1),
        });
        var transitions = api.Episodes[episode!.Id!.Value].Transitions;
        await transitions.PostAsync(new TransitionRequest { Action = TransitionRequest_action.Withdraw, OnBehalfOf = Physician });

        var closed = await Assert.ThrowsAsync<ConflictProblem>(() =>
            transitions.PostAsync(new TransitionRequest { Action = TransitionRequest_action.Advance, OnBehalfOf = Physician }));
        Assert.Equal(409, closed.ResponseStatusCode);
    }

    /// <summary>The client is generated from the document the build wrote from the service; it must be the document the
    /// service serves (only the server, taken from the request's host, differs), not a stale copy.</summary>
    [Fact]
    public async Task TheClientIsGeneratedFromTheServedDocument()
    {
        var path = typeof(GeneratedClientTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RehabOpenApiDocument").Value!;
        var generated = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var served = JsonNode.Parse(await factory.CreateClient(apiKey: null).GetStringAsync(OpenApiConformanceHandler.DocumentPath))!.AsObject();
        generated.Remove("servers");
        served.Remove("servers");
        Assert.True(JsonNode.DeepEquals(generated, served),
            $"{path} differs from the served /openapi/v1.json: rebuild (the build regenerates it when the service changes).");
    }
}
