using RehabApi.Evidence;

namespace RehabApi.ReturnToRun;

/// <summary>One session of the walk–run ladder: which step, whether it was finished, whether it hurt.</summary>
public sealed class WalkRunSession : EpisodeRecord
{
    public DateOnly Date { get; set; }
    public int Step { get; set; }
    public bool Completed { get; set; }
    public bool Pain { get; set; }
}
