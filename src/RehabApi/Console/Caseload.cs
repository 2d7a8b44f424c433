using Microsoft.EntityFrameworkCore;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Episodes;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.ClinicianConsole;

/// <summary>What the caseload shows of one open episode: where it is, and its state at a glance, from the same gate
/// evaluation GET /gate and an advance use.</summary>
internal sealed record CaseloadRow(
    Guid EpisodeId, string PatientRef, string Phase, string PhaseName, int DaysInPhase, string State,
    int UnmetCount, DateOnly? SoonestEarliestDate, string? HoldReason, int OpenPainReports);

internal sealed record CaseloadPage(IReadOnlyList<CaseloadRow> Rows, Guid? NextAfter, int Scanned);

/// <summary>Values of <see cref="CaseloadRow.State"/>, which are also the caseload's state filter.</summary>
internal static class CaseloadStates
{
    public const string Ready = "ready";
    public const string Blocked = "blocked";
    public const string OnHold = "on-hold";
    public const string Pain = "pain";
    public const string FinalPhase = "final-phase";

    public static readonly IReadOnlyList<string> Filters = [Ready, Blocked, OnHold, Pain];
}

/// <summary>The clinic's open episodes a page at a time: keyset paging on the (clinic_id, status, id) or
/// (clinic_id, phase, id) index, never the whole clinic, and each page's gates read in one round trip
/// (EpisodeLoading.LoadGateFactsAsync). Filtering by ready, blocked or pain needs the gate, which no index holds:
/// such a page scans on in chunks until it is full or <see cref="MaxScanned"/> episodes were looked at, and its
/// next link continues from there.</summary>
internal static class Caseload
{
    public const int PageSize = 25;
    public const int MaxScanned = 500;
    private const int Chunk = 100;

    public static async Task<CaseloadPage> ReadAsync(RehabDbContext db, ProtocolStore protocols, CurrentCaller caller, DateTimeOffset now,
        string? phase, string? state, Guid? after, CancellationToken ct)
    {
        var rows = new List<CaseloadRow>();
        var scanned = 0;
        // Without a gate-based filter, every episode read is shown: read one more than a page to know there is another.
        var needsGate = state is CaseloadStates.Ready or CaseloadStates.Blocked or CaseloadStates.Pain;
        while (true)
        {
            var take = needsGate ? Chunk : PageSize + 1;
            var chunk = await OpenEpisodes(db, phase, state == CaseloadStates.OnHold, after)
                .Join(db.Patients, e => e.PatientId, p => p.Id, (e, p) => new EpisodeWithRef { Episode = e, PatientRef = p.ExternalRef })
                .OrderBy(x => x.Episode.Id).Take(take)
                .ToListAsync(ct);
            var verdicts = await VerdictsAsync(db, protocols, caller, now, chunk.Select(c => c.Episode).ToList(), ct);
            for (var i = 0; i < chunk.Count; i++)
            {
                if (rows.Count == PageSize) return new CaseloadPage(rows, rows[^1].EpisodeId, scanned);
                scanned++;
                after = chunk[i].Episode.Id;
                var row = RowOf(chunk[i].Episode, chunk[i].PatientRef, verdicts[i], caller.Calendar, now);
                if (Shows(row, state)) rows.Add(row);
            }
            if (chunk.Count < take) return new CaseloadPage(rows, null, scanned);
            if (scanned >= MaxScanned) return new CaseloadPage(rows, after, scanned);
        }
    }

    /// <summary>How many open episodes each phase has (the phase filter's counts).</summary>
    public static async Task<Dictionary<string, int>> CountByPhaseAsync(RehabDbContext db, CancellationToken ct) =>
        await OpenEpisodes(db, null, false, null).GroupBy(e => e.Phase)
            .Select(g => new { Phase = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Phase, g => g.Count, ct);

    private static IQueryable<Episode> OpenEpisodes(RehabDbContext db, string? phase, bool onHoldOnly, Guid? after)
    {
        var episodes = db.Episodes.AsNoTracking();
        episodes = onHoldOnly
            ? episodes.Where(e => e.Status == EpisodeStatuses.OnHold)
            : episodes.Where(e => e.Status == EpisodeStatuses.Active || e.Status == EpisodeStatuses.OnHold);
        if (phase is not null) episodes = episodes.Where(e => e.Phase == phase);
        if (after is { } afterId) episodes = episodes.Where(e => e.Id.CompareTo(afterId) > 0);
        return episodes;
    }

    private sealed class EpisodeWithRef
    {
        public required Episode Episode { get; init; }
        public required string PatientRef { get; init; }
    }

    private static async Task<IReadOnlyList<(ProtocolDefinition Protocol, GateEvaluation Gate, EpisodeFacts Facts)>> VerdictsAsync(
        RehabDbContext db, ProtocolStore protocols, CurrentCaller caller, DateTimeOffset now, List<Episode> episodes, CancellationToken ct)
    {
        var withProtocols = new List<(Episode, ProtocolDefinition)>(episodes.Count);
        foreach (var episode in episodes)
            withProtocols.Add((episode, await protocols.GetAsync(episode.ProtocolKey, episode.ProtocolVersion, ct)));
        var facts = await db.LoadGateFactsAsync(withProtocols, caller.Calendar, now, ct);
        return facts.Select((f, i) => (withProtocols[i].Item2, GateEvaluator.Evaluate(withProtocols[i].Item2, f, now), f)).ToList();
    }

    private static CaseloadRow RowOf(Episode episode, string patientRef,
        (ProtocolDefinition Protocol, GateEvaluation Gate, EpisodeFacts Facts) verdict, ClinicCalendar calendar, DateTimeOffset now)
    {
        var (protocol, gate, facts) = verdict;
        var unmet = gate.Unmet;
        var state = episode.Status == EpisodeStatuses.OnHold ? CaseloadStates.OnHold
            : gate.NextPhase is null ? CaseloadStates.FinalPhase
            : gate.CanAdvance ? CaseloadStates.Ready
            : CaseloadStates.Blocked;
        return new CaseloadRow(episode.Id, patientRef, episode.Phase,
            protocol.Phases.FirstOrDefault(p => p.Code == episode.Phase)?.Name ?? episode.Phase,
            calendar.DateOf(now).DayNumber - calendar.DateOf(episode.PhaseEnteredAt).DayNumber,
            state, unmet.Count, unmet.Min(r => r.EarliestDate), episode.HoldReason, facts.OpenPainReports.Count);
    }

    private static bool Shows(CaseloadRow row, string? state) => state switch
    {
        CaseloadStates.Pain => row.OpenPainReports > 0,
        null => true,
        _ => row.State == state,
    };
}
