using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain.Timeline;
using RehabApi.Episodes;
using RehabApi.Infrastructure;
using RehabApi.Protocols;
using RehabApi.Security;
using RehabApi.Transitions;

namespace RehabApi.Plans;

internal static class TimelineApi
{
    public static RouteGroupBuilder MapTimeline(this RouteGroupBuilder api)
    {
        api.MapGet("/episodes/{id:guid}/timeline", GetTimeline)
            .WithTags("Patient app")
            .WithName("GetTimeline")
            .WithSummary("Where the episode has been and where it is heading, phase by phase")
            .WithDescription("Completed phases with the dates entered and left; the current phase with its entry and its earliest " +
                             "and expected exit; phases ahead with earliest and expected dates, from the protocol's time rules " +
                             "and typical durations: non-weight-bearing lasts the planned weeks, return to impact at least the " +
                             "walk–run ladder's 48 days, and the minimum times before impact and discharge count from the injury " +
                             "date (version 2: 14 and 20 weeks at MRI grade 4). Recomputed from the actual dates as the episode " +
                             "moves: a regression or a re-injury pushes them out.")
            .ProducesProblems(404);
        return api;
    }

    public static async Task<Results<Ok<EpisodeTimeline>, ProblemHttpResult>> GetTimeline(
        Guid id, RehabDbContext db, CurrentCaller caller, ProtocolStore protocols, TimeProvider time, CancellationToken ct)
    {
        var episode = await db.FindEpisodeAsync(id, ct);
        if (episode is null) return Problems.NotFound("episode", id);

        var protocol = await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct);
        var now = time.GetUtcNow();
        var facts = await db.LoadFactsAsync(episode, protocol, caller.Calendar, now, ct);
        var transitions = await db.Transitions.AsNoTracking().Where(t => t.EpisodeId == id)
            .OrderBy(t => t.EffectiveAt).ThenBy(t => t.RecordedAt).ThenBy(t => t.Id)
            .Select(t => new { t.ToPhase, t.EffectiveAt })
            .ToListAsync(ct);
        return TypedResults.Ok(TimelineProjector.Project(protocol, facts, Stays(transitions.Select(t => (t.ToPhase, t.EffectiveAt))),
            caller.Calendar.DateOf(now)));
    }

    /// <summary>The stays in each phase, from the transitions that change phase (holds and resumes do not).</summary>
    private static List<PhaseStay> Stays(IEnumerable<(string Phase, DateTimeOffset At)> transitions)
    {
        var stays = new List<PhaseStay>();
        foreach (var (phase, at) in transitions)
        {
            if (stays.Count > 0 && stays[^1].Phase == phase) continue;
            if (stays.Count > 0) stays[^1] = stays[^1] with { LeftAt = at };
            stays.Add(new PhaseStay(phase, at, null));
        }
        return stays;
    }
}
