namespace RehabApi.Evidence;

/// <summary>A measured value (pain score, strength symmetry, walk minutes, PROM total).</summary>
public sealed class Observation : EpisodeRecord
{
    /// <summary>numeric(9,2): what any value must fit, whatever range a clinic's protocol version allows.</summary>
    public const int ValuePrecision = 9, ValueScale = 2;
    public const decimal MaxValue = 9_999_999.99m;

    public required string Code { get; set; }
    public decimal Value { get; set; }
    public required string Unit { get; set; }
}
