using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;

namespace RehabApi.Domain.Tests.Support;

/// <summary>Episode facts for the tests: a low-risk pubic ramus fracture diagnosed (and off the leg) on
/// 5 January 2026, in a given phase entered on 1 April 2026, evaluated as of 1 June 2026 at noon, on the built-in
/// version new episodes start on (<see cref="Protocol"/>, version 2) unless a test names another.</summary>
public static class Facts
{
    public static readonly ProtocolDefinition V1 = ProtocolCatalog.Find(ProtocolCatalog.DefaultKey, 1)!;
    public static readonly ProtocolDefinition V2 = ProtocolCatalog.Find(ProtocolCatalog.DefaultKey, 2)!;
    public static readonly ProtocolDefinition Protocol = ProtocolCatalog.Default;

    /// <summary>Both built-in versions, for tests that judge the same facts on each.</summary>
    public static readonly IReadOnlyList<ProtocolDefinition> Versions = [V1, V2];

    public static ProtocolDefinition Version(int version) => version == 1 ? V1 : V2;
    public static readonly DateOnly Diagnosed = new(2026, 1, 5);
    public static readonly DateTimeOffset Entered = At(2026, 4, 1, 0);
    public static readonly DateTimeOffset AsOf = At(2026, 6, 1, 12);

    /// <summary>Evidence recorded shortly before <see cref="AsOf"/>: inside the phase, not in the future.</summary>
    public static readonly DateTimeOffset Recently = AsOf.AddHours(-1);

    public static DateTimeOffset At(int year, int month, int day, int hour = 12) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    /// <summary>The facts in <paramref name="phase"/>, with the planned weeks a new episode at <paramref name="site"/> (of
    /// <paramref name="mriGrade"/>) gets on <paramref name="protocol"/> (default <see cref="Protocol"/>).</summary>
    public static EpisodeFacts InPhase(string phase, string site = "pubic-ramus", ProtocolDefinition? protocol = null, int? mriGrade = null)
    {
        var pathway = (protocol ?? Protocol).PathwayFor(site, mriGrade);
        return new()
        {
            Site = site,
            Side = site == "sacrum" ? Sides.NotApplicable : "left",
            DiagnosedOn = Diagnosed,
            NonWeightBearingSince = Diagnosed,
            PlannedNonWeightBearingWeeks = pathway.NonWeightBearingWeeks,
            WeeksBeforeImpact = pathway.WeeksBeforeImpact,
            WeeksBeforeDischarge = pathway.WeeksBeforeDischarge,
            Phase = phase,
            Status = EpisodeStatuses.Active,
            PhaseEnteredAt = Entered,
        };
    }

    public static EpisodeFacts WithClearance(this EpisodeFacts facts, string type, DateTimeOffset? at = null) =>
        facts with { Clearances = [.. facts.Clearances, new ClearanceFact(type, at ?? Recently)] };

    public static EpisodeFacts WithoutClearance(this EpisodeFacts facts, string type) =>
        facts with { Clearances = facts.Clearances.Where(c => c.Type != type).ToList() };

    public static EpisodeFacts WithObservation(this EpisodeFacts facts, string code, decimal value, DateTimeOffset? at = null) =>
        facts with { Observations = [.. facts.Observations, new ObservationFact(code, value, at ?? Recently, at ?? Recently)] };

    public static EpisodeFacts WithoutObservation(this EpisodeFacts facts, string code) =>
        facts with { Observations = facts.Observations.Where(o => o.Code != code).ToList() };

    public static EpisodeFacts WithImaging(this EpisodeFacts facts, DateOnly performedOn, string finding, DateTimeOffset? recordedAt = null) =>
        facts with { Imaging = [.. facts.Imaging, new ImagingFact(performedOn, finding, recordedAt ?? performedOn.ToDateTime(TimeOnly.MinValue).ToUniversalTime())] };

    /// <summary>The whole walk–run ladder climbed: six counted sessions at each of steps 1 to 4 on alternate days from
    /// 2 April, then step 5 on 20 May (with pain if <paramref name="lastStepPain"/>), each effective at noon on its date.</summary>
    public static EpisodeFacts WithWalkRunLadderClimbed(this EpisodeFacts facts, bool lastStepPain = false)
    {
        var day = new DateOnly(2026, 4, 2);
        var sessions = new List<WalkRunSessionFact>();
        foreach (var step in Enumerable.Range(1, 4).SelectMany(step => Enumerable.Repeat(step, 6)).Append(5))
        {
            sessions.Add(new WalkRunSessionFact(day, step, true, step == 5 && lastStepPain, At(day.Year, day.Month, day.Day)));
            day = day.AddDays(2);
        }
        return facts with { WalkRunSessions = [.. facts.WalkRunSessions, .. sessions] };
    }

    /// <summary>The facts of an episode in a clinic in <paramref name="zone"/>.</summary>
    public static EpisodeFacts InZone(this EpisodeFacts facts, string zone) => facts with { Calendar = ClinicCalendar.For(zone) };

    public static GateEvaluation Evaluate(this EpisodeFacts facts, DateTimeOffset? asOf = null) =>
        GateEvaluator.Evaluate(Protocol, facts, asOf ?? AsOf);

    public static GateEvaluation EvaluateOn(this EpisodeFacts facts, ProtocolDefinition protocol, DateTimeOffset? asOf = null) =>
        GateEvaluator.Evaluate(protocol, facts, asOf ?? AsOf);

    /// <summary>A bone-health assessment on record, effective when the phase was entered.</summary>
    public static EpisodeFacts WithBoneHealth(this EpisodeFacts facts, int score, string level = BoneHealthLevels.Full, bool anyRiskFactor = false) =>
        facts with { BoneHealth = new BoneHealthFact(score, level, anyRiskFactor, Entered) };

    public static EpisodeFacts WithImaging(this EpisodeFacts facts, DateOnly performedOn, string finding, string modality) =>
        facts.WithImaging(performedOn, finding) is var added
            ? added with { Imaging = [.. added.Imaging.SkipLast(1), added.Imaging[^1] with { Modality = modality }] }
            : facts;

    public static RequirementResult Requirement(this GateEvaluation gate, string code) => gate.Requirements.Single(r => r.Code == code);

    public static string[] UnmetCodes(this GateEvaluation gate) => gate.Unmet.Select(r => r.Code).Order().ToArray();
}
