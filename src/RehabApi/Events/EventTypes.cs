namespace RehabApi.Events;

/// <summary>The event types of the change feed and of webhook subscriptions.</summary>
public static class EventTypes
{
    public const string EpisodeCreated = "episode.created";
    public const string EpisodeAdvanced = "episode.advanced";
    public const string EpisodeRegressed = "episode.regressed";
    public const string EpisodeHeld = "episode.held";
    public const string EpisodeResumed = "episode.resumed";
    public const string EpisodeWithdrawn = "episode.withdrawn";
    public const string ClearanceRecorded = "clearance.recorded";
    public const string ObservationRecorded = "observation.recorded";
    public const string ImagingRecorded = "imaging.recorded";
    public const string SymptomsReported = "symptoms.reported";
    public const string PainReportOpened = "pain-report.opened";
    public const string PainReportResolved = "pain-report.resolved";
    public const string WalkRunSessionRecorded = "walk-run.session-recorded";
    public const string BoneHealthAssessed = "bone-health.assessed";

    /// <summary>The patient's plan changed: a new phase or status, or a new walk–run step to show.</summary>
    public const string PlanChanged = "plan.changed";

    /// <summary>Subscribes to every type.</summary>
    public const string All = "*";

    public static readonly IReadOnlyList<string> Known =
    [
        EpisodeCreated, EpisodeAdvanced, EpisodeRegressed, EpisodeHeld, EpisodeResumed, EpisodeWithdrawn,
        ClearanceRecorded, ObservationRecorded, ImagingRecorded, SymptomsReported, PainReportOpened, PainReportResolved,
        WalkRunSessionRecorded, BoneHealthAssessed, PlanChanged,
    ];

    public static string ForTransition(string action) => action switch
    {
        "create" => EpisodeCreated,
        "advance" => EpisodeAdvanced,
        "regress" => EpisodeRegressed,
        "hold" => EpisodeHeld,
        "resume" => EpisodeResumed,
        "withdraw" => EpisodeWithdrawn,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown transition action."),
    };
}
