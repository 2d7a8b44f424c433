using Microsoft.AspNetCore.Mvc.RazorPages;
using RehabApi.Data;
using RehabApi.Domain.Protocols;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.ClinicianConsole.Pages;

/// <summary>The clinic's open episodes grouped by phase, with their state at a glance, filtered and paged.</summary>
public sealed class CaseloadModel(RehabDbContext db, ProtocolStore protocols, CurrentCaller caller, TimeProvider time) : PageModel
{
    internal CaseloadPage Listing { get; private set; } = new([], null, 0);
    internal Dictionary<string, int> Counts { get; private set; } = [];
    internal IReadOnlyList<PhaseDefinition> Phases { get; private set; } = [];
    public string? Phase { get; private set; }
    public string? State { get; private set; }
    public Guid? After { get; private set; }

    public async Task OnGetAsync(string? phase, string? state, string? after, CancellationToken ct)
    {
        // Phases as new episodes go through them (clinics' versions keep the built-in phases: ProtocolSafety).
        Phases = (await protocols.ForNewEpisodeAsync(ct)).Phases;
        // An unknown filter value shows everything rather than an error: links are the only way to set them.
        Phase = Phases.Any(p => p.Code == phase) ? phase : null;
        State = CaseloadStates.Filters.Contains(state) ? state : null;
        After = Guid.TryParse(after, out var id) ? id : null;
        Counts = await Caseload.CountByPhaseAsync(db, ct);
        Listing = await Caseload.ReadAsync(db, protocols, caller, time.GetUtcNow(), Phase, State, After, ct);
    }

    public int PhaseOrder(string phase) => Phases.ToList().FindIndex(p => p.Code == phase) is var i and >= 0 ? i : int.MaxValue;

    public string Link(string? phase, string? state, Guid? after = null)
    {
        var query = new List<string>();
        if (phase is not null) query.Add($"phase={Uri.EscapeDataString(phase)}");
        if (state is not null) query.Add($"state={Uri.EscapeDataString(state)}");
        if (after is not null) query.Add($"after={after}");
        return query.Count == 0 ? ConsoleSetup.PathBase : $"{ConsoleSetup.PathBase}?{string.Join("&", query)}";
    }

    public static string StateLabel(string state) => state switch
    {
        CaseloadStates.Ready => "Ready to advance",
        CaseloadStates.Blocked => "Blocked",
        CaseloadStates.OnHold => "On hold",
        CaseloadStates.Pain => "Open pain report",
        _ => state,
    };

    internal static string Describe(CaseloadRow row) => row.State switch
    {
        CaseloadStates.Ready => "Ready to advance",
        CaseloadStates.OnHold => $"On hold: {row.HoldReason}",
        CaseloadStates.FinalPhase => "Final phase",
        _ => $"Blocked by {row.UnmetCount} requirement{(row.UnmetCount == 1 ? "" : "s")}"
             + (row.SoonestEarliestDate is { } soonest ? $" (soonest {soonest:yyyy-MM-dd})" : ""),
    };
}
