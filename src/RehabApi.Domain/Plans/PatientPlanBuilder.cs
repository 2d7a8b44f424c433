using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;

namespace RehabApi.Domain.Plans;

/// <summary>Assembles a patient's plan for today from the protocol, its wording, the episode's facts and the
/// gate evaluation. Pure: no clock, no storage; what is still needed is read from the same evaluation that
/// decides an advance, so the plan and the advance cannot disagree.</summary>
public static class PatientPlanBuilder
{
    /// <summary>The plan of the episode described by <paramref name="facts"/>.</summary>
    /// <param name="gate">The evaluation of the gate out of the episode's phase, as of today.</param>
    /// <param name="walkRun">The patient's place on the walk–run ladder, if the caller has one; shown only
    /// in the ladder's phase (<see cref="WalkRunLadderDefinition.Phase"/>).</param>
    public static PatientPlan Build(
        ProtocolDefinition protocol, PlanContent content, EpisodeFacts facts, GateEvaluation gate, WalkRunProgress? walkRun)
    {
        if (gate.Phase != facts.Phase)
            throw new ArgumentException($"The gate was evaluated for phase {gate.Phase}, but the episode is in {facts.Phase}.", nameof(gate));

        var variants = content.Variants.Where(v => v.AppliesTo(facts.Site, facts.Side, facts.Phase)).ToList();
        var phase = PhaseContentOf(protocol, content, facts.Phase);
        var (notice, overrides) = NoticeOf(protocol, content, facts);
        if (notice is null && facts.OpenPainReports.Count > 0)
            (notice, overrides, phase) = PainReportNotice(protocol, content, facts, phase);
        phase = variants.Aggregate(phase, Adapt);
        // The notice's instructions replace the phase's where it gives them (PROTOCOL.md: never both).
        var ownExercises = overrides?.Exercises is not null;
        var impactStopped = overrides?.StopsImpact == true;

        var plan = new PatientPlan
        {
            Phase = facts.Phase,
            Title = phase.Title,
            Summary = overrides?.Summary ?? phase.Summary,
            Status = facts.Status,
            Notice = notice,
            WeightBearing = overrides?.WeightBearing ?? phase.WeightBearing,
            Aids = overrides?.Aids ?? phase.Aids,
            Allowed = overrides?.Allowed ?? phase.Allowed,
            Avoid = overrides?.Avoid ?? phase.Avoid,
            Exercises = overrides?.Exercises ?? (impactStopped ? phase.Exercises.Where(e => !e.Impact).ToList() : phase.Exercises),
            StillNeeded = gate.Unmet.Select(result => StillNeeded(protocol, content, overrides, result)).ToList(),
            NextPhase = gate.NextPhase is { } next ? new PlanNextPhase(next, PhaseContentOf(protocol, content, next).Title) : null,
            WalkRun = walkRun is not null && !ownExercises && !impactStopped && facts.Status != EpisodeStatuses.Closed && facts.Phase == protocol.WalkRun.Phase
                ? WalkRunPlanBuilder.Build(protocol, content, walkRun)
                : null,
            Disclaimer = content.Disclaimer,
        };
        return variants.Aggregate(plan, Reword);
    }

    /// <summary>A variant's changes to the phase's own lists (a notice's lists, which replace them, are its own):
    /// lines and exercises left out, lines added. Unchanged content is returned as it was.</summary>
    private static PhaseContent Adapt(PhaseContent phase, PlanVariant variant)
    {
        IReadOnlyList<string> Lines(IReadOnlyList<string> lines, IReadOnlyList<string> added) =>
            lines.Any(variant.LeaveOut.Contains) || added.Except(lines).Any()
                ? [.. lines.Where(l => !variant.LeaveOut.Contains(l)), .. added.Except(lines)]
                : lines;
        return phase with
        {
            Allowed = Lines(phase.Allowed, variant.Allowed),
            Avoid = Lines(phase.Avoid, variant.Avoid),
            Exercises = phase.Exercises.Any(e => variant.LeaveOut.Contains(e.Name))
                ? phase.Exercises.Where(e => !variant.LeaveOut.Contains(e.Name)).ToList()
                : phase.Exercises,
        };
    }

