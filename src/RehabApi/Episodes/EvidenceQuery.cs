using Npgsql;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Symptoms;

namespace RehabApi.Episodes;

/// <summary>The evidence rows EvidenceToRead names, read in one batch of statements: one round trip (EF Core
/// would send one query after another; on the hot paths — the gate and every advance — round trips were most of
/// the cost; bench/NOTES.md). Only what can decide a requirement is read, so the cost grows neither with the
/// episode's history nor with evidence piling up in its phase:
/// - per clearance type the latest one, and per observation code the latest or the highest value, all effective
///   from the latest phase entry (the freshness rule) up to the moment of evaluation (so a backdated advance does
///   not see later evidence in place of what stood on its date), one index probe each;
/// - imaging whole (a later worsening study voids earlier healing), open pain reports, the phase's walk–run
///   sessions and the latest bone-health assessment, which stay few; the evaluator applies its rules to them.
/// Built once per protocol version and phase (EpisodeLoading).</summary>
internal sealed class EvidenceQuery
{
    public static readonly EvidenceQuery Nothing = new(EvidenceToRead.Nothing);

    private readonly EvidenceToRead what;
    private readonly string? probes;
    private readonly string[] probedNames;

    public EvidenceQuery(EvidenceToRead what)
    {
        this.what = what;
        (probes, probedNames) = ProbesOf(what);
    }

    public bool IsNothing =>
        probes is null && !what.Imaging && !what.OpenPainReports && !what.WalkRunSessions && !what.BoneHealth && !what.SymptomReports;

    /// <summary>One branch per name, each with the name as its own parameter ($5, $6, ...). Not a join over
    /// unnest(array): PostgreSQL cannot tell how many names an array holds, so the generic plan of such a prepared
    /// statement looks ten times dearer than a custom one, and every execution was planned afresh
    /// (bench/NOTES.md). With plain equalities the generic plan is the custom plan, and it is kept.</summary>
    private static (string?, string[]) ProbesOf(EvidenceToRead what)
    {
        var branches = new List<string>();
        var names = new List<string>();
        string Next(string name)
        {
            names.Add(name);
            return $"${names.Count + 4}";
        }
        const string InPhase = "episode_id = $1 AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3";
        foreach (var type in what.ClearanceTypes)
            branches.Add($"SELECT 'clearance', type, NULL::numeric, effective_at, NULL::timestamptz FROM clearances " +
                         $"WHERE {InPhase} AND type = {Next(type)} ORDER BY effective_at DESC LIMIT 1");
        foreach (var code in what.LatestObservations)
            branches.Add($"SELECT 'observation', code, value, effective_at, recorded_at FROM observations " +
                         $"WHERE {InPhase} AND code = {Next(code)} ORDER BY effective_at DESC, recorded_at DESC LIMIT 1");
        foreach (var code in what.HighestObservations)
            branches.Add($"SELECT 'observation', code, value, effective_at, recorded_at FROM observations " +
                         $"WHERE {InPhase} AND code = {Next(code)} ORDER BY value DESC LIMIT 1");
        return branches.Count == 0 ? (null, []) : (string.Join("\nUNION ALL\n", branches.Select(b => $"({b})")), names.ToArray());
    }

    public NpgsqlBatch CreateBatch(NpgsqlConnection connection, NpgsqlTransaction? transaction, Episode episode, DateTimeOffset asOf)
    {
        var batch = new NpgsqlBatch(connection) { Transaction = transaction };
        AddTo(batch, episode, asOf);
        return batch;
    }

