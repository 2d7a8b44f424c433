using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace RehabApi.Episodes;

/// <summary>The evidence each episode's gate read last, so that asking again for a gate whose evidence has not changed
/// (an app polling it, a clinician reloading a page) costs the episode's row and not the gate's evidence statements,
/// which are most of a gate's database work (bench/NOTES.md). Only views of the gate read from here (GET /gate, FHIR's
/// CarePlan); an advance always reads the database, under the episode's lock.
/// An entry is used only when the episode's row, read from the database by the same request, shows that the evidence
/// read then is the evidence there is now:
/// - the same evidence_version: PostgreSQL counts every piece of evidence recorded, whoever records it (triggers,
///   migration EvidenceVersion), and evidence is append-only, so an unchanged count is unchanged evidence;
/// - the same statements (EvidenceQuery: one per protocol version and phase), from the same phase entry, for the same clinic;
/// - read no earlier than evidence_effective_by, and no later than now: the statements leave out evidence dated after
///   the moment they read at (it may be dated up to EffectiveTime.ClockSkew ahead), and that evidence would come into
///   effect later without any write.
/// Each instance keeps its own. Because every entry is held to the row the database returns, no instance needs to hear
/// of another's writes.</summary>
public sealed class GateEvidenceCache
{
    /// <summary>The gates of a large clinic's whole caseload fit; past this many, start again rather than grow.</summary>
    internal const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<Guid, Entry> entries = new();

    internal bool TryGet(Episode episode, EvidenceQuery query, DateTimeOffset asOf, [MaybeNullWhen(false)] out EpisodeEvidence evidence)
    {
        evidence = null;
        if (!entries.TryGetValue(episode.Id, out var entry) || entry.Stamp != Stamp.Of(episode, query) || asOf < entry.ReadAt) return false;
        evidence = entry.Evidence;
        return true;
    }

    /// <summary>Keeps the evidence <paramref name="query"/> read for <paramref name="episode"/> as of <paramref name="readAt"/>,
    /// outside any transaction (so all of it committed), unless evidence dated after that moment may exist: the read
    /// left it out.</summary>
    internal void Add(Episode episode, EvidenceQuery query, DateTimeOffset readAt, EpisodeEvidence evidence)
    {
        if (episode.EvidenceEffectiveBy > readAt) return;
        if (entries.Count >= MaxEntries) entries.Clear();
        entries[episode.Id] = new Entry(Stamp.Of(episode, query), readAt, evidence);
    }

    private sealed record Entry(Stamp Stamp, DateTimeOffset ReadAt, EpisodeEvidence Evidence);

    /// <summary>What the gate's evidence depends on: the statements (compared as the same instance), and of the episode's
    /// row the parameters they run with and the count of its evidence.</summary>
    private readonly record struct Stamp(EvidenceQuery Query, Guid ClinicId, DateTimeOffset PhaseEnteredAt, long EvidenceVersion)
    {
        public static Stamp Of(Episode episode, EvidenceQuery query) => new(query, episode.ClinicId, episode.PhaseEnteredAt, episode.EvidenceVersion);
    }
}
