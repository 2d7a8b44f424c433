using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Timeline;

/// <summary>Projects an episode's timeline: when each phase was, or at the earliest and most likely will
/// be, entered and left. Pure, like <see cref="GateEvaluator"/>: no clock, no storage.</summary>
/// <remarks>
/// <para>Earliest exit of a phase: the latest of its entry, today (for the current phase: it cannot be
/// left in the past), and the earliest date of every time requirement of its gate, computed by
/// <see cref="GateEvaluator"/> itself so the timeline and the gate cannot disagree. Requirements without
/// a date (clearances, observations, pain reports) are assumed met as early as possible. The walk–run ladder has a
/// date, like a time rule: its counted sessions still needed, MinDaysBetweenSessions apart, so return-to-impact lasts
/// at least (25 − 1) × 2 = 48 days in the default, from the sessions' own data. The imaging
/// requirement is dated by the protocol's imaging rule (a study counts from non-weight-bearing start +
/// <see cref="ImagingRule.MinDaysAfterNonWeightBearingStart"/> days), even after a worsening study, because
/// the projection assumes the next study shows healing.</para>
/// <para>Expected exit: the latest of the earliest exit, entry + the phase's typical days, and today for
/// the current phase; an upcoming phase's time requirements are then also measured from its expected
/// entry. Each phase is entered when the previous one is left, at the earliest and as expected.</para>
/// <para>On hold: projected as if the episode resumed today (it still shows as current). How long a hold
/// lasts is not knowable, so the projection only keeps the dates out of the past, and they move out day
/// by day while the hold lasts. Closed: nothing is projected, only actual dates are shown.</para>
/// </remarks>
public static class TimelineProjector
{
    /// <summary>Projects the timeline of an episode as of <paramref name="today"/>.</summary>
    /// <param name="protocol">The protocol version the episode is pinned to.</param>
    /// <param name="facts">The episode's facts; <see cref="EpisodeFacts.Phase"/> and
    /// <see cref="EpisodeFacts.PhaseEnteredAt"/> date the current phase, exactly as for the gate.</param>
    /// <param name="stays">The actual stays, oldest first; the latest stay of each completed phase is shown.</param>
    /// <param name="today">The date of the projection, in the clinic's calendar (<see cref="EpisodeFacts.Calendar"/>),
    /// which dates every actual stay too.</param>
    public static EpisodeTimeline Project(
        ProtocolDefinition protocol, EpisodeFacts facts, IReadOnlyList<PhaseStay> stays, DateOnly today)
    {
        var currentIndex = protocol.PhaseIndex(facts.Phase);
        if (currentIndex < 0)
            throw new ArgumentException($"Phase '{facts.Phase}' is not in protocol {protocol.Key} v{protocol.Version}.", nameof(facts));

        var calendar = facts.Calendar;
        var closed = facts.Status == EpisodeStatuses.Closed;
        var phases = new List<TimelinePhase>(protocol.Phases.Count);

        // Carried from one phase to the next: the phase before is left at the earliest on `earliest`
        // and as expected on `expected`, and the next one is entered on those dates.
        DateOnly earliest = default, expected = default;
        DateOnly? dischargeEarliest = null, dischargeExpected = null;

        for (var index = 0; index < protocol.Phases.Count; index++)
        {
            var phase = protocol.Phases[index];
            var terminal = index == protocol.Phases.Count - 1;

            if (index < currentIndex)
            {
                // Only the latest stay counts: a regression undid the earlier ones.
                var stay = stays.LastOrDefault(s => s.Phase == phase.Code);
                phases.Add(Actual(phase, TimelinePhaseStates.Completed, DateOf(calendar, stay?.EnteredAt), DateOf(calendar, stay?.LeftAt)));
            }
            else if (index == currentIndex)
            {
                // The gate measures the phase from PhaseEnteredAt, so the timeline does too.
                var entered = calendar.DateOf(facts.PhaseEnteredAt);
                if (closed || terminal)
                {
                    phases.Add(Actual(phase, TimelinePhaseStates.Current, entered, null));
                    continue;
                }

                earliest = Latest(Later(entered, today), GateTimes(protocol, facts, phase.Code, entered, today));
                expected = Later(Later(earliest, Durations.After(entered, TypicalDays(protocol, facts, phase))), today);
                phases.Add(new TimelinePhase(phase.Code, phase.Name, TimelinePhaseStates.Current,
                    entered, null, null, null, earliest, expected));
            }
            else if (closed)
            {
                // Phases after the current one are ahead again even if a regression stepped back over them.
                phases.Add(Actual(phase, TimelinePhaseStates.Upcoming, null, null));
            }
            else if (terminal)
            {
                (dischargeEarliest, dischargeExpected) = (earliest, expected);
                phases.Add(new TimelinePhase(phase.Code, phase.Name, TimelinePhaseStates.Upcoming,
                    null, null, earliest, expected, null, null));
            }
            else
            {
                var (earliestEntry, expectedEntry) = (earliest, expected);
                earliest = Latest(earliestEntry, GateTimes(protocol, facts, phase.Code, earliestEntry, today));
                // A later entry moves the clocks that run from the entry (days in phase): count them again.
                expected = Later(
                    Later(earliest, Durations.After(expectedEntry, TypicalDays(protocol, facts, phase))),
                    Latest(expectedEntry, GateTimes(protocol, facts, phase.Code, expectedEntry, today)));
                phases.Add(new TimelinePhase(phase.Code, phase.Name, TimelinePhaseStates.Upcoming,
                    null, null, earliestEntry, expectedEntry, earliest, expected));
            }
        }

        return new EpisodeTimeline(facts.Phase, facts.Status, dischargeEarliest, dischargeExpected, phases);
    }

