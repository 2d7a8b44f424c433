using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Episodes;
using RehabApi.Episodes;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Evidence;

internal static class EvidenceApi
{
    public static RouteGroupBuilder MapEvidence(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/episodes/{id:guid}").WithTags("Evidence");
        // Every evidence write: bad input, a role that may not sign it, no such episode, a closed episode.
        int[] errors = [400, 403, 404, 409];

        group.MapPost("/clearances", RecordClearance)
            .WithName("RecordClearance")
            .WithSummary("Record a named clinician's sign-off")
            .WithDescription("Only the roles the protocol names may sign each clearance type (403 otherwise). From protocol " +
                             "version 2, discharge-approved at a high-risk site (femoral neck, femoral head, sacrum) is a physician's " +
                             "alone; elsewhere a physician or a therapist signs it.")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(errors);
        group.MapPost("/observations", RecordObservation)
            .WithName("RecordObservation")
            .WithSummary("Record a measurement (pain score, strength symmetry, walk minutes, outcome score)")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(errors);
        group.MapPost("/imaging", RecordImaging)
            .WithName("RecordImaging")
            .WithSummary("Record an imaging study")
            .WithDescription("Signed by a physician. In the same transaction a worsening finding puts the episode on hold: " +
                             "from protocol version 2, displacement → surgical-referral (the plan: all weight off the leg, no exercise, " +
                             "contact the clinic) and progression → imaging-progression (back on crutches, upper-body exercise only), " +
                             "both lifted by a physician only; on version 1, displacement → displacement-risk and progression → " +
                             "clinical-review. An MRI or CT showing healing, performed since strengthening began, is what " +
                             "healing-confirmed-before-impact asks for at a high-risk site (version 2).")
            .AllowOnly(AccessPolicies.RecordsImaging)
            .ProducesProblems(errors);
        return group;
    }

    public static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordClearance(
        Guid id, RecordClearanceRequest request, EpisodeWrites writes, CancellationToken ct) =>
        writes.WriteAsync(id, new EpisodeWriteRules($"Signing {request.Type}", request.Note, request.OnBehalfOf)
        {
            EffectiveAt = request.EffectiveAt,
            // Version 2: some types are signed by fewer roles at a high-risk site (discharge-approved by a physician only).
            AllowedRoles = write => write.Protocol.SignersOf(request.Type!, write.Episode.Site),
            Validate = (errors, write) =>
            {
                errors.Required("type", request.Type);
                errors.OneOf("type", request.Type, write.Protocol.ClearanceTypes.Select(c => c.Type));
            },
        }, (write, _) =>
        {
            var clearance = write.Stamp(new Clearance { Type = request.Type! });
            write.Db.Clearances.Add(clearance);
            return Created(EpisodeRecordResponse.From(clearance));
        }, ct);

    public static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordObservation(
        Guid id, RecordObservationRequest request, EpisodeWrites writes, CancellationToken ct) =>
        // Measurements open gates, so like a sign-off they are recorded in a named clinician's name.
        writes.WriteAsync(id, new EpisodeWriteRules("Recording an observation", request.Note, request.OnBehalfOf)
        {
            EffectiveAt = request.EffectiveAt,
            AllowedRoles = write => write.Protocol.ObservationRecorders,
            Validate = (errors, write) =>
            {
                errors.Required("code", request.Code);
                errors.OneOf("code", request.Code, write.Protocol.ObservationCodes.Select(o => o.Code));
                errors.Required("value", request.Value);
                if (request.Code is not null && write.Protocol.ObservationCode(request.Code) is { } definition)
                {
                    errors.InRange("value", request.Value,
                        Math.Max(definition.Min, -Observation.MaxValue), Math.Min(definition.Max, Observation.MaxValue));
                    if (request.Unit is not null && request.Unit != definition.Unit)
                        errors.Add("unit", $"{request.Code} is measured in {definition.Unit}, not {request.Unit}.");
                }
            },
        }, (write, _) =>
        {
            var observation = write.Stamp(new Observation
            {
                Code = request.Code!,
                Value = request.Value!.Value,
                Unit = write.Protocol.ObservationCode(request.Code!)!.Unit,
            });
            write.Db.Observations.Add(observation);
            return Created(EpisodeRecordResponse.From(observation));
        }, ct);

    public static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordImaging(
        Guid id, RecordImagingRequest request, EpisodeWrites writes, CancellationToken ct) =>
        writes.WriteAsync(id, new EpisodeWriteRules("Recording imaging", request.Note, request.OnBehalfOf)
        {
            EffectiveAt = request.EffectiveAt,
            AllowedRoles = write => write.Protocol.ImagingSigners,
            Validate = (errors, write) =>
            {
                errors.Required("modality", request.Modality);
                errors.OneOf("modality", request.Modality, ImagingModalities.All);
                errors.Required("performedOn", request.PerformedOn);
                errors.Required("finding", request.Finding);
                errors.OneOf("finding", request.Finding, ImagingFindings.All);
                errors.InRange("grade", request.Grade, 1, 4);
                if (request.PerformedOn > write.Calendar.DateOf(write.EffectiveAt))
                    errors.Add("performedOn", "performedOn may not be after the result was recorded (or in the future).");
                if (request.PerformedOn < EpisodeDates.EarliestImaging(write.Episode.DiagnosedOn))
                    errors.Add("performedOn", $"performedOn may not be more than {EpisodeDates.DaysBeforeDiagnosis} days before the diagnosis " +
                                              $"({write.Episode.DiagnosedOn:yyyy-MM-dd}).");
            },
        }, (write, _) =>
        {
            var study = write.Stamp(new ImagingStudy
            {
                Modality = request.Modality!,
                PerformedOn = request.PerformedOn!.Value,
                Finding = request.Finding!,
                Grade = request.Grade,
            });
            write.Db.ImagingStudies.Add(study);
            // A worsening finding stops progress in the same transaction as the study itself; the phase machine decides.
            if (PhaseMachine.HoldForImagingFinding(write.Protocol, study.Finding, write.Episode.State()) is { } holdReason)
                write.Hold(holdReason, $"Imaging ({study.Modality}, {study.PerformedOn:yyyy-MM-dd}) shows {study.Finding}.");
            return Created(EpisodeRecordResponse.From(study));
        }, ct);

    private static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> Created(EpisodeRecordResponse record) =>
        Task.FromResult<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>>(
            TypedResults.Created($"/api/v1/episodes/{record.EpisodeId}/history", record));
}
