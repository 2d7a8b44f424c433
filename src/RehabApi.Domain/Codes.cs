namespace RehabApi.Domain;

/// <summary>Stable codes of the API contract. Codes that a protocol may vary (phases, sites,
/// clearance types, observation codes) live in the protocol data instead.</summary>
public static class EpisodeStatuses
{
    public const string Active = "active";
    public const string OnHold = "on-hold";
    public const string Closed = "closed";
}

public static class HoldReasons
{
    /// <summary>Version 1: imaging found displacement; all exercise stops until a physician resumes.</summary>
    public const string DisplacementRisk = "displacement-risk";
    /// <summary>Routed at creation, or (version 2) imaging found displacement: the non-operative plan stops.</summary>
    public const string SurgicalReferral = "surgical-referral";
    /// <summary>Version 2: imaging found progression; back on crutches until a physician resumes.</summary>
    public const string ImagingProgression = "imaging-progression";
    public const string ClinicalReview = "clinical-review";
    public const string Other = "other";

    /// <summary>Set by a restricted bone-health assessment: no impact until a physician has reviewed it.</summary>
    public const string BoneHealth = "bone-health";

    public static readonly IReadOnlyList<string> All = [DisplacementRisk, SurgicalReferral, ClinicalReview, Other, BoneHealth, ImagingProgression];

    /// <summary>Holds that keep the patient off the leg (or stop everything): stricter than a bone-health hold, so a
    /// restricted assessment or a milder finding leaves them in place.</summary>
    public static readonly IReadOnlyList<string> OffTheLeg = [SurgicalReferral, DisplacementRisk, ImagingProgression];
}

public static class TransitionActions
{
    /// <summary>Recorded once when an episode is created; never posted by a client.</summary>
    public const string Create = "create";
    public const string Advance = "advance";
    public const string Regress = "regress";
    public const string Hold = "hold";
    public const string Resume = "resume";
    public const string Withdraw = "withdraw";

    public static readonly IReadOnlyList<string> Requestable = [Advance, Regress, Hold, Resume, Withdraw];
}

public static class RegressReasons
{
    /// <summary>Version 2: the regression's date becomes the injury date the minimum times count from.</summary>
    public const string ReInjury = "re-injury";

    public static readonly IReadOnlyList<string> All =
        ["fracture-site-pain", "next-day-pain", "imaging-progression", ReInjury, "other"];
}

public static class Roles
{
    public const string ClinicAdmin = "clinic-admin";
    public const string ClinicSystem = "clinic-system";
    public const string Physician = "physician";
    public const string Therapist = "therapist";
    public const string PatientApp = "patient-app";

    public static readonly IReadOnlyList<string> All = [ClinicAdmin, ClinicSystem, Physician, Therapist, PatientApp];
    public static readonly IReadOnlyList<string> Clinicians = [Physician, Therapist];
}

public static class Sides
{
    /// <summary>The sacrum: no leg and no side to name (the plan's texts say neither).</summary>
    public const string NotApplicable = "not-applicable";

    public static readonly IReadOnlyList<string> All = ["left", "right", "bilateral", NotApplicable];
}

public static class Sexes
{
    public const string Female = "female";

    public static readonly IReadOnlyList<string> All = [Female, "male", "other", "unknown"];
}

public static class ImagingModalities
{
    public const string Mri = "mri";
    public const string Ct = "ct";

    public static readonly IReadOnlyList<string> All = ["xray", Mri, Ct, "bone-scan"];
}

public static class ImagingFindings
{
    public const string Healing = "healing";
    public const string NoChange = "no-change";
    public const string Progression = "progression";
    public const string Displacement = "displacement";

    public static readonly IReadOnlyList<string> All = [Healing, NoChange, Progression, Displacement];

    /// <summary>Findings that void earlier healing and put the episode on hold.</summary>
    public static bool IsWorsening(string finding) => finding is Progression or Displacement;
}

/// <summary>Bone-health risk factors (PROTOCOL.md: DXA, menstrual/energy history, nutrition).
/// Recording any of them makes `bone-health-reviewed` a requirement.</summary>
public static class RiskFactors
{
    public static readonly IReadOnlyList<string> All =
    [
        "low-bone-density", "menstrual-dysfunction", "low-energy-availability",
        "disordered-eating", "low-bmi", "prior-bone-stress-injury",
    ];
}

/// <summary>Clearance levels of the Female Athlete Triad cumulative risk assessment (De Souza 2014).</summary>
public static class BoneHealthLevels
{
    public const string Full = "full";
    public const string Provisional = "provisional";
    public const string Restricted = "restricted";

    /// <summary>For a patient who is not recorded as female: the Triad score is not validated for them, so the
    /// factors are shown and the physician judges (Male Athlete Triad 2021).</summary>
    public const string PhysicianJudgement = "physician-judgement";

    public static readonly IReadOnlyList<string> All = [Full, Provisional, Restricted, PhysicianJudgement];
}