    /// <summary>A variant's rewording of every text of the built plan, the notice's included.</summary>
    private static PatientPlan Reword(PatientPlan plan, PlanVariant variant) =>
        variant.Replace.Count == 0 ? plan : PlanTextRewriter.Rewrite(plan, text =>
            variant.Replace.Aggregate(text, (t, r) => t.Replace(r.From, r.To, StringComparison.Ordinal)));

    /// <summary>The hold or closure notice of the episode and the content behind it, or nulls while active.</summary>
    private static (PlanNotice? Notice, NoticeContent? Content) NoticeOf(ProtocolDefinition protocol, PlanContent content, EpisodeFacts facts)
    {
        if (facts.Status == EpisodeStatuses.Closed)
        {
            // Only reaching the terminal phase closes by discharge; any other closed episode was withdrawn.
            var kind = facts.Phase == protocol.TerminalPhase ? ClosureKinds.Discharged : ClosureKinds.Withdrawn;
            return Notice(PlanNoticeKinds.Closed, kind, content.Closure(kind));
        }
        if (facts.Status == EpisodeStatuses.OnHold)
        {
            var reason = facts.HoldReason ?? HoldReasons.Other;
            return Notice(PlanNoticeKinds.Hold, reason, content.Hold(reason) ?? content.Hold(HoldReasons.Other));
        }
        return (null, null);
    }

    /// <summary>While a pain report is open the patient goes back to the previous phase's load: its weight-bearing, aids,
    /// activities and exercises (in the first two phases, already off the leg, the phase's own). The title stays the phase's.</summary>
    private static (PlanNotice, NoticeContent, PhaseContent) PainReportNotice(
        ProtocolDefinition protocol, PlanContent content, EpisodeFacts facts, PhaseContent phase)
    {
        var index = protocol.PhaseIndex(facts.Phase);
        var load = protocol.PainOpensReportIn(facts.Phase) && index > 0 ? PhaseContentOf(protocol, content, protocol.Phases[index - 1].Code) : phase;
        var (notice, text) = Notice(PlanNoticeKinds.PainReport, content.PainReport.Code, content.PainReport);
        return (notice, text!, load with { Title = phase.Title, Summary = phase.Summary });
    }

    /// <summary>A notice suspends the phase's plan when it gives exercises of its own in place of the phase's (none at all
    /// after a surgical referral or a displacement, upper-body work after a progression).</summary>
    private static (PlanNotice, NoticeContent?) Notice(string kind, string code, NoticeContent? text) =>
        (new PlanNotice(kind, code, text?.Title ?? code, text?.Message ?? "", SuspendsPlan: text?.Exercises is not null), text);

    /// <param name="hold">The notice content of the hold the episode is on, if any: it may say what lifts the hold
    /// in place of the not-on-hold requirement's own text.</param>
    private static PlanStillNeeded StillNeeded(ProtocolDefinition protocol, PlanContent content, NoticeContent? hold, RequirementResult result)
    {
        var liftsHold = hold?.LiftedBy is not null
            && protocol.CommonRequirements.Any(r => r.Code == result.Code && r.Rule == RequirementRules.NotOnHold);
        var text = liftsHold ? hold!.LiftedBy! : content.Requirement(result.Code) switch
        {
            { PatientTextWithDate: { } template } when result.EarliestDate is { } date =>
                PlanText.Fill(template, ("date", PlanText.Date(content, date))),
            { } wording => wording.PatientText,
            // A requirement the content does not know (a clinic's own protocol version): the clinical description.
            null => result.Description,
        };
        return new PlanStillNeeded(result.Code, text, result.EarliestDate);
    }

    /// <summary>The wording of a phase; for a phase the content does not know, the protocol's name of it.</summary>
    private static PhaseContent PhaseContentOf(ProtocolDefinition protocol, PlanContent content, string code)
    {
        if (content.Phase(code) is { } known) return known;
        var definition = protocol.Phases.FirstOrDefault(p => p.Code == code);
        return new PhaseContent
        {
            Code = code,
            Title = definition?.Name ?? code,
            Summary = "",
            WeightBearing = definition?.WeightBearing ?? "",
            Aids = [],
            Allowed = [],
            Avoid = [],
            Exercises = [],
        };
    }
}
