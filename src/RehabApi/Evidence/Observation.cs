namespace RehabApi.Evidence;

/// <summary>A measured value (pain score, strength symmetry, walk minutes, PROM total).</summary>
public sealed class Observation : EpisodeRecord
{
    public required string Code { get; set; }
    public decimal Value { get; set; }
    public required string Unit { get; set; }
}
