namespace RehabApi.Evidence;

/// <summary>A named clinician's sign-off of one clearance type.</summary>
public sealed class Clearance : EpisodeRecord
{
    public required string Type { get; set; }
}
