using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using RehabApi.Domain;

namespace RehabApi.Fhir;

/// <summary>Maps an episode onto an HL7 FHIR R4 CarePlan.
/// <list type="bullet">
/// <item>status: active, on-hold, completed (discharged) or revoked (withdrawn); intent: plan.</item>
/// <item>subject: a logical reference by identifier, system <c>urn:rehabapi:clinic:{slug}:patient</c> and
/// value the clinic's externalRef: the EHR's own number, since our patient ids mean nothing to it.</item>
/// <item>period: from the start of non-weight-bearing; for a closed episode, to its closing transition.</item>
/// <item>activity: one per protocol phase, see <see cref="CarePlanActivities"/>.</item>
/// </list></summary>
public static class CarePlanMapping
{
    public const string PhaseSystem = "urn:rehabapi:protocol:hip-bsi:phase";

    /// <summary>The identifier system of a clinic's patient numbers. The slug, not the clinic id, is
    /// used because it is what operators and integrators see and configure.</summary>
    public static string PatientSystem(string clinicSlug) => $"urn:rehabapi:clinic:{clinicSlug}:patient";

    public static CarePlan From(CarePlanSource source)
    {
        var episode = source.Episode;
        var protocol = source.Protocol;
        var closed = episode.Status == EpisodeStatuses.Closed;
        return new CarePlan
        {
            Id = episode.Id.ToString(),
            Status = Status(source),
            Intent = CarePlan.CarePlanIntent.Plan,
            Title = protocol.Title,
            Description = $"{protocol.Title} ({protocol.Key} v{protocol.Version}): {episode.Side} {episode.Site}, " +
                          $"{episode.PlannedNonWeightBearingWeeks} weeks planned without weight-bearing.",
            Subject = new ResourceReference
            {
                Identifier = new Identifier(PatientSystem(source.ClinicSlug), source.PatientExternalRef),
            },
            CreatedElement = new FhirDateTime(episode.CreatedAt),
            Period = new Period
            {
                StartElement = new FhirDateTime(episode.NonWeightBearingSince.ToString("yyyy-MM-dd")),
                EndElement = closed ? new FhirDateTime(episode.LastTransitionAt) : null,
            },
            Activity = CarePlanActivities.From(source),
        };
    }

    public static string ToJson(CarePlan carePlan) => carePlan.ToJson();

    private static RequestStatus Status(CarePlanSource source) => source.Episode.Status switch
    {
        EpisodeStatuses.Active => RequestStatus.Active,
        EpisodeStatuses.OnHold => RequestStatus.OnHold,
        // A closed episode either reached the terminal phase (discharged) or was withdrawn short of it.
        _ when source.Episode.Phase == source.Protocol.TerminalPhase => RequestStatus.Completed,
        _ => RequestStatus.Revoked,
    };
}
