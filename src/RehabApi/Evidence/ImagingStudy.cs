namespace RehabApi.Evidence;

public sealed class ImagingStudy : EpisodeRecord
{
    public required string Modality { get; set; }
    public DateOnly PerformedOn { get; set; }
    public required string Finding { get; set; }
    public int? Grade { get; set; }
}
