using System.ComponentModel.DataAnnotations;
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

/// <param name="Pain">Pain at the fracture site during or after the session: stop, rest, repeat the previous step.</param>
public sealed record RecordWalkRunSessionRequest([Required] DateOnly? Date, [Required] int? Step, [Required] bool? Completed, [Required] bool? Pain, string? Note);

internal static class WalkRunApi
{
    public static RouteGroupBuilder MapWalkRun(this RouteGroupBuilder api)
    {
        api.MapPost("/episodes/{id:guid}/walk-run-sessions", RecordSession)
            .WithTags("Return to run")
            .WithName("RecordWalkRunSession")
            .WithSummary("Record a walk–run session of the return-to-impact phase (from the patient's app or the clinic)")
            .WithDescription("Sessions count on alternate days (at least 2 days after the previous counted one, one a day, not " +
                             "during the rest after pain); others are recorded with the reason they did not count (counted, " +
                             "notCountedReason). Six counted pain-free sessions at a step move the patient up; a session with pain " +
                             "always moves one step down. Completing the last step in a counted session meets continuous-run. " +
                             "The plan shows the current step and the recent sessions.")
            .AllowOnly(AccessPolicies.ReportsForPatient)
            .ProducesProblems(400, 403, 404, 409);
        return api;
    }

    public static Task<Results<Created<EpisodeRecordResponse>, ValidationProblem, ProblemHttpResult>> RecordSession(
        Guid id, RecordWalkRunSessionRequest request, EpisodeWrites writes, CancellationToken ct) =>
        writes.WriteAsync<Created<EpisodeRecordResponse>>(id, new EpisodeWriteRules("Recording a walk–run session", request.Note, null)
        {
            ForPatient = true,
            Dating = Dating.Now,
            NoteMaxLength = 2000,
            Validate = (errors, write) =>
            {
                var ladder = write.Protocol.WalkRun;
                errors.Required("date", request.Date);
                if (request.Date > write.Today) errors.Add("date", "date may not be in the future.");
                if (request.Date < write.Calendar.DateOf(write.Episode.PhaseEnteredAt))
                    errors.Add("date", "date may not be before the patient entered the current phase.");
                errors.Required("step", request.Step);
                if (request.Step is { } step && ladder.Steps.All(s => s.Step != step))
                    errors.Add("step", $"step must be one of {string.Join(", ", ladder.Steps.Select(s => s.Step))}.");
                errors.Required("completed", request.Completed);
                errors.Required("pain", request.Pain);
            },
        }, async (write, ct) =>
        {
            var (episode, ladder) = (write.Episode, write.Protocol.WalkRun);
            if (episode.Phase != ladder.Phase)
                return Problems.Conflict($"Walk–run sessions belong to the {ladder.Phase} phase; the episode is in {episode.Phase}.");

            // No skipping ahead on the ladder: a step above the current one is refused (earlier steps may be repeated).
            var facts = await write.Db.LoadFactsAsync(episode, write.Protocol, write.Calendar, write.Now, ct);
            var progress = WalkRunLadder.Progress(ladder, facts.WalkRunSessions);
            if (request.Step > progress.CurrentStep.Step && !progress.LadderComplete)
                return Problems.Conflict($"The patient is on step {progress.CurrentStep.Step} of the walk–run ladder; step {request.Step} comes later.");

            // A session takes effect on its own date (the end of it, or now for today's), like a symptom report.
            var session = write.Stamp(new WalkRunSession
            {
                Date = request.Date!.Value,
                Step = request.Step!.Value,
                Completed = request.Completed!.Value,
                Pain = request.Pain!.Value,
            }, EffectiveTime.OfDate(request.Date!.Value, write.Calendar, write.Now));
            write.Db.WalkRunSessions.Add(session);
            var outcome = WalkRunLadder.Progress(ladder, [.. facts.WalkRunSessions, session.ToFact()]).Sessions.Single(o => o.Session.Id == session.Id);
            return TypedResults.Created($"/api/v1/episodes/{id}/plan", EpisodeRecordResponse.From(session, outcome));
        }, ct);
}
