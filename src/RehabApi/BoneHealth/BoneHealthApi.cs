using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain.BoneHealth;
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
            .WithDescription("Six factors scored 0–2 (De Souza 2014): 0–1 full clearance, 2–5 provisional, 6 or more " +
                             "restricted, which adds restricted-clearance (a physician's sign-off) to the gate before impact. " +
                             "Any factor beyond the current fracture makes bone-health-reviewed required. The latest assessment counts.")
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

        var factors = request.Factors;
        var errors = new ValidationErrors();
        foreach (var (field, message) in TriadRiskAssessment.Validate(factors)) errors.Add(field, message);
        errors.MaxLength("note", request.Note, 4000);
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        if (episode.IsClosed()) return Problems.Conflict("The episode is closed; nothing more can be recorded on it.");

        var now = time.UtcNow();
        var assessment = BoneHealthAssessment.From(factors, TriadRiskAssessment.Score(factors, episode.Site))
            .Stamp(episode, caller.ActorFor(request.OnBehalfOf), now, now, request.Note);
        db.BoneHealthAssessments.Add(assessment);
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
