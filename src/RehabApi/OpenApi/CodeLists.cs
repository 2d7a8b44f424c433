using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RehabApi.BoneHealth;
using RehabApi.Domain;
using RehabApi.Domain.BoneHealth;
using RehabApi.Domain.Gates;
using RehabApi.Domain.Plans;
using RehabApi.Domain.Protocols;
using RehabApi.Domain.ReturnToRun;
using RehabApi.Domain.Timeline;
using RehabApi.Episodes;
using RehabApi.Events;
using RehabApi.Evidence;
using RehabApi.History;
using RehabApi.Patients;
using RehabApi.Protocols;
using RehabApi.ReturnToRun;
using RehabApi.Security;
using RehabApi.Symptoms;
using RehabApi.Transitions;
using RehabApi.Webhooks;

namespace RehabApi.OpenApi;

/// <summary>Every code field of the contract, with its codes as an enum: a misspelt code fails in a generated
/// client, not in production. The lists come from the domain (Codes.cs and the like) and, for what a protocol
/// defines, from the built-in protocol: a clinic's version keeps its phases and sites (ProtocolSafety) and may
/// name more clearance types and observation codes than these. A field that may be null lists null too.</summary>
internal sealed class CodeLists : IOpenApiSchemaTransformer, IOpenApiOperationTransformer
{
    private static readonly ProtocolDefinition BuiltIn = ProtocolCatalog.Default;
    private static readonly string[] Phases = [.. BuiltIn.Phases.Select(p => p.Code)];
    private static readonly string[] Statuses = [EpisodeStatuses.Active, EpisodeStatuses.OnHold, EpisodeStatuses.Closed];
    private static readonly string[] ClearanceTypes = [.. BuiltIn.ClearanceTypes.Select(c => c.Type)];
    private static readonly string[] ObservationCodes = [.. BuiltIn.ObservationCodes.Select(o => o.Code)];
    private static readonly string[] Units = [.. BuiltIn.ObservationCodes.Select(o => o.Unit).Distinct()];
    private static readonly string[] ProtocolKeys = [.. ProtocolCatalog.BuiltInProtocols.Select(p => p.Key).Distinct()];
    private static readonly string[] AllActions = [TransitionActions.Create, .. TransitionActions.Requestable];
    private static readonly string[] RecordKinds =
        ["transition", "clearance", "observation", "imaging", "symptom-report", "pain-report-resolution", "walk-run-session", "bone-health-assessment"];
    private static readonly string[] NotCountedReasons =
    [
        WalkRunReasons.LadderComplete, WalkRunReasons.Pain, WalkRunReasons.AfterPain, WalkRunReasons.SameDay,
        WalkRunReasons.TooSoon, WalkRunReasons.NotCompleted, WalkRunReasons.OtherStep,
    ];

