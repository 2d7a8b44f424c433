using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Gates;
using RehabApi.Episodes;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Fhir;

/// <summary>Read-only HL7 FHIR R4 views of the service's data, for EHRs that speak FHIR.</summary>
internal static class FhirApi
{
    public const string FhirJson = "application/fhir+json";

    public static RouteGroupBuilder MapFhir(this RouteGroupBuilder api)
    {
        api.MapGet("/fhir/CarePlan/{id:guid}", GetCarePlan)
            .WithTags("FHIR")
            .WithName("GetFhirCarePlan")
            .WithSummary("An episode as an HL7 FHIR R4 CarePlan, one activity per protocol phase")
            .WithDescription("The subject is a logical reference to the patient by the clinic's own identifier " +
                             "(system urn:rehabapi:clinic:{clinic slug}:patient, value externalRef). Each activity's " +
                             "detail.code is the phase (system " + CarePlanMapping.PhaseSystem + "); the current phase's " +
                             "activity lists the unmet requirements of its gate as progress notes \"code: description\".")
            .AllowOnly(AccessPolicies.ClinicStaff)
            .Produces<CarePlanDocument>(StatusCodes.Status200OK, FhirJson)
            .ProducesProblems(404);
        return api;
    }

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetCarePlan(
        Guid id, RehabDbContext db, CurrentCaller caller, ProtocolStore protocols, TimeProvider time, GateEvidenceCache cache,
        CancellationToken ct)
    {
        // The query filters keep other clinics' episodes (and patients) out, so they answer 404 like unknown ids.
        var row = await (
                from e in db.Episodes.AsNoTracking()
                join p in db.Patients on e.PatientId equals p.Id
                join c in db.Clinics on e.ClinicId equals c.Id
                where e.Id == id
                select new { Episode = e, p.ExternalRef, ClinicSlug = c.Slug })
            .SingleOrDefaultAsync(ct);
        if (row is null) return Problems.NotFound("episode", id);

        var episode = row.Episode;
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var transitions = await db.Transitions.AsNoTracking().Where(t => t.EpisodeId == id)
            .OrderBy(t => t.EffectiveAt).ThenBy(t => t.RecordedAt).ThenBy(t => t.Id)
            .Select(t => new PhaseChange(t.Action, t.ToPhase, t.EffectiveAt))
            .ToListAsync(ct);

        // A closed episode has no gate left to pass, so there is nothing unmet to list.
        GateEvaluation? gate = null;
        if (episode.Status != EpisodeStatuses.Closed)
        {
            var now = time.GetUtcNow();
            gate = GateEvaluator.Evaluate(protocol, await db.LoadGateFactsAsync(episode, protocol, caller.Calendar, now, cache, ct), now);
        }

        var carePlan = CarePlanMapping.From(new CarePlanSource(episode, protocol, row.ExternalRef, row.ClinicSlug, transitions, gate));
        return TypedResults.Text(CarePlanMapping.ToJson(carePlan), FhirJson, System.Text.Encoding.UTF8);
    }
}
