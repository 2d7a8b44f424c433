using RehabApi.Clinics;
using RehabApi.Domain;

namespace RehabApi.Security;

/// <summary>The identity a request acts with. Until API keys exist every request is the default
/// clinic's system, which must name the clinician it acts for (<see cref="OnBehalfOf"/>), so the
/// protocol's role rules already apply to every write.</summary>
public sealed class CurrentCaller
{
    public Guid ClinicId { get; init; } = Clinic.DefaultId;
    public Guid? KeyId { get; init; }
    public string Role { get; init; } = Roles.ClinicSystem;
    public string Name { get; init; } = "unauthenticated clinic system";

    public bool IsClinicSystem => Role == Roles.ClinicSystem;

    /// <summary>The roles a request acts in: a clinician's own, or the system's plus its clinician's.</summary>
    public IReadOnlyCollection<string> RolesActingFor(OnBehalfOf? onBehalfOf) =>
        IsClinicSystem && onBehalfOf?.Role is { } clinicianRole ? [Role, clinicianRole] : [Role];

    public Actor ActorFor(OnBehalfOf? onBehalfOf) => new()
    {
        KeyId = KeyId,
        CallerRole = Role,
        CallerName = Name,
        ClinicianId = onBehalfOf?.ClinicianId,
        ClinicianName = onBehalfOf?.Name,
        ClinicianRole = onBehalfOf?.Role,
    };
}

/// <summary>The clinician a clinic system records something for.</summary>
public sealed record OnBehalfOf(string? ClinicianId, string? Name, string? Role);

public sealed record ActorResponse(Guid? KeyId, string CallerRole, string CallerName, string? ClinicianId, string? ClinicianName, string? ClinicianRole)
{
    public static ActorResponse From(Actor actor) =>
        new(actor.KeyId, actor.CallerRole, actor.CallerName, actor.ClinicianId, actor.ClinicianName, actor.ClinicianRole);
}
