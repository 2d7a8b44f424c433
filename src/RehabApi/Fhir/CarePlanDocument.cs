namespace RehabApi.Fhir;

/// <summary>An HL7 FHIR R4 CarePlan, served as application/fhir+json: see https://hl7.org/fhir/R4/careplan.html.
/// The OpenAPI document names the members a client dispatches on and allows the rest (CarePlanSchema):
/// the FHIR specification is the contract.</summary>
/// <param name="ResourceType">Always <c>CarePlan</c>.</param>
/// <param name="Id">The episode id.</param>
/// <param name="Status">active, on-hold, completed (discharged) or revoked (withdrawn).</param>
/// <param name="Intent">Always <c>plan</c>.</param>
public sealed record CarePlanDocument(string ResourceType, string Id, string Status, string Intent);