    /// <summary>(type, JSON property) → its codes; for an array, the codes of its items.</summary>
    private static readonly Dictionary<(Type, string), IReadOnlyList<string>> Properties = new()
    {
        [(typeof(CreatePatientRequest), "sex")] = Sexes.All,
        [(typeof(PatientResponse), "sex")] = Sexes.All,
        [(typeof(CreateEpisodeRequest), "site")] = BuiltIn.Sites,
        [(typeof(CreateEpisodeRequest), "side")] = Sides.All,
        [(typeof(CreateEpisodeRequest), "riskFactors")] = RiskFactors.All,
        [(typeof(EpisodeResponse), "site")] = BuiltIn.Sites,
        [(typeof(EpisodeResponse), "side")] = Sides.All,
        [(typeof(EpisodeResponse), "riskFactors")] = RiskFactors.All,
        [(typeof(EpisodeResponse), "phase")] = Phases,
        [(typeof(EpisodeResponse), "status")] = Statuses,
        [(typeof(HoldResponse), "reason")] = HoldReasons.All,
        [(typeof(ProtocolRef), "key")] = ProtocolKeys,
        [(typeof(GateResponse), "phase")] = Phases,
        [(typeof(GateResponse), "nextPhase")] = Phases,
        [(typeof(TransitionRequest), "action")] = TransitionActions.Requestable,
        [(typeof(TransitionRequest), "toPhase")] = Phases,
        [(typeof(RecordClearanceRequest), "type")] = ClearanceTypes,
        [(typeof(RecordObservationRequest), "code")] = ObservationCodes,
        [(typeof(RecordObservationRequest), "unit")] = Units,
        [(typeof(RecordImagingRequest), "modality")] = ImagingModalities.All,
        [(typeof(RecordImagingRequest), "finding")] = ImagingFindings.All,
        [(typeof(OnBehalfOf), "role")] = Roles.Clinicians,
        [(typeof(ActorResponse), "callerRole")] = Roles.All,
        [(typeof(ActorResponse), "clinicianRole")] = Roles.Clinicians,
        [(typeof(EpisodeRecordResponse), "kind")] = RecordKinds,
        [(typeof(EpisodeRecordResponse), "phase")] = Phases,
        [(typeof(EpisodeRecordResponse), "action")] = AllActions,
        [(typeof(EpisodeRecordResponse), "fromPhase")] = Phases,
        [(typeof(EpisodeRecordResponse), "toPhase")] = Phases,
        [(typeof(EpisodeRecordResponse), "fromStatus")] = Statuses,
        [(typeof(EpisodeRecordResponse), "toStatus")] = Statuses,
        [(typeof(EpisodeRecordResponse), "type")] = ClearanceTypes,
        [(typeof(EpisodeRecordResponse), "code")] = ObservationCodes,
        [(typeof(EpisodeRecordResponse), "unit")] = Units,
        [(typeof(EpisodeRecordResponse), "modality")] = ImagingModalities.All,
        [(typeof(EpisodeRecordResponse), "finding")] = ImagingFindings.All,
        [(typeof(EpisodeRecordResponse), "resolution")] = [PainReportResolutions.Acknowledged, PainReportResolutions.Regressed],
        [(typeof(EpisodeRecordResponse), "clearanceLevel")] = BoneHealthLevels.All,
        [(typeof(WalkRunReason), "code")] = NotCountedReasons,
        [(typeof(PainReportResponse), "phase")] = Phases,
        [(typeof(PainReportResponse), "resolution")] = [PainReportResolutions.Acknowledged, PainReportResolutions.Regressed],
        [(typeof(RecordBoneHealthRequest), "dietaryRestriction")] = DietaryRestrictions.All,
        [(typeof(BoneHealthResponse), "clearanceLevel")] = BoneHealthLevels.All,
        [(typeof(BoneHealthResponse), "notAssessed")] = TriadFactors.All,
        [(typeof(TriadFactorScore), "factor")] = TriadFactors.All,
        [(typeof(PatientPlan), "phase")] = Phases,
        [(typeof(PatientPlan), "status")] = Statuses,
        [(typeof(PlanNotice), "kind")] = [PlanNoticeKinds.Hold, PlanNoticeKinds.PainReport, PlanNoticeKinds.Closed],
        [(typeof(PlanNextPhase), "code")] = Phases,
        [(typeof(WalkRunPlanSession), "notCountedReason")] = NotCountedReasons,
        [(typeof(EpisodeTimeline), "currentPhase")] = Phases,
        [(typeof(EpisodeTimeline), "status")] = Statuses,
        [(typeof(TimelinePhase), "phase")] = Phases,
        [(typeof(TimelinePhase), "state")] = TimelinePhaseStates.All,
        [(typeof(EventResponse), "type")] = EventTypes.Known,
        [(typeof(CreateWebhookRequest), "eventTypes")] = [EventTypes.All, .. EventTypes.Known],
        [(typeof(WebhookResponse), "eventTypes")] = [EventTypes.All, .. EventTypes.Known],
        [(typeof(WebhookDeliveryResponse), "eventType")] = EventTypes.Known,
        [(typeof(WebhookDeliveryResponse), "status")] =
            [WebhookDeliveryStatuses.Pending, WebhookDeliveryStatuses.Delivered, WebhookDeliveryStatuses.Failed],
        [(typeof(ProtocolSummary), "key")] = ProtocolKeys,
        [(typeof(ProtocolSummary), "source")] = [ProtocolSources.BuiltIn, ProtocolSources.Clinic],
        [(typeof(PhaseDefinition), "code")] = Phases,
        [(typeof(GateDefinition), "from")] = Phases,
        [(typeof(GateDefinition), "to")] = Phases,
        [(typeof(RequirementDefinition), "rule")] = RequirementRules.All,
        [(typeof(ClearanceTypeDefinition), "signers")] = Roles.Clinicians,
    };

    /// <summary>(operation, query parameter) → its codes.</summary>
    private static readonly Dictionary<(string, string), IReadOnlyList<string>> Parameters = new()
    {
        [("ListEpisodes", "phase")] = Phases,
        [("ListEpisodes", "status")] = Statuses,
        [("GetProtocolDiagram", "format")] = [DiagramFormats.Mermaid],
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return Task.CompletedTask;
        foreach (var (name, property) in schema.Properties)
            if (Properties.TryGetValue((type, name), out var codes) && property is OpenApiSchema inline)
                Enumerate(inline.Type?.HasFlag(JsonSchemaType.Array) == true ? inline.Items as OpenApiSchema : inline, codes);
        if (type == typeof(TransitionRequest)) schema.AllOf = [ReasonFor(TransitionActions.Regress, RegressReasons.All), ReasonFor(TransitionActions.Hold, HoldReasons.All)];
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            if (operation.OperationId is { } id && parameter.Name is { } name && Parameters.TryGetValue((id, name), out var codes))
                Enumerate(parameter.Schema as OpenApiSchema, codes);
        return Task.CompletedTask;
    }

    private static void Enumerate(OpenApiSchema? schema, IReadOnlyList<string> codes)
    {
        if (schema is null) return;
        schema.Enum = [.. codes.Select(c => (JsonNode)JsonValue.Create(c))];
        if (schema.Type?.HasFlag(JsonSchemaType.Null) == true) schema.Enum.Add(null!);
    }

    /// <summary>A transition's reason depends on its action: a regression and a hold need one from their own
    /// list (PhaseMachine); a withdrawal may say why in any words, and the other actions take none.</summary>
    private static OpenApiSchema ReasonFor(string action, IReadOnlyList<string> reasons)
    {
        var reason = new OpenApiSchema { Type = JsonSchemaType.String };
        Enumerate(reason, reasons);
        return new OpenApiSchema
        {
            If = new OpenApiSchema
            {
                Required = new HashSet<string> { "action" },
                Properties = new Dictionary<string, IOpenApiSchema> { ["action"] = new OpenApiSchema { Const = action } },
            },
            Then = new OpenApiSchema
            {
                Required = new HashSet<string> { "reason" },
                Properties = new Dictionary<string, IOpenApiSchema> { ["reason"] = reason },
            },
        };
    }
}
