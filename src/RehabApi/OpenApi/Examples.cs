using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Episodes;
using RehabApi.Events;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Patients;
using RehabApi.Security;
using RehabApi.Webhooks;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace RehabApi.OpenApi;

/// <summary>An example for every request body and for the main answers: the README's worked example (a pubic ramus
/// fracture diagnosed on 1 May, cleared of pain at rest by a therapist, advanced by a physician through a clinic
/// system). Answers are built from the response types and written with the API's own JSON options, so an example
/// has every property the wire has, nulls included; a test checks each against its schema.</summary>
internal sealed class Examples(IOptions<JsonOptions> json) : IOpenApiOperationTransformer
{
    private static readonly Guid PatientId = Guid.Parse("0196a8e1-3c52-7d4e-9a1b-5f0c2e7d8a41");
    private static readonly Guid EpisodeId = Guid.Parse("0196a8e1-4f10-7a2b-8c3d-1e9f6b2a7c05");
    private static readonly Guid KeyId = Guid.Parse("0196a8d0-1b2c-7d3e-8f4a-5b6c7d8e9f01");
    private static readonly DateTimeOffset Registered = new(2026, 5, 1, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cleared = new(2026, 6, 1, 10, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Advanced = new(2026, 6, 1, 10, 20, 0, TimeSpan.Zero);
    private static readonly ProtocolRef HipBsi = new("hip-bsi", 2);
    private static readonly object Therapist = new { clinicianId = "pt-3", name = "Sam Stride", role = "therapist" };
    private static readonly object Physician = new { clinicianId = "dr-7", name = "Dr Ada Bone", role = "physician" };
    private static readonly ActorResponse SystemForTherapist = new(KeyId, "clinic-system", "Riverside EHR", "pt-3", "Sam Stride", "therapist");

    private static readonly PatientResponse Patient = new(PatientId, "MRN-20417", "female", 1998, Registered);

    private static readonly EpisodeResponse Episode = new(EpisodeId, PatientId, "pubic-ramus", "left", new DateOnly(2026, 5, 1),
        new DateOnly(2026, 5, 1), 4, new DateOnly(2026, 5, 1), 12, 16, false, null, 2, [], "non-weight-bearing", "active", null,
        Registered.AddMinutes(1), HipBsi, 1,
        Registered.AddMinutes(1), Registered.AddMinutes(1));

    private static readonly IReadOnlyList<RequirementResult> Requirements =
    [
        new("not-on-hold", "The episode is not on hold.", true),
        new("no-open-pain-reports", "No pain report from the patient is waiting for a clinician (regress, or resolve it with a note).", true),
        new("min-non-weight-bearing-time", "The planned weeks without weight on the leg have passed.", true, null, new DateOnly(2026, 5, 29)),
        new("no-pain-at-rest", "A physician or therapist has confirmed there is no pain at rest.", false),
    ];

    private static readonly EpisodeRecordResponse Clearance = new()
    {
        Kind = "clearance", Id = Guid.Parse("0196a8e1-5a21-7c3d-9e4f-0a1b2c3d4e5f"), EpisodeId = EpisodeId, Phase = "non-weight-bearing",
        EffectiveAt = Cleared, RecordedAt = Cleared, Protocol = HipBsi, RecordedBy = SystemForTherapist, Type = "no-pain-at-rest",
    };

    private static readonly EpisodeRecordResponse Advance = Clearance with
    {
        Kind = "transition", Id = Guid.Parse("0196a8e1-5b44-7e5f-8a6b-7c8d9e0f1a2b"), Type = null, EffectiveAt = Advanced, RecordedAt = Advanced,
        RecordedBy = SystemForTherapist with { ClinicianId = "dr-7", ClinicianName = "Dr Ada Bone", ClinicianRole = "physician" },
        Action = "advance", FromPhase = "non-weight-bearing", ToPhase = "imaging-confirmation", FromStatus = "active", ToStatus = "active",
    };

    /// <summary>operationId → (request body, status of the answer, answer); null where there is none to show.</summary>
    private static readonly Dictionary<string, (object? Request, string Status, object? Answer)> ByOperation = new()
    {
        ["CreatePatient"] = (new { externalRef = "MRN-20417", sex = "female", birthYear = 1998 }, "201", Patient),
        ["GetPatient"] = (null, "200", Patient),
        ["ListPatients"] = (null, "200", new PatientPage([Patient], null)),
        ["CreateEpisode"] = (new { site = "pubic-ramus", side = "left", diagnosedOn = "2026-05-01" }, "201", Episode),
        ["GetEpisode"] = (null, "200", Episode),
        ["ListEpisodes"] = (null, "200", new EpisodePage([Episode], "MDE5NmE4ZTEtNGYxMC03YTJiLThjM2QtMWU5ZjZiMmE3YzA1")),
        ["GetGate"] = (null, "200", new GateResponse("non-weight-bearing", "imaging-confirmation", false, Requirements, Cleared.AddMinutes(-5))),
        ["RecordClearance"] = (new { type = "no-pain-at-rest", onBehalfOf = Therapist }, "201", Clearance),
        ["RecordObservation"] = (new { code = "fracture-site-pain", value = 0, unit = "nrs", onBehalfOf = Therapist }, "201", Clearance with
        {
            Kind = "observation", Type = null, Code = "fracture-site-pain", Value = 0, Unit = "nrs",
        }),
        ["RecordImaging"] = (new { modality = "mri", performedOn = "2026-05-29", finding = "healing", grade = 2, onBehalfOf = Physician }, "201", Clearance with
        {
            Kind = "imaging", Type = null, Modality = "mri", PerformedOn = new DateOnly(2026, 5, 29), Finding = "healing", Grade = 2,
            RecordedBy = SystemForTherapist with { ClinicianId = "dr-7", ClinicianName = "Dr Ada Bone", ClinicianRole = "physician" },
        }),
        ["PostTransition"] = (new { action = "advance", onBehalfOf = Physician }, "200", Episode with
        {
            Phase = "imaging-confirmation", PhaseEnteredAt = Advanced, Version = 2, UpdatedAt = Advanced,
        }),
        ["GetHistory"] = (null, "200", new EpisodeHistory(EpisodeId, [Clearance with
        {
            Kind = "transition", Id = Guid.Parse("0196a8e1-4f11-7b2c-8d3e-2f0a7c3b8d16"), Type = null, EffectiveAt = Registered.AddMinutes(1),
            RecordedAt = Registered.AddMinutes(1), RecordedBy = SystemForTherapist with { ClinicianId = null, ClinicianName = null, ClinicianRole = null },
            Action = "create", ToPhase = "non-weight-bearing", ToStatus = "active",
        }, Clearance, Advance])),
        ["RecordSymptoms"] = (new { date = "2026-06-01", painAtRest = 0, painWithActivity = 1, usingCrutches = true, exercisesDone = true }, "201", null),
        ["ResolvePainReport"] = (new { note = "Reviewed with the patient: muscular soreness after the new exercises, not the fracture site.", onBehalfOf = Physician }, "201", null),
        ["RecordWalkRunSession"] = (new { date = "2026-06-01", step = 1, completed = true, pain = false }, "201", null),
        ["RecordBoneHealthAssessment"] = (new
        {
            dietaryRestriction = "none", bmi = 20.5, menarcheAgeYears = 13, mensesLast12Months = 11, bmdZScore = -0.8,
            priorBoneStressInjuries = 0, onBehalfOf = Physician,
        }, "201", null),
        ["CreateWebhook"] = (new { url = "https://ehr.example.org/rehab-events", eventTypes = new[] { "episode.advanced", "plan.changed" } }, "201",
            new WebhookResponse(Guid.Parse("0196a8e2-0a1b-7c2d-8e3f-4a5b6c7d8e9f"), "https://ehr.example.org/rehab-events",
                ["episode.advanced", "plan.changed"], Registered, "whsec_3q2+7w9Zt8R0yQxv0mJb1sFhK4LcNdPe")),
        ["ReadEvents"] = (null, "200", new EventPage(
            [new EventResponse(Guid.Parse("0196a8e1-6b32-7d4e-8f5a-6b7c8d9e0f1a"), EventTypes.EpisodeAdvanced, EpisodeId, Advanced,
                // Payloads are stored as they were written, with null fields left out.
                JsonSerializer.SerializeToElement(Advance, new JsonSerializerOptions(JsonSerializerDefaults.Web)
                {
                    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
                }), "8kHq3vQy0d1XrJc5mTzWbA.4s2")],
            "8kHq3vQy0d1XrJc5mTzWbA.4s2", CaughtUp: true, HeldBack: false)),
    };

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var options = json.Value.SerializerOptions;
        if (operation.OperationId == "PublishProtocolVersion" && Media(operation.RequestBody?.Content) is { } protocolBody)
            protocolBody.Example = ProtocolBody(options);
        if (operation.OperationId is not { } id || !ByOperation.TryGetValue(id, out var example)) return Task.CompletedTask;

        if (example.Request is not null && Media(operation.RequestBody?.Content) is { } body)
            body.Example = JsonSerializer.SerializeToNode(example.Request, options);
        if (example.Answer is not null && operation.Responses?.TryGetValue(example.Status, out var answer) == true && Media(answer.Content) is { } media)
            media.Example = JsonSerializer.SerializeToNode(example.Answer, options);
        if (id == "PostTransition" && operation.Responses?.TryGetValue("409", out var conflict) == true && conflict.Content?.Values.FirstOrDefault() is { } blocked)
            blocked.Example = JsonSerializer.SerializeToNode(new GateBlockedProblem(Problems.GateBlockedType, "Gate requirements unmet",
                409, "The gate out of non-weight-bearing has unmet requirements: no-pain-at-rest.", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "non-weight-bearing", "imaging-confirmation", [.. Requirements.Where(r => !r.Met).Select(UnmetRequirement.From)]), options);
        return Task.CompletedTask;
    }

    private static OpenApiMediaType? Media(IDictionary<string, OpenApiMediaType>? content) =>
        content?.TryGetValue("application/json", out var media) == true ? media : null;

    /// <summary>The built-in protocol as a clinic would post its own version of it: the server assigns the version,
    /// and the computed members (read-only) are left out.</summary>
    private static JsonNode? ProtocolBody(JsonSerializerOptions options)
    {
        var body = JsonSerializer.SerializeToNode(ProtocolCatalog.Default, options)!.AsObject();
        foreach (var computed in new[] { "version", "firstPhase", "terminalPhase", "restrictedClearanceType" }) body.Remove(computed);
        body["title"] = "Hip and pelvic bone stress injury (Riverside: six weeks off the leg everywhere)";
        body["nonWeightBearingWeeks"]!["defaultElsewhere"] = 6;
        return body;
    }
}
