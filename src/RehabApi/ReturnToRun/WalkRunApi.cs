using Microsoft.AspNetCore.Http.HttpResults;
using RehabApi.Data;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.ReturnToRun;

/// <param name="Pain">Pain at the fracture site during or after the session: stop, rest a day, repeat the previous step.</param>
public sealed record RecordWalkRunSessionRequest(DateOnly? Date, int? Step, bool? Completed, bool? Pain, string? Note);

internal static class WalkRunApi
{
    public static RouteGroupBuilder MapWalkRun(this RouteGroupBuilder api)
    {
        api.MapPost("/episodes/{id:guid}/walk-run-sessions", RecordSession)
            .WithTags("Return to run")
            .WithName("RecordWalkRunSession")
            .WithSummary("Record a walk–run session of the return-to-impact phase (from the patient's app or the clinic)")
            .WithDescription("Six pain-free sessions at a step move the patient up; a session with pain means rest a day and " +
                             "repeat the previous step. Completing the last step without pain meets continuous-run. " +
                             "The plan shows the current step.")
            .AllowOnly(AccessPolicies.ReportsForPatient)
            .ProducesProblems(400, 403, 404, 409);
        return api;
    }

    public static async Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordSession(
        Guid id, RecordWalkRunSessionRequest request, RehabDbContext db, CurrentCaller caller,
        ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        var episode = await db.LockAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);
        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var ladder = protocol.WalkRun;

        var errors = new ValidationErrors();
        errors.Required("date", request.Date);
        if (request.Date > time.Today()) errors.Add("date", "date may not be in the future.");
        if (request.Date < DateOnly.FromDateTime(episode.PhaseEnteredAt.UtcDateTime))
            errors.Add("date", "date may not be before the patient entered the current phase.");
        errors.Required("step", request.Step);
        if (request.Step is { } step && ladder.Steps.All(s => s.Step != step))
            errors.Add("step", $"step must be one of {string.Join(", ", ladder.Steps.Select(s => s.Step))}.");
        errors.Required("completed", request.Completed);
        errors.Required("pain", request.Pain);
        errors.MaxLength("note", request.Note, 2000);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());
        if (episode.IsClosed() || episode.Phase != ladder.Phase)
            return Problems.Conflict($"Walk–run sessions belong to the {ladder.Phase} phase; the episode is in {episode.Phase} ({episode.Status}).");

        // No skipping ahead on the ladder: a step above the current one is refused (earlier steps may be repeated).
        var now = time.UtcNow();
        var facts = await db.LoadFactsAsync(episode, protocol, caller.Calendar, now, ct);
        var progress = WalkRunLadder.Progress(ladder, facts.WalkRunSessions);
        if (request.Step > progress.CurrentStep.Step && !progress.LadderComplete)
            return Problems.Conflict($"The patient is on step {progress.CurrentStep.Step} of the walk–run ladder; step {request.Step} comes later.");

        var session = new WalkRunSession
        {
            Date = request.Date!.Value,
            Step = request.Step!.Value,
            Completed = request.Completed!.Value,
            Pain = request.Pain!.Value,
        }.Stamp(episode, caller.ActorFor(null), now, now, request.Note);
        db.WalkRunSessions.Add(session);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/episodes/{id}/plan", EpisodeRecordResponse.From(session));
    }
}
