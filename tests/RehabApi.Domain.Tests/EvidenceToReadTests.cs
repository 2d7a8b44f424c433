using RehabApi.Domain.Gates;
using RehabApi.Domain.Tests.Support;

namespace RehabApi.Domain.Tests;

/// <summary>Storage reads only the evidence EvidenceToRead names (EpisodeLoading). That is safe only if every gate
/// decides the same on that evidence as on the whole history, whatever else was recorded.</summary>
public sealed class EvidenceToReadTests
{
    private static readonly EvidenceToRead Everything = EvidenceToRead.Everything(Facts.Protocol);

    [Theory]
    [MemberData(nameof(RequirementCoverageTests.GateRequirements), MemberType = typeof(RequirementCoverageTests))]
    public void EachGateDecidesAlikeOnWhatItReadsAndOnTheWholeHistory(int version, string phase, string code)
    {
        var protocol = Facts.Version(version);
        var ready = RequirementCoverageTests.Ready(version, phase);
        var broken = RequirementCoverageTests.WaysOf(version)[code].Break(ready);

        foreach (var history in new[] { ready, broken }.SelectMany(WithOtherEvidence))
        {
            var whole = history.EvaluateOn(protocol);
            var asRead = Read(EvidenceToRead.ForGate(protocol, phase), history).EvaluateOn(protocol);
            Assert.Equal(Describe(whole), Describe(asRead));
        }
    }

    [Fact]
    public void TheGateOutOfMobilityReadsItsOneClearanceAndThePainReports()
    {
        var read = EvidenceToRead.ForGate(Facts.Protocol, "mobility");
        Assert.Equal(["full-pain-free-range-of-motion"], read.ClearanceTypes);
        Assert.Empty(read.LatestObservations);
        Assert.Empty(read.HighestObservations);
        Assert.True(read.OpenPainReports);
        Assert.False(read.Imaging || read.WalkRunSessions || read.BoneHealth);
    }

    [Fact]
    public void TheGateIntoImpactReadsTheBoneHealthAssessmentAndTheWalkMinutesHighest()
    {
        var read = EvidenceToRead.ForGate(Facts.Protocol, "strengthening");
        Assert.True(read.BoneHealth);
        Assert.Equal(["pain-free-walk-minutes"], read.HighestObservations);
        Assert.Equal(["hip-abductor-strength-lsi"], read.LatestObservations);
        Assert.Contains("restricted-clearance", read.ClearanceTypes);
        Assert.DoesNotContain("discharge-approved", read.ClearanceTypes);
    }

    [Fact]
    public void ThePainFreeGatesReadThePatientsReports()
    {
        Assert.True(EvidenceToRead.ForGate(Facts.Protocol, "non-weight-bearing").SymptomReports);
        Assert.True(EvidenceToRead.ForGate(Facts.Protocol, "partial-weight-bearing").SymptomReports);
        Assert.False(EvidenceToRead.ForGate(Facts.Protocol, "mobility").SymptomReports);
    }

    [Fact]
    public void TheGateIntoDischargeReadsTheWalkRunSessionsAndNoObservation()
    {
        // continuous-run is met by the ladder only: a continuous-run-minutes observation is not even read.
        var read = EvidenceToRead.ForGate(Facts.Protocol, "return-to-impact");
        Assert.True(read.WalkRunSessions);
        Assert.Empty(read.HighestObservations);
        Assert.Empty(read.LatestObservations);
    }

    [Fact]
    public void AResumeReadsTheBoneHealthAssessmentAndTheRestrictedClearanceOnlyAndOnVersion2ThePainReports()
    {
        foreach (var protocol in Facts.Versions)
        {
            var read = EvidenceToRead.ForResume(protocol);
            Assert.Equal(["restricted-clearance"], read.ClearanceTypes);
            Assert.Empty(read.LatestObservations.Concat(read.HighestObservations));
            Assert.True(read.BoneHealth);
            Assert.False(read.Imaging || read.WalkRunSessions);
            // Lifting a surgical referral returns a version 2 episode to non-weight-bearing, which resolves open pain reports.
            Assert.Equal(protocol.Version == 2, read.OpenPainReports);
        }
    }

