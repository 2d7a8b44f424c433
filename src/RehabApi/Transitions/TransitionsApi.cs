using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Episodes;
using RehabApi.Episodes;
using RehabApi.Infrastructure;
using RehabApi.Observability;
using RehabApi.OpenApi;
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
                             "episode's ETag to refuse the change (412) if the episode moved since you read it. " +
                             "Protocol version 2 restarts clocks: a regression to non-weight-bearing (any reason) makes its date " +
                             "the new non-weight-bearing start, so earlier imaging no longer shows healing; reason re-injury also " +
                             "makes its date the injury date that min-time-before-impact and min-time-before-discharge count from. " +
                             "A physician lifting a surgical referral (version 2) may give nonWeightBearingSince (the day of " +
                             "fixation, say; default the resume's date): the episode returns to non-weight-bearing from that date, " +
                             "evidence before it is void and every clock restarts. surgical-referral, imaging-progression, " +
                             "displacement-risk and bone-health holds are lifted by a physician only. Version 1 episodes keep " +
                             "version 1's rules (a surgical resume keeps the phase; nonWeightBearingSince is a 400).")
            .AllowOnly(AccessPolicies.RecordsCare)
            .AnswersWithETag()
            .AcceptsIfMatch()
            .Produces<GateBlockedProblem>(StatusCodes.Status409Conflict, "application/problem+json")
            .ProducesProblems(400, 403, 404, 412);
        return api;
    }

    public static async Task<Results<Ok<EpisodeResponse>, ValidationProblem, ProblemHttpResult>> PostTransition(
        Guid id, TransitionRequest request, HttpContext http, EpisodeWrites writes, ILoggerFactory loggers, RehabMetrics metrics,
        CancellationToken ct)
    {
        (string From, string CallerRole)? applied = null;
        if (http.Request.Headers.IfMatch.Count > 0) writes.IfMatch = http.Request.Headers.IfMatch.ToString();
        var result = await writes.WriteAsync<Ok<EpisodeResponse>>(id, new EpisodeWriteRules($"'{request.Action}'", request.Note, request.OnBehalfOf)
        {
            EffectiveAt = request.EffectiveAt,
            Dating = Dating.Transition,
            // A clinic system may withdraw in its own name; every other act is a clinician's (the phase machine checks whose).
            SystemMayActAsItself = request.Action == TransitionActions.Withdraw,
            Validate = (errors, write) =>
            {
                errors.Required("action", request.Action);
                errors.OneOf("action", request.Action, TransitionActions.Requestable);
                errors.OneOf("toPhase", request.ToPhase, write.Protocol.Phases.Select(p => p.Code));
                if (request.NonWeightBearingSince is not null && request.Action is not null && request.Action != TransitionActions.Resume)
                    errors.Add("nonWeightBearingSince", "nonWeightBearingSince is given only when a physician lifts a surgical referral (action resume).");
                errors.MaxLength("reason", request.Reason, Transition.ReasonMaxLength);
            },
        }, async (write, ct) =>
        {
            var episode = write.Episode;
            // Only what the phase machine reads for this action, as of the transition's effective time.
            var facts = await write.Db.LoadTransitionFactsAsync(episode, write.Protocol, request.Action!, write.Calendar, write.EffectiveAt, ct);
            var command = new TransitionCommand(request.Action!, write.EffectiveAt, write.ActingRoles, request.ToPhase, request.Reason,
                request.NonWeightBearingSince);
            switch (PhaseMachine.Apply(write.Protocol, facts, command))
            {
                case TransitionRejected { Kind: RejectionKind.Invalid } rejected:
                    return Problems.Validation(new Dictionary<string, string[]> { [rejected.Field ?? "action"] = [rejected.Message] });
                case TransitionRejected { Kind: RejectionKind.Forbidden } rejected:
                    return Problems.Forbidden(rejected.Message);
                case TransitionRejected { Kind: RejectionKind.GateBlocked, Gate: { } gate } rejected:
                    metrics.AdvanceBlocked(gate.Phase, gate.Unmet.Select(r => r.Code));
                    return Problems.GateBlocked(rejected.Message, gate);
                case TransitionRejected rejected:
                    return Problems.Conflict(rejected.Message);
                case TransitionApplied change:
                    write.Db.Transitions.Add(episode.ApplyTransition(command.Action, change.To, change.Reason, request.Note,
                        write.Actor, write.EffectiveAt, write.Now));
                    episode.RestartClocks(change);
                    foreach (var reportId in change.ResolvedPainReports)
                    {
                        var resolution = write.Stamp(new PainReportResolution { PainReportId = reportId, Resolution = PainReportResolutions.Regressed });
                        resolution.Note = command.Action == TransitionActions.Resume
                            ? $"Resolved by lifting the {change.Reason} hold back to {episode.Phase}."
                            : $"Resolved by regressing to {episode.Phase}.";
                        write.Db.PainReportResolutions.Add(resolution);
                    }
                    applied = (facts.Phase, write.Actor.CallerRole);
                    http.Response.Headers.ETag = EpisodeETag.For(episode.Version);
                    return TypedResults.Ok(EpisodeResponse.From(episode));
                default:
                    throw new InvalidOperationException("The phase machine returned an unknown outcome.");
            }
        }, ct);
        // Logged once committed, not when decided. Ids and codes only: never a patient's reference or a request body.
        if (applied is { } done && result.Result is Ok<EpisodeResponse> { Value: { } after })
            TransitionLog.Applied(loggers.CreateLogger(typeof(TransitionsApi).FullName!), id, request.Action!, done.From, after.Phase, done.CallerRole);
        return result;
    }
}

internal static partial class TransitionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Episode {EpisodeId}: {Action} from {FromPhase} to {ToPhase} by a {CallerRole} key")]
    public static partial void Applied(ILogger logger, Guid episodeId, string action, string fromPhase, string toPhase, string callerRole);
}
