using System.ComponentModel.DataAnnotations;
using RehabApi.Domain;

namespace RehabApi.Security;

/// <summary>The identity the current request acts with, set once by <see cref="ApiKeyAuthenticationHandler"/>
/// from the presented key. Until then it is nobody: no clinic, no role, so the data filters match nothing.
/// The data layer reads it on every query (<see cref="Data.RehabDbContext"/>), which is what keeps clinics apart.</summary>
public sealed class CurrentCaller
{
    public Guid ClinicId { get; private set; }
    public Guid? KeyId { get; private set; }
    public string Role { get; private set; } = "";
    public string Name { get; private set; } = "";

    /// <summary>For a patient-app key: the one patient it may see. Null for clinic roles.</summary>
    public Guid? PatientId { get; private set; }

    /// <summary>The episodes this caller may see: its clinic's, and a patient-app key's one patient's. RehabDbContext's
    /// query filter and the reads that run without EF Core (EpisodeRow) both filter by it.</summary>
    internal (Guid ClinicId, Guid? PatientId) EpisodeScope => (ClinicId, PatientId);

    /// <summary>The calendar of the caller's clinic: every date the request reads or writes is in it.</summary>
    public ClinicCalendar Calendar { get; private set; } = ClinicCalendar.Utc;

    public bool IsClinicSystem => Role == Roles.ClinicSystem;

    public void SignIn(ApiKey key, ClinicCalendar calendar)
    {
        Calendar = calendar;
        ClinicId = key.ClinicId;
        KeyId = key.Id;
        Role = key.Role;
        Name = key.Name;
        PatientId = key.PatientId;
    }

    /// <summary>Acts for a clinic outside an HTTP request (operator commands, tests' direct checks).</summary>
    public void ActForClinic(Guid clinicId, string role = Roles.ClinicAdmin, string name = "operator")
    {
        ClinicId = clinicId;
        Role = role;
        Name = name;
    }

    /// <summary>The role a request acts in: the key's own, or, for a clinic system recording in a clinician's name, that
    /// clinician's alone — a role rule holds whatever key sends it (PROTOCOL.md, "Who signs").</summary>
    public IReadOnlyCollection<string> RolesActingFor(OnBehalfOf? onBehalfOf) =>
        IsClinicSystem && onBehalfOf?.Role is { } clinicianRole ? [clinicianRole] : [Role];

    /// <summary>Who is recorded as having done something: the key, and the clinician — the one a system names
    /// in onBehalfOf, or the physician or therapist the key itself belongs to.</summary>
    public Actor ActorFor(OnBehalfOf? onBehalfOf)
    {
        var signsAsItself = onBehalfOf is null && Roles.Clinicians.Contains(Role);
        return new Actor
        {
            KeyId = KeyId,
            CallerRole = Role,
            CallerName = Name,
            ClinicianId = onBehalfOf?.ClinicianId,
            ClinicianName = signsAsItself ? Name : onBehalfOf?.Name,
            ClinicianRole = signsAsItself ? Role : onBehalfOf?.Role,
        };
    }
}

/// <summary>The clinician a clinic system records something for.</summary>
public sealed record OnBehalfOf([Required] string? ClinicianId, [Required] string? Name, [Required] string? Role);

public sealed record ActorResponse(Guid? KeyId, string CallerRole, string CallerName, string? ClinicianId, string? ClinicianName, string? ClinicianRole)
{
    public static ActorResponse From(Actor actor) =>
        new(actor.KeyId, actor.CallerRole, actor.CallerName, actor.ClinicianId, actor.ClinicianName, actor.ClinicianRole);
}
