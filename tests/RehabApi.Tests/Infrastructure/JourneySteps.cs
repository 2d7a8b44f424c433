namespace RehabApi.Tests.Infrastructure;

/// <summary>Walks a low-risk episode diagnosed on <see cref="Diagnosed"/> through its gates with
/// backdated evidence, so a test can start from any phase. Each step is dated after the previous one. Written for
/// protocol version 2 (what new episodes start on); it walks a version 1 episode too, whose gates ask less.</summary>
public sealed class JourneySteps(RehabClient api)
{
    public static readonly DateOnly Diagnosed = new(2026, 1, 5);

    public static DateTimeOffset Day(int month, int day, int hour = 12) => new DateOnly(2026, month, day).At(hour);

    /// <summary>The 25 counted sessions that climb the walk–run ladder: six at each of steps 1 to 4, then step 5, on
    /// alternate days from the day after return-to-impact is entered (31 Mar); the last on 18 May.</summary>
    public static readonly IReadOnlyList<(DateOnly Date, int Step)> LadderSessions =
        Enumerable.Range(1, 4).SelectMany(step => Enumerable.Repeat(step, 6)).Append(5)
            .Select((step, i) => (new DateOnly(2026, 3, 31).AddDays(2 * i), step))
            .ToList();

    /// <summary>The effective time at which each phase is entered by <see cref="ReachAsync"/>.</summary>
    public static readonly IReadOnlyDictionary<string, DateTimeOffset> EnteredAt = new Dictionary<string, DateTimeOffset>
    {
        ["imaging-confirmation"] = Day(2, 2, 13),
        ["partial-weight-bearing"] = Day(2, 3, 13),
        ["full-weight-bearing"] = Day(2, 10, 13),
        ["mobility"] = Day(2, 11, 13),
        ["strengthening"] = Day(2, 12, 13),
        ["return-to-impact"] = Day(3, 30, 13),
        // After the ladder's last session; sessions take effect when they are recorded, now, so the discharge is dated now.
        ["discharged"] = RehabApiFactory.Now,
    };

    public Task<RehabApi.Episodes.EpisodeResponse> NewEpisodeAsync() => api.CreateEpisodeAsync(Diagnosed, site: "pubic-ramus");

    /// <summary>A new episode in partial weight-bearing (entered 3 February) with its gate met: a pain-free score and
    /// the physician's approval, both on 4 February.</summary>
    public async Task<RehabApi.Episodes.EpisodeResponse> ReadyToLeavePartialWeightBearingAsync()
    {
        var episode = await NewEpisodeAsync();
        await ReachAsync(episode.Id, "partial-weight-bearing");
        await api.ObserveAsync(episode.Id, "fracture-site-pain", 0, Day(2, 4));
        await api.SignAsync(episode.Id, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 4));
        return episode;
    }

    public async Task ReachAsync(Guid id, string phase)
    {
        var current = (await api.GetEpisodeAsync(id)).Phase;
        while (current != phase)
        {
            current = await PassGateAsync(id, current);
        }
    }

    private async Task<string> PassGateAsync(Guid id, string phase)
    {
        switch (phase)
        {
            case "non-weight-bearing":
                await api.SignAsync(id, "no-pain-at-rest", RehabClient.Therapist, Day(2, 2));
                return await AdvanceAsync(id, "imaging-confirmation");
            case "imaging-confirmation":
                await api.ImageAsync(id, new DateOnly(2026, 2, 3), "healing", Day(2, 3));
                await api.SignAsync(id, "partial-weight-bearing-approved", RehabClient.Physician, Day(2, 3));
                return await AdvanceAsync(id, "partial-weight-bearing");
            case "partial-weight-bearing":
                await api.ObserveAsync(id, "fracture-site-pain", 0, Day(2, 4));
                await api.SignAsync(id, "full-weight-bearing-approved", RehabClient.Physician, Day(2, 4));
                return await AdvanceAsync(id, "full-weight-bearing");
            case "full-weight-bearing":
                await api.SignAsync(id, "normal-gait", RehabClient.Therapist, Day(2, 11));
                await api.ObserveAsync(id, "fracture-site-pain", 0, Day(2, 11));
                return await AdvanceAsync(id, "mobility");
            case "mobility":
                await api.SignAsync(id, "full-pain-free-range-of-motion", RehabClient.Therapist, Day(2, 12));
                return await AdvanceAsync(id, "strengthening");
            case "strengthening":
                // Version 2 screens every episode's bone health before impact: a physician's assessment, all factors low. At
                // the pubic ramus (trabecular) the fracture alone scores 2, so a physician reviews it too.
                await RecordLowRiskBoneHealthAsync(id, Day(3, 30));
                await api.SignAsync(id, "bone-health-reviewed", RehabClient.Physician, Day(3, 30));
                await api.ObserveAsync(id, "hip-abductor-strength-lsi", 85, Day(3, 30));
                await api.ObserveAsync(id, "pain-free-walk-minutes", 30, Day(3, 30));
                await api.SignAsync(id, "ready-to-run-tests-passed", RehabClient.Therapist, Day(3, 30));
                await api.SignAsync(id, "impact-approved", RehabClient.Physician, Day(3, 30));
                return await AdvanceAsync(id, "return-to-impact");
            case "return-to-impact":
                foreach (var (date, step) in LadderSessions) await api.RunAsync(id, date, step);
                await api.SignAsync(id, "discharge-approved", RehabClient.Physician, Day(5, 18));
                return await AdvanceAsync(id, "discharged");
            default:
                throw new InvalidOperationException($"No step out of {phase}.");
        }
    }

    private async Task<string> AdvanceAsync(Guid id, string next) => (await api.AdvanceAsync(id, EnteredAt[next])).Phase;

    /// <summary>The four factors that apply to everyone, each at its lowest.</summary>
    public const string LowRiskFactors = """{"dietaryRestriction": "none", "bmi": 22, "bmdZScore": 0, "priorBoneStressInjuries": 0}""";

    /// <summary>All six factors of a female patient, each at its lowest.</summary>
    public const string LowRiskFemaleFactors =
        """{"dietaryRestriction": "none", "bmi": 22, "menarcheAgeYears": 12, "mensesLast12Months": 12, "bmdZScore": 0, "priorBoneStressInjuries": 0}""";

    /// <summary>A physician's assessment with every factor low (the six a female patient needs, else the four), dated
    /// <paramref name="effectiveAt"/>.</summary>
    public async Task RecordLowRiskBoneHealthAsync(Guid id, DateTimeOffset? effectiveAt = null)
    {
        var episode = await api.GetEpisodeAsync(id);
        var patient = await RehabClient.ReadAsync<RehabApi.Patients.PatientResponse>(
            await api.Http.GetAsync($"/api/v1/patients/{episode.PatientId}"), System.Net.HttpStatusCode.OK);
        var body = System.Text.Json.Nodes.JsonNode.Parse(patient.Sex == "female" ? LowRiskFemaleFactors : LowRiskFactors)!.AsObject();
        body["onBehalfOf"] = System.Text.Json.JsonSerializer.SerializeToNode(RehabClient.Physician, RehabClient.Json);
        if (effectiveAt is { } at) body["effectiveAt"] = at.ToString("O");
        await RehabClient.ReadAsync<System.Text.Json.Nodes.JsonObject>(
            await api.PostJsonAsync($"/episodes/{id}/bone-health", body.ToJsonString()), System.Net.HttpStatusCode.Created);
    }
}
