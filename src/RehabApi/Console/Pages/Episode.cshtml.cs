using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RehabApi.BoneHealth;
using RehabApi.Data;
using RehabApi.Domain;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.Symptoms;
using RehabApi.Domain.Timeline;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.History;
using RehabApi.Infrastructure;
using RehabApi.Observability;
using RehabApi.Plans;
using RehabApi.Protocols;
using RehabApi.Security;
using RehabApi.Symptoms;
using RehabApi.Transitions;

namespace RehabApi.ClinicianConsole.Pages;

/// <summary>One episode: its gate as a checklist, its timeline, history, pain reports and bone health, all read through
/// the API's own handlers, and the actions the signed-in role may take, each sent through the API's own handler (the one
/// write path, EpisodeWrites) with the version the page was drawn from as its If-Match. What the handler answers is
/// shown: a blocked advance lists its unmet requirements, a change made since the page was drawn the fresh state.</summary>
public sealed class EpisodeModel(
    RehabDbContext db, NpgsqlDataSource database, CurrentCaller caller, ProtocolStore protocols, TimeProvider time, GateEvidenceCache gateCache, ILoggerFactory loggers, RehabMetrics metrics)
    : PageModel
{
    // The request's one write path (internal, so not a constructor parameter of this public page model).
    private EpisodeWrites writes => HttpContext.RequestServices.GetRequiredService<EpisodeWrites>();

    public EpisodeResponse Episode { get; private set; } = null!;
    public string PatientRef { get; private set; } = "";
    public GateResponse Gate { get; private set; } = null!;
    public EpisodeTimeline Timeline { get; private set; } = null!;
    public EpisodeHistory History { get; private set; } = null!;
    public PainReportList PainReports { get; private set; } = null!;
    public BoneHealthResponse? BoneHealth { get; private set; }
    internal ProtocolDefinition Protocol { get; private set; } = null!;
    public DateOnly Today { get; private set; }
    public string Role => caller.Role;

    /// <summary>What the last action came to, when it did not go through: shown above the fresh state.</summary>
    public string? Problem { get; private set; }
    public IReadOnlyDictionary<string, string[]>? Errors { get; private set; }
    public IReadOnlyList<UnmetRequirement>? Unmet { get; private set; }
    public bool ChangedSinceOpened { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    /// <summary>No such episode in this clinic: a 404 page, as the API answers (another clinic's looks the same).</summary>
    public bool Missing { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFoundPage();

    private PageResult NotFoundPage()
    {
        Missing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }

    public Task<IActionResult> OnPostClearanceAsync(Guid id, int version, string? type, string? note, CancellationToken ct) =>
        ActAsync(id, version, AccessPolicies.RecordsCare, "clearance-recorded",
            ct => EvidenceApi.RecordClearance(id, new RecordClearanceRequest(type, null, Blank(note), null), writes, ct), ct);

    public Task<IActionResult> OnPostObservationAsync(Guid id, int version, string? code, decimal? value, string? note, CancellationToken ct) =>
        ActAsync(id, version, AccessPolicies.RecordsCare, "observation-recorded",
            ct => EvidenceApi.RecordObservation(id, new RecordObservationRequest(code, value, null, null, Blank(note), null), writes, ct), ct);

    public Task<IActionResult> OnPostImagingAsync(Guid id, int version, string? modality, DateOnly? performedOn, string? finding, int? grade,
        string? note, CancellationToken ct) =>
        ActAsync(id, version, AccessPolicies.RecordsImaging, "imaging-recorded",
            ct => EvidenceApi.RecordImaging(id, new RecordImagingRequest(modality, performedOn, finding, grade, Blank(note), null, null), writes, ct), ct);

    public Task<IActionResult> OnPostTransitionAsync(Guid id, int version, string? action, string? toPhase, string? reason, string? note,
        CancellationToken ct) =>
        ActAsync(id, version, AccessPolicies.RecordsCare, $"{action}-recorded",
            ct => TransitionsApi.PostTransition(id, new TransitionRequest(action, Blank(toPhase), Blank(reason), Blank(note), null, null),
                HttpContext, writes, loggers, metrics, ct), ct);

    public Task<IActionResult> OnPostResolvePainAsync(Guid id, int version, Guid reportId, string? note, CancellationToken ct) =>
        ActAsync(id, version, AccessPolicies.RecordsCare, "pain-report-resolved",
            ct => SymptomsApi.ResolvePainReport(id, reportId, new ResolvePainReportRequest(note, null), writes, ct), ct);

    /// <summary>Runs one of the API's write handlers as the signed-in clinician, held to the page's version, and shows
    /// its answer: success goes back to the episode (post/redirect/get); anything else is shown on the fresh page with
    /// the handler's status (400, 403, 409, 412), and wrote nothing.</summary>
    private async Task<IActionResult> ActAsync<TOk>(Guid id, int version, string policy, string done,
        Func<CancellationToken, Task<Results<TOk, ValidationProblem, ProblemHttpResult>>> write, CancellationToken ct)
        where TOk : IResult
    {
        // The endpoint's own access policy, which calling its handler directly would otherwise skip (a clinic admin reads only).
        if (!AccessPolicies.Roles[policy].Contains(caller.Role))
            return await ShowAsync(id, StatusCodes.Status403Forbidden, $"A {caller.Role} key may not do this: the console is read-only for it.", ct);
        writes.IfMatch = EpisodeETag.For(version);
        var result = await write(ct);
        switch (result.Result)
        {
            case TOk:
                return Redirect($"{ConsoleSetup.PathBase}/episodes/{id}?done={Uri.EscapeDataString(done)}");
            case ValidationProblem invalid:
                Errors = invalid.ProblemDetails.Errors.AsReadOnly();
                return await ShowAsync(id, StatusCodes.Status400BadRequest, "Nothing was recorded: please correct the fields below.", ct);
            case ProblemHttpResult { StatusCode: StatusCodes.Status412PreconditionFailed }:
                ChangedSinceOpened = true;
                return await ShowAsync(id, StatusCodes.Status412PreconditionFailed,
                    "This episode changed since you opened it, so nothing was recorded. Here is its current state: check it, then try again if still needed.", ct);
            case ProblemHttpResult problem:
                if (problem.ProblemDetails.Extensions.TryGetValue("unmet", out var unmet)) Unmet = unmet as IReadOnlyList<UnmetRequirement>;
                return await ShowAsync(id, problem.StatusCode, problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "Refused.", ct);
            default:
                throw new InvalidOperationException($"Unexpected result {result.Result.GetType().Name}.");
        }
    }

    private async Task<IActionResult> ShowAsync(Guid id, int status, string problem, CancellationToken ct)
    {
        Problem = problem;
        Done = null;
        if (!await LoadAsync(id, ct)) return NotFoundPage();
        Response.StatusCode = status;
        return Page();
    }

    /// <summary>Reads everything the page shows through the GET handlers of the API; false when the episode is not
    /// this clinic's (or does not exist): a 404, as the API answers.</summary>
    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        if ((await EpisodesApi.GetEpisode(id, database, caller, HttpContext, ct)).Result is not Ok<EpisodeResponse> { Value: { } episode }) return false;
        // The page is HTML: the API's ETag of the episode has no meaning for it.
        Response.Headers.ETag = default;
        Episode = episode;
        PatientRef = await db.Patients.Where(p => p.Id == episode.PatientId).Select(p => p.ExternalRef).SingleAsync(ct);
        Protocol = await protocols.GetAsync(episode.Protocol.Key, episode.Protocol.Version, ct);
        Gate = Value<GateResponse>((await EpisodesApi.GetGate(id, db, caller, protocols, time, gateCache, ct)).Result);
        Timeline = Value<EpisodeTimeline>((await TimelineApi.GetTimeline(id, db, caller, protocols, time, ct)).Result);
        History = Value<EpisodeHistory>((await HistoryApi.GetHistory(id, db, protocols, ct)).Result);
        PainReports = Value<PainReportList>((await SymptomsApi.ListPainReports(id, db, ct)).Result);
        BoneHealth = (await BoneHealthApi.GetLatest(id, db, protocols, ct)).Result is Ok<BoneHealthResponse> { Value: { } bone } ? bone : null;
        Today = caller.Calendar.DateOf(time.GetUtcNow());
        return true;
    }

    private static T Value<T>(IResult result) => result is Ok<T> { Value: { } value }
        ? value
        : throw new InvalidOperationException($"Reading the episode answered {result.GetType().Name}.");

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    // What the signed-in role may do: only those forms are offered (the handlers decide again on every post).
    public bool CanRecord => AccessPolicies.Roles[AccessPolicies.RecordsCare].Contains(Role) && Episode.Status != EpisodeStatuses.Closed;
    public bool CanImage => CanRecord && Protocol.ImagingSigners.Contains(Role);
    public IEnumerable<ClearanceTypeDefinition> SignableClearances =>
        CanRecord ? Protocol.ClearanceTypes.Where(c => Protocol.SignersOf(c.Type, Episode.Site)?.Contains(Role) == true) : [];
    public IEnumerable<ObservationCodeDefinition> RecordableObservations =>
        CanRecord && Protocol.ObservationRecorders.Contains(Role) ? Protocol.ObservationCodes : [];
    public bool CanAdvance => CanRecord && Episode.Status == EpisodeStatuses.Active && Gate.NextPhase is not null;
    public bool CanRegress => CanRecord && Protocol.PhaseIndex(Episode.Phase) > 0;
    public bool CanHold => CanRecord && Episode.Status == EpisodeStatuses.Active;
    public bool CanResume => CanRecord && Episode is { Status: EpisodeStatuses.OnHold, Hold: { } hold } && Protocol.ResumeRolesFor(hold.Reason).Contains(Role);
    public bool CanResolve(PainReportResponse report) =>
        CanRecord && report.Open && PainRules.Resolvers(Protocol, Episode.Site, report.Phase).Contains(Role);
    public IEnumerable<PhaseDefinition> EarlierPhases => Protocol.Phases.Take(Math.Max(0, Protocol.PhaseIndex(Episode.Phase)));

    /// <summary>Who may sign what a requirement asks for, when it asks for a clearance.</summary>
    public string? SignersFor(string requirementCode)
    {
        var requirement = Protocol.Gates.SelectMany(g => g.Requirements).FirstOrDefault(r => r.Code == requirementCode);
        return requirement?.ClearanceType is { } type && Protocol.SignersOf(type, Episode.Site) is { } signers
            ? $"{type}, signed by a {string.Join(" or a ", signers.Where(r => r != Roles.ClinicSystem))}"
            : null;
    }

    public string PhaseName(string? code) => Protocol.Phases.FirstOrDefault(p => p.Code == code)?.Name ?? code ?? "";

    public string TimelineSvg => TimelineChart.Svg(Timeline, Today);

    public string? DoneMessage => Done switch
    {
        "clearance-recorded" => "Clearance recorded.",
        "observation-recorded" => "Observation recorded.",
        "imaging-recorded" => "Imaging recorded.",
        "advance-recorded" => $"Advanced to {PhaseName(Episode.Phase)}.",
        "regress-recorded" => $"Regressed to {PhaseName(Episode.Phase)}.",
        "hold-recorded" => "Put on hold.",
        "resume-recorded" => "Resumed.",
        "pain-report-resolved" => "Pain report resolved.",
        _ => null,
    };
}