    [Fact]
    public void TheGateIntoImpactOnVersion2ReadsTheImagingForHealingConfirmedBeforeImpact()
    {
        Assert.True(EvidenceToRead.ForGate(Facts.V2, "strengthening").Imaging);
        Assert.False(EvidenceToRead.ForGate(Facts.V1, "strengthening").Imaging);
    }

    [Theory]
    [InlineData("bone-health")]
    [InlineData("surgical-referral")]
    public void AResumeDecidesAlikeOnWhatItReadsAndOnTheWholeHistory(string holdReason)
    {
        var restricted = new BoneHealthFact(9, BoneHealthLevels.Restricted, true, Facts.Entered.AddDays(1));
        var held = Facts.InPhase("strengthening") with
        {
            Status = EpisodeStatuses.OnHold,
            HoldReason = holdReason,
            HoldSince = Facts.Entered,
            BoneHealth = restricted,
            OpenPainReports = [new PainReportFact(Guid.NewGuid(), new DateOnly(2026, 5, 2), 3)],
        };
        var histories = new[]
        {
            held,
            held.WithClearance("restricted-clearance"),
            held.WithClearance("restricted-clearance", Facts.Entered),
            held with { BoneHealth = restricted with { ClearanceLevel = BoneHealthLevels.Provisional } },
        }.SelectMany(WithOtherEvidence);

        foreach (var history in histories)
        {
            var command = new Episodes.TransitionCommand(TransitionActions.Resume, Facts.AsOf, ["physician"]);
            foreach (var protocol in Facts.Versions)
            {
                var whole = Episodes.PhaseMachine.Apply(protocol, history, command);
                var asRead = Episodes.PhaseMachine.Apply(protocol, Read(EvidenceToRead.ForResume(protocol), history), command);
                Assert.Equal(Describe(whole), Describe(asRead));
            }
        }
    }

    [Fact]
    public void ThePhaseWithoutAGateReadsNothing() =>
        Assert.Equal(EvidenceToRead.Nothing, EvidenceToRead.ForGate(Facts.Protocol, "discharged"));

    /// <summary>The history as given, and with evidence of every kind around it: of every clearance type and
    /// observation code, signed or observed before the phase was entered, after the moment of evaluation, and
    /// earlier in the phase at the lowest and at the highest value the code allows; and a whole walk–run ladder
    /// climbed before the phase was entered and another after the moment of evaluation.</summary>
    private static IEnumerable<EpisodeFacts> WithOtherEvidence(EpisodeFacts facts)
    {
        yield return facts;
        var stale = Facts.Entered.AddDays(-3);
        var future = Facts.AsOf.AddDays(2);
        var earlier = Facts.Recently.AddDays(-5);
        foreach (var extreme in new Func<Protocols.ObservationCodeDefinition, decimal>[] { c => c.Min, c => c.Max })
        {
            var more = facts;
            foreach (var type in Facts.Protocol.ClearanceTypes.Select(c => c.Type))
                more = more.WithClearance(type, stale).WithClearance(type, future);
            foreach (var code in Facts.Protocol.ObservationCodes)
                more = more.WithObservation(code.Code, extreme(code), stale)
                    .WithObservation(code.Code, extreme(code), future)
                    .WithObservation(code.Code, extreme(code), earlier);
            // The patient's reports, with and without pain at rest, at the same moments.
            var pain = (int)extreme(Facts.Protocol.ObservationCode("fracture-site-pain")!);
            more = more with
            {
                SymptomReports =
                [
                    .. more.SymptomReports,
                    new SymptomReportFact(stale, stale, pain, pain), new SymptomReportFact(future, future, pain, pain),
                    new SymptomReportFact(earlier, earlier, pain, pain), new SymptomReportFact(earlier.AddHours(1), earlier.AddHours(1), 0, pain),
                ],
            };
            foreach (var outside in new[] { stale, future })
                more = more with
                {
                    WalkRunSessions = [.. more.WalkRunSessions,
                        .. Facts.InPhase(facts.Phase).WithWalkRunLadderClimbed().WalkRunSessions.Select(s => s with { EffectiveAt = outside })],
                };
            yield return more;
        }
    }

