using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Episodes;
using RehabApi.Episodes;
using RehabApi.Infrastructure;
using RehabApi.Observability;
using RehabApi.Protocols;
using RehabApi.Security;
using RehabApi.Symptoms;

namespace RehabApi.Transitions;

internal static class TransitionsApi
{
    public static RouteGroupBuilder MapTransitions(this RouteGroupBuilder api)
    {
        api.MapPost("/episodes/{id:guid}/transitions", PostTransition)
            .WithTags("Transitions")
            .WithName("PostTransition")
            .WithSummary("Advance, regress, hold, resume or withdraw an episode")
            .WithDescription("An advance is evaluated by the same gate as GET /gate, as of effectiveAt; when any requirement " +
                             "is unmet the answer is 409 with the unmet list and nothing changes. Send If-Match with the " +
                             "episode's ETag to refuse the change (412) if the episode moved since you read it.")
            .AllowOnly(AccessPolicies.RecordsCare)
            .Produces<GateBlockedProblem>(StatusCodes.Status409Conflict, "application/problem+json")
            .ProducesProblems(400, 403, 404, 412);
        return api;
    }

    public static async Task<Results<Ok<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> PostTransition(
        Guid id, TransitionRequest request, HttpContext http, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, ILoggerFactory loggers, RehabMetrics metrics, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != EpisodeETag.For(episode.Version))
            return Problems.PreconditionFailed($"The episode has changed since it was read; its ETag is now {EpisodeETag.For(episode.Version)}.");

        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var now = time.UtcNow();
        var errors = new ValidationErrors();
        errors.Required("action", request.Action);
        errors.OneOf("action", request.Action, TransitionActions.Requestable);
        errors.OneOf("toPhase", request.ToPhase, protocol.Phases.Select(p => p.Code));
        errors.MaxLength("note", request.Note, 4000);
        var effectiveAt = EffectiveTime.Resolve(errors, request.EffectiveAt, now, episode.LastTransitionAt);
        OnBehalfOfRules.Validate(errors, caller, request.OnBehalfOf);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        // Only the gate out of the current phase is evaluated (by an advance), as of the transition's effective time.
        var facts = await db.LoadGateFactsAsync(episode, protocol, caller.Calendar, effectiveAt, ct);
        var command = new TransitionCommand(request.Action!, effectiveAt, caller.RolesActingFor(request.OnBehalfOf), request.ToPhase, request.Reason);
        switch (PhaseMachine.Apply(protocol, facts, command))
        {
            case TransitionRejected { Kind: RejectionKind.Invalid } rejected:
                errors.Add(rejected.Field ?? "action", rejected.Message);
                return Problems.Validation(errors.ToDictionary());
            case TransitionRejected { Kind: RejectionKind.Forbidden } rejected:
                return Problems.Forbidden(rejected.Message);
            case TransitionRejected { Kind: RejectionKind.GateBlocked, Gate: { } gate } rejected:
                metrics.AdvanceBlocked(gate.Phase, gate.Unmet.Select(r => r.Code));
                return Problems.GateBlocked(rejected.Message, gate);
            case TransitionRejected rejected:
                return Problems.Conflict(rejected.Message);
            case TransitionApplied applied:
                db.Transitions.Add(episode.ApplyTransition(command.Action, applied.To, applied.Reason, request.Note,
                    caller.ActorFor(request.OnBehalfOf), effectiveAt, now));
                // Stepping back is the clinical answer to pain: it resolves every open pain report.
                if (command.Action == TransitionActions.Regress)
                    await PainReportsResolver.ResolveByRegressionAsync(db, episode, caller.ActorFor(request.OnBehalfOf), effectiveAt, now, ct);
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                // Ids and codes only: never a patient's reference or a request body.
                TransitionLog.Applied(loggers.CreateLogger(typeof(TransitionsApi).FullName!), id, command.Action, facts.Phase, applied.To.Phase, caller.Role);
                http.Response.Headers.ETag = EpisodeETag.For(episode.Version);
                return TypedResults.Ok(EpisodeResponse.From(episode));
            default:
                throw new InvalidOperationException("The phase machine returned an unknown outcome.");
        }
    }
}

internal static partial class TransitionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Episode {EpisodeId}: {Action} from {FromPhase} to {ToPhase} by a {CallerRole} key")]
    public static partial void Applied(ILogger logger, Guid episodeId, string action, string fromPhase, string toPhase, string callerRole);
}
