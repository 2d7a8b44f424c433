using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.BoneHealth;
using RehabApi.Domain.Episodes;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
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
                             "before impact. The latest assessment counts. Protocol version 2 asks every episode for one " +
                             "(bone-health-assessed, before impact) and makes bone-health-reviewed required when it scores 2 or more " +
                             "or any factor beyond the current fracture scores; version 1 asks for the review at a high-risk site or " +
                             "with any such factor.")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(400, 403, 404, 409);
        group.MapGet("/", GetLatest)
            .WithName("GetBoneHealthAssessment")
            .WithSummary("The latest bone-health assessment, factor by factor")
            .AllowOnly(AccessPolicies.ClinicStaff)
            .ProducesProblems(404);
        return group;
    }

    public static Task<Results<Created<BoneHealthResponse>, ValidationProblem, ProblemHttpResult>> RecordAssessment(
        Guid id, RecordBoneHealthRequest request, EpisodeWrites writes, CancellationToken ct) =>
        writes.WriteAsync<Created<BoneHealthResponse>>(id, new EpisodeWriteRules("Recording a bone-health assessment", request.Note, request.OnBehalfOf)
        {
            // Dated like any record (PROTOCOL.md: everything recorded accepts effectiveAt), so that a history can be imported.
            EffectiveAt = request.EffectiveAt,
            // The clinician's role alone decides: a clinic system's own role makes no one a physician.
            AllowedRoles = _ => [Roles.Physician],
        }, async (write, ct) =>
        {
            var episode = write.Episode;
            // Which factors an assessment needs depends on the patient's sex (PROTOCOL.md, "Bone health").
            var sex = await write.Db.Patients.Where(p => p.Id == episode.PatientId).Select(p => p.Sex).SingleAsync(ct);
            var factors = request.Factors;
            var errors = TriadRiskAssessment.Validate(factors, sex);
            if (errors.Count > 0)
                return Problems.Validation(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));

            var assessment = write.Stamp(BoneHealthAssessment.From(factors, TriadRiskAssessment.Score(factors, episode.Site, sex)));
            write.Db.BoneHealthAssessments.Add(assessment);
            // Restricted bone health stops impact at once, in the same transaction as the assessment itself.
            if (PhaseMachine.HoldForBoneHealth(assessment.ClearanceLevel, episode.State()) is { } holdReason)
                write.Hold(holdReason, $"Bone-health assessment: Triad risk score {assessment.Score}, {assessment.ClearanceLevel}.");
            return TypedResults.Created($"/api/v1/episodes/{id}/bone-health", BoneHealthResponse.From(assessment, episode.Site, write.Protocol));
        }, ct);

    public static async Task<Results<Ok<BoneHealthResponse>, ProblemHttpResult>> GetLatest(
        Guid id, RehabDbContext db, ProtocolStore protocols, CancellationToken ct)
    {
        var episode = await db.FindEpisodeAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        var latest = await db.BoneHealthAssessments.AsNoTracking().Where(b => b.EpisodeId == id)
            .OrderByDescending(b => b.EffectiveAt).ThenByDescending(b => b.RecordedAt)
            .FirstOrDefaultAsync(ct);
        return latest is null
            ? Problems.NotFound($"No bone-health assessment has been recorded for episode {id}.")
            : TypedResults.Ok(BoneHealthResponse.From(latest, episode.Site, await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct)));
    }
}
