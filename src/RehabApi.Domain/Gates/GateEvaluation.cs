namespace RehabApi.Domain.Gates;

/// <summary>The verdict on the gate out of the current phase, as of one moment.</summary>
public sealed record GateEvaluation(
    string Phase,
    string? NextPhase,
    bool CanAdvance,
    IReadOnlyList<RequirementResult> Requirements)
{
    public IReadOnlyList<RequirementResult> Unmet => Requirements.Where(r => !r.Met).ToList();
}

/// <param name="EarliestDate">For time requirements: the first date on which it is (or was) met; for the walk–run
/// ladder, the first date it can be complete.</param>
public sealed record RequirementResult(
    string Code,
    string Description,
    bool Met,
    string? Detail = null,
    DateOnly? EarliestDate = null);
