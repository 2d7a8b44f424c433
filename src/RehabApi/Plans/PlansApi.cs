using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Plans;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Episodes;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Plans;

internal static class PlansApi
{
    public static RouteGroupBuilder MapPlans(this RouteGroupBuilder api)
    {
        api.MapGet("/episodes/{id:guid}/plan", GetPlan)
            .WithTags("Patient app")
            .WithName("GetPlan")
            .WithSummary("Today's plan for the patient, in plain words")
            .WithDescription("The phase, weight-bearing and aids, allowed and avoided activities, the phase's exercises with " +
                             "dosage, the walk–run step in return-to-impact, and what is still needed to progress — the unmet " +
                             "requirements of the same gate evaluation an advance uses, worded for the patient. On a hold the " +
                             "hold's instructions replace the phase's (never both) and stillNeeded starts with what lifts it: a " +
                             "surgical referral or a displacement stops all exercise and keeps all weight off the leg, an imaging " +
                             "progression puts the patient back on crutches with upper-body exercise only, a bone-health hold stops " +
                             "running and impact, a review keeps the phase's plan. Worded by site and side: nothing about a leg or " +
                             "a side for side not-applicable (the sacrum), no pull buoy for a pubic ramus, a femoral neck's " +
                             "discharge advice (3 miles pain-free, then at most 10% more a week).")
            .ProducesProblems(404);
        return api;
    }

    public static async Task<Results<Ok<PatientPlan>, ProblemHttpResult>> GetPlan(
        Guid id, RehabDbContext db, CurrentCaller caller, ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        var episode = await db.FindEpisodeAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var now = time.GetUtcNow();
        var facts = await db.LoadFactsAsync(episode, protocol, caller.Calendar, now, ct);
        var gate = GateEvaluator.Evaluate(protocol, facts, now);
        var walkRun = facts.Phase == protocol.WalkRun.Phase ? WalkRunLadder.Progress(protocol.WalkRun, facts.WalkRunSessions) : null;
        return TypedResults.Ok(PatientPlanBuilder.Build(protocol, PlanContentCatalog.For(protocol.Key), facts, gate, walkRun));
    }
}