    /// <summary>Adds this query's statements for <paramref name="episode"/> to <paramref name="batch"/>, which may hold other
    /// episodes' before and after them (several episodes' facts in one round trip).</summary>
    public void AddTo(NpgsqlBatch batch, Episode episode, DateTimeOffset asOf)
    {
        // $1 the episode, $2 the freshness boundary (latest phase entry), $3 the clinic (as the EF filters would),
        // $4 the moment of evaluation, then the probed names. The parameters are typed, so a statement need not
        // use them all.
        void Add(string sql, string[]? names = null)
        {
            var command = new NpgsqlBatchCommand(sql);
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = episode.Id });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = episode.PhaseEnteredAt });
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = episode.ClinicId });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = asOf });
            foreach (var name in names ?? []) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            batch.BatchCommands.Add(command);
        }
        if (probes is not null) Add(probes, probedNames);
        if (what.Imaging)
            Add("SELECT performed_on, finding, recorded_at, modality FROM imaging_studies WHERE episode_id = $1 AND clinic_id = $3");
        // A pain report stays open, whatever the phase, until a clinician resolves it or regresses the episode;
        // judged as of the moment of evaluation, like everything else.
        if (what.OpenPainReports)
            Add("""
                SELECT s.id, s.date, s.pain_at_rest, s.pain_with_activity, s.pain_next_morning
                FROM symptom_reports s
                WHERE s.episode_id = $1 AND s.opens_pain_report AND s.clinic_id = $3 AND s.effective_at <= $4
                  AND NOT EXISTS (SELECT 1 FROM pain_report_resolutions r WHERE r.pain_report_id = s.id AND r.effective_at <= $4)
                """);
        // The patient's latest report in the phase, and the latest with pain at rest (PainRules).
        if (what.SymptomReports)
            Add("""
                (SELECT effective_at, recorded_at, pain_at_rest, pain_with_activity, pain_next_morning FROM symptom_reports
                 WHERE episode_id = $1 AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3
                 ORDER BY effective_at DESC, recorded_at DESC LIMIT 1)
                UNION ALL
                (SELECT effective_at, recorded_at, pain_at_rest, pain_with_activity, pain_next_morning FROM symptom_reports
                 WHERE episode_id = $1 AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3 AND pain_at_rest > 0
                 ORDER BY effective_at DESC, recorded_at DESC LIMIT 1)
                """);
        if (what.WalkRunSessions)
            Add("SELECT date, step, completed, pain, effective_at, recorded_at, id FROM walk_run_sessions WHERE episode_id = $1 AND effective_at >= $2 AND effective_at <= $4 AND clinic_id = $3");
        if (what.BoneHealth)
            Add("""
                SELECT score, clearance_level, any_risk_factor, effective_at FROM bone_health_assessments
                WHERE episode_id = $1 AND clinic_id = $3 AND effective_at <= $4
                ORDER BY effective_at DESC, recorded_at DESC LIMIT 1
                """);
    }

    /// <summary>Reads the batch's results in the order AddTo added its statements. <paramref name="atItsFirstResult"/>: the
    /// reader is on this query's first result (as a fresh reader is); false when it is still on the one before.</summary>
    public async Task<EpisodeEvidence> ReadAsync(NpgsqlDataReader reader, CancellationToken ct, bool atItsFirstResult = true)
    {
        // A list only for a kind that has rows: GateEvidenceCache keeps many of these, and a gate reads one to three kinds.
        List<ClearanceFact>? clearances = null;
        List<ObservationFact>? observations = null;
        List<ImagingFact>? imaging = null;
        List<PainReportFact>? openPainReports = null;
        List<SymptomReportFact>? symptomReports = null;
        List<WalkRunSessionFact>? walkRunSessions = null;
        BoneHealthFact? boneHealth = null;
        var results = atItsFirstResult ? 0 : 1;
        async Task<bool> NextAsync() => results++ == 0 || await reader.NextResultAsync(ct);
        if (probes is not null && await NextAsync())
            while (await reader.ReadAsync(ct))
            {
                if (reader.GetString(0) == "clearance")
                    (clearances ??= []).Add(new ClearanceFact(reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(3)));
                else
                    (observations ??= []).Add(new ObservationFact(reader.GetString(1), reader.GetDecimal(2),
                        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }
        if (what.Imaging && await NextAsync())
            while (await reader.ReadAsync(ct))
                (imaging ??= []).Add(new ImagingFact(reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2))
                {
                    Modality = reader.GetString(3),
                });
        if (what.OpenPainReports && await NextAsync())
            while (await reader.ReadAsync(ct))
                (openPainReports ??= []).Add(new PainReportFact(reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1),
                    PainRules.Worst(reader.GetInt32(2), reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4))));
        if (what.SymptomReports && await NextAsync())
            while (await reader.ReadAsync(ct))
            {
                var atRest = reader.GetInt32(2);
                (symptomReports ??= []).Add(new SymptomReportFact(reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1),
                    atRest, PainRules.Worst(atRest, reader.GetInt32(3), reader.IsDBNull(4) ? null : reader.GetInt32(4))));
            }
        if (what.WalkRunSessions && await NextAsync())
            while (await reader.ReadAsync(ct))
                (walkRunSessions ??= []).Add(new WalkRunSessionFact(reader.GetFieldValue<DateOnly>(0), reader.GetInt32(1), reader.GetBoolean(2),
                    reader.GetBoolean(3), reader.GetFieldValue<DateTimeOffset>(4))
                {
                    RecordedAt = reader.GetFieldValue<DateTimeOffset>(5),
                    Id = reader.GetGuid(6),
                });
        if (what.BoneHealth && await NextAsync() && await reader.ReadAsync(ct))
            boneHealth = new BoneHealthFact(reader.GetInt32(0), reader.GetString(1), reader.GetBoolean(2),
                reader.GetFieldValue<DateTimeOffset>(3));
        return new EpisodeEvidence
        {
            Clearances = OrNone(clearances),
            Observations = OrNone(observations),
            Imaging = OrNone(imaging),
            OpenPainReports = OrNone(openPainReports),
            SymptomReports = OrNone(symptomReports),
            WalkRunSessions = OrNone(walkRunSessions),
            BoneHealth = boneHealth,
        };
    }

    private static IReadOnlyList<T> OrNone<T>(List<T>? read) => read is null ? Array.Empty<T>() : read;
}

/// <summary>What an EvidenceQuery read, before it joins the episode's own fields in EpisodeFacts.</summary>
internal sealed class EpisodeEvidence
{
    public IReadOnlyList<ClearanceFact> Clearances { get; init; } = [];
    public IReadOnlyList<ObservationFact> Observations { get; init; } = [];
    public IReadOnlyList<ImagingFact> Imaging { get; init; } = [];
    public IReadOnlyList<PainReportFact> OpenPainReports { get; init; } = [];
    public IReadOnlyList<SymptomReportFact> SymptomReports { get; init; } = [];
    public IReadOnlyList<WalkRunSessionFact> WalkRunSessions { get; init; } = [];
    public BoneHealthFact? BoneHealth { get; init; }
}