    /// <summary>The dates of the time requirements of the gate out of <paramref name="phase"/>, were the
    /// episode to enter it on <paramref name="enteredOn"/>.</summary>
    private static IEnumerable<DateOnly> GateTimes(
        ProtocolDefinition protocol, EpisodeFacts facts, string phase, DateOnly enteredOn, DateOnly today)
    {
        var gate = protocol.GateFrom(phase);
        if (gate is null) yield break;

        // Active, so that a hold does not hide the gate; entered at the start of the clinic's day, which is all
        // the time rules look at. Evaluated at the last moment of today, still today for the time rules, so that
        // the walk–run sessions recorded today count toward the ladder's date.
        var supposed = facts with
        {
            Phase = phase,
            Status = EpisodeStatuses.Active,
            HoldReason = null,
            PhaseEnteredAt = facts.Calendar.StartOf(enteredOn),
        };
        foreach (var result in GateEvaluator.Evaluate(protocol, supposed, facts.Calendar.StartOf(today.AddDays(1)).AddTicks(-1)).Requirements)
        {
            if (result.EarliestDate is { } date) yield return date;
        }

        // The evaluator dates the imaging requirement only while no study counts as healing; the projection
        // assumes the next study heals, so the rule's own date is what bounds the phase.
        if (gate.Requirements.Any(r => r.Rule == RequirementRules.ImagingShowsHealing))
            yield return Durations.After(facts.NonWeightBearingSince, protocol.Imaging.MinDaysAfterNonWeightBearingStart);
    }

    /// <summary>How long a phase usually lasts: the planned weeks for the phase whose gate counts them (non-weight-bearing
    /// lasts as planned, 4 to 8 weeks, not a fixed six), else the phase's typical days.</summary>
    private static int TypicalDays(ProtocolDefinition protocol, EpisodeFacts facts, PhaseDefinition phase) =>
        protocol.GateFrom(phase.Code)?.Requirements.Any(r => r.Rule == RequirementRules.PlannedNonWeightBearingTime) == true
            ? 7 * facts.PlannedNonWeightBearingWeeks
            : phase.TypicalDays;

    private static TimelinePhase Actual(PhaseDefinition phase, string state, DateOnly? enteredOn, DateOnly? leftOn) =>
        new(phase.Code, phase.Name, state, enteredOn, leftOn, null, null, null, null);

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Latest(DateOnly first, IEnumerable<DateOnly> others) => others.Aggregate(first, Later);

    private static DateOnly? DateOf(ClinicCalendar calendar, DateTimeOffset? moment) => moment is { } m ? calendar.DateOf(m) : null;
}
