using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.BoneHealth;
using RehabApi.Domain.Episodes;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.BoneHealth;

internal static class BoneHealthApi
{
    public static RouteGroupBuilder MapBoneHealth(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/episodes/{id:guid}/bone-health").WithTags("Bone health");
        group.MapPost("/", RecordAssessment)
            .WithName("RecordBoneHealthAssessment")
            .WithSummary("Record the Female Athlete Triad risk factors and get the cumulative risk score")
            .WithDescription("Recorded by a physician (own key, or a clinic system for one). A female patient's assessment " +
                             "needs all six factors, scored 0–2 (De Souza 2014): 0–1 full clearance, 2–5 provisional, 6 or more " +
                             "restricted. Anyone else's needs the four that apply to everyone (no menarche or menses); its level " +
                             "is physician-judgement. An eating disorder with a BMI under 16 is restricted for anyone. A restricted " +
                             "assessment puts the episode on hold (bone-health) at once and adds restricted-clearance to the gate " +
                             "before impact. Any factor beyond the current fracture makes bone-health-reviewed required. The latest " +
                             "assessment counts.")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(400, 403, 404, 409);
        group.MapGet("/", GetLatest)
            .WithName("GetBoneHealthAssessment")
            .WithSummary("The latest bone-health assessment, factor by factor")
            .AllowOnly(AccessPolicies.ClinicStaff)
            .ProducesProblems(404);
        return group;
    }

    public static async Task<Results<Created<BoneHealthResponse>, ValidationProblem, ProblemHttpResult>> RecordAssessment(
        Guid id, RecordBoneHealthRequest request, RehabDbContext db, CurrentCaller caller, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        // Which factors an assessment needs depends on the patient's sex (PROTOCOL.md, "Bone health").
        var sex = await db.Patients.Where(p => p.Id == episode.PatientId).Select(p => p.Sex).SingleAsync(ct);
        var factors = request.Factors;
        var errors = new ValidationErrors();
        foreach (var (field, message) in TriadRiskAssessment.Validate(factors, sex)) errors.Add(field, message);
        errors.MaxLength("note", request.Note, 4000);
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // The clinician's role alone decides: a clinic system's own role makes no one a physician.
        var actor = caller.ActorFor(request.OnBehalfOf);
        if (OnBehalfOfRules.Deny([actor.ClinicianRole ?? caller.Role], [Roles.Physician], "Recording a bone-health assessment") is { } denied)
            return Problems.Forbidden(denied);
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");

        var now = time.UtcNow();
        var assessment = BoneHealthAssessment.From(factors, TriadRiskAssessment.Score(factors, episode.Site, sex))
            .Stamp(episode, actor, now, now, request.Note);
        db.BoneHealthAssessments.Add(assessment);
        // Restricted bone health stops impact at once, in the same transaction as the assessment itself.
        if (PhaseMachine.HoldForBoneHealth(assessment.ClearanceLevel, episode.State()) is { } holdReason)
        {
            var onHold = episode.State() with { Status = EpisodeStatuses.OnHold, HoldReason = holdReason };
            db.Transitions.Add(episode.ApplyTransition(TransitionActions.Hold, onHold, holdReason,
                $"Bone-health assessment: Triad risk score {assessment.Score}, {assessment.ClearanceLevel}.", actor, now, now));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/bone-health", BoneHealthResponse.From(assessment, episode.Site));
    }

    public static async Task<Results<Ok<BoneHealthResponse>, ProblemHttpResult>> GetLatest(Guid id, RehabDbContext db, CancellationToken ct)
    {
        var episode = await db.FindEpisodeAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        var latest = await db.BoneHealthAssessments.AsNoTracking().Where(b => b.EpisodeId == id)
            .OrderByDescending(b => b.EffectiveAt).ThenByDescending(b => b.RecordedAt)
            .FirstOrDefaultAsync(ct);
        return latest is null
            ? TypedResults.Problem(statusCode: 404, title: "Not found", detail: $"No bone-health assessment has been recorded for episode {id}.")
            : TypedResults.Ok(BoneHealthResponse.From(latest, episode.Site));
    }
}
