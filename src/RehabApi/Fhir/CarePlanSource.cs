using RehabApi.Domain.Gates;
using RehabApi.Domain.Protocols;
using RehabApi.Episodes;

namespace RehabApi.Fhir;

/// <summary>Everything a CarePlan is built from, read in one place so that the mapping stays pure.</summary>
/// <param name="Transitions">The episode's transitions, oldest first.</param>
/// <param name="Gate">The gate out of the current phase; null for a closed episode.</param>
public sealed record CarePlanSource(
    Episode Episode,
    ProtocolDefinition Protocol,
    string PatientExternalRef,
    string ClinicSlug,
    IReadOnlyList<PhaseChange> Transitions,
    GateEvaluation? Gate);

/// <summary>The part of a transition that dates the phase stays.</summary>
public sealed record PhaseChange(string Action, string ToPhase, DateTimeOffset EffectiveAt);