    /// <summary>What EpisodeLoading's statements return for <paramref name="read"/>: per clearance type the latest
    /// and per observation code the latest or highest, effective between the phase entry and the moment of
    /// evaluation; the lists whole; nothing that was not asked for.</summary>
    private static EpisodeFacts Read(EvidenceToRead read, EpisodeFacts facts)
    {
        bool Window(DateTimeOffset at) => at >= facts.PhaseEnteredAt && at <= Facts.AsOf;
        var observations = facts.Observations.Where(o => Window(o.EffectiveAt)).ToList();
        return facts with
        {
            Clearances = facts.Clearances.Where(c => read.ClearanceTypes.Contains(c.Type) && Window(c.EffectiveAt))
                .GroupBy(c => c.Type).Select(g => g.MaxBy(c => c.EffectiveAt)!).ToList(),
            Observations =
            [
                .. observations.Where(o => read.LatestObservations.Contains(o.Code)).GroupBy(o => o.Code)
                    .Select(g => g.OrderBy(o => o.EffectiveAt).ThenBy(o => o.RecordedAt).Last()),
                .. observations.Where(o => read.HighestObservations.Contains(o.Code)).GroupBy(o => o.Code)
                    .Select(g => g.MaxBy(o => o.Value)!),
            ],
            Imaging = read.Imaging ? facts.Imaging : [],
            OpenPainReports = read.OpenPainReports ? facts.OpenPainReports : [],
            WalkRunSessions = read.WalkRunSessions ? facts.WalkRunSessions.Where(s => Window(s.EffectiveAt)).ToList() : [],
            BoneHealth = read.BoneHealth ? facts.BoneHealth : null,
            // The latest report in the window, and the latest with pain at rest.
            SymptomReports = read.SymptomReports
                ? [.. new[] { Latest(facts.SymptomReports.Where(r => Window(r.EffectiveAt))), Latest(facts.SymptomReports.Where(r => Window(r.EffectiveAt) && r.PainAtRest > 0)) }.OfType<SymptomReportFact>()]
                : [],
        };
        static SymptomReportFact? Latest(IEnumerable<SymptomReportFact> reports) =>
            reports.OrderBy(r => r.EffectiveAt).ThenBy(r => r.RecordedAt).LastOrDefault();
    }

    private static string Describe(Episodes.TransitionOutcome outcome) => outcome switch
    {
        Episodes.TransitionApplied applied =>
            $"{applied.To} {applied.Reason} [{string.Join(", ", applied.ResolvedPainReports)}] {applied.NonWeightBearingSince} {applied.InjuryOn}",
        _ => outcome.ToString(),
    };

    private static string Describe(GateEvaluation gate) =>
        $"{gate.CanAdvance} {string.Join("; ", gate.Requirements.Select(r => $"{r.Code} {r.Met} {r.Detail} {r.EarliestDate}"))}";

    [Fact]
    public void EverythingCoversWhatEachGateReads()
    {
        foreach (var phase in Facts.Protocol.Phases.Select(p => p.Code))
        {
            var gate = EvidenceToRead.ForGate(Facts.Protocol, phase);
            Assert.Empty(gate.ClearanceTypes.Except(Everything.ClearanceTypes));
            Assert.Empty(gate.LatestObservations.Except(Everything.LatestObservations));
            Assert.Empty(gate.HighestObservations.Except(Everything.HighestObservations));
        }
    }
}
