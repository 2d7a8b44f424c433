using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RehabApi.Data;
using RehabApi.Infrastructure;
using RehabApi.Security;

namespace RehabApi.Patients;

internal static class PatientsApi
{
    public static RouteGroupBuilder MapPatients(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/patients").WithTags("Patients");

        group.MapPost("/", CreatePatient)
            .WithName("CreatePatient")
            .WithSummary("Register a patient under the clinic's own reference")
            .AllowOnly(AccessPolicies.RecordsCare)
            .ProducesProblems(400, 409);
        group.MapGet("/{id:guid}", GetPatient).WithName("GetPatient").WithSummary("Read a patient")
            .AllowOnly(AccessPolicies.ClinicStaff)
            .ProducesProblems(404);
        group.MapGet("/", ListPatients)
            .WithName("ListPatients")
            .WithSummary("Find patients by the clinic's reference, or page through all of them")
            .AllowOnly(AccessPolicies.ClinicStaff)
            .ProducesProblems(400);

        return group;
    }

    public static async Task<Results<Created<PatientResponse>, ValidationProblem, ProblemHttpResult>> CreatePatient(
        CreatePatientRequest request, RehabDbContext db, CurrentCaller caller, TimeProvider time, CancellationToken ct)
    {
        var errors = request.Validate(caller.Calendar.DateOf(time.GetUtcNow()).Year);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var patient = new Patient
        {
            Id = Guid.CreateVersion7(),
            ClinicId = caller.ClinicId,
            ExternalRef = request.ExternalRef!.Trim(),
            Sex = request.Sex,
            BirthYear = request.BirthYear,
            CreatedAt = time.GetUtcNow(),
        };
        // Checked first so that the usual duplicate is a plain answer; the unique index still decides a race.
        if (await db.Patients.AnyAsync(p => p.ExternalRef == patient.ExternalRef, ct))
            return DuplicateExternalRef(patient.ExternalRef);
        // An explicit transaction, so that a write is never retried blindly after a lost connection (see
        // ReadRetryingExecutionStrategy); a client retries it safely with an Idempotency-Key.
        await using var transaction = await db.BeginOrJoinTransactionAsync(ct);
        db.Patients.Add(patient);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return DuplicateExternalRef(patient.ExternalRef);
        }
        return TypedResults.Created($"/api/v1/patients/{patient.Id}", PatientResponse.From(patient));
    }

    private static ProblemHttpResult DuplicateExternalRef(string externalRef) =>
        Problems.Conflict($"A patient with externalRef '{externalRef}' already exists in this clinic.");

    public static async Task<Results<Ok<PatientResponse>, ProblemHttpResult>> GetPatient(Guid id, RehabDbContext db, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);
        return patient is null ? Problems.NotFound("patient", id) : TypedResults.Ok(PatientResponse.From(patient));
    }

    public static async Task<Results<Ok<PatientPage>, ValidationProblem>> ListPatients(
        RehabDbContext db, CancellationToken ct, string? externalRef = null, string? cursor = null, int? limit = null)
    {
        var errors = new ValidationErrors();
        errors.MaxLength("externalRef", externalRef, Patient.ExternalRefMaxLength);
        var after = KeysetCursor.Decode(errors, cursor);
        var take = KeysetCursor.Limit(errors, limit);
        if (errors.Any) return Problems.Validation(errors.ToDictionary());

        var query = db.Patients.AsNoTracking();
        if (externalRef is not null) query = query.Where(p => p.ExternalRef == externalRef);
        if (after is { } afterId) query = query.Where(p => p.Id.CompareTo(afterId) > 0);
        var rows = await query.OrderBy(p => p.Id).Take(take + 1).ToListAsync(ct);

        var items = rows.Take(take).Select(PatientResponse.From).ToList();
        var next = rows.Count > take ? KeysetCursor.Encode(items[^1].Id) : null;
        return TypedResults.Ok(new PatientPage(items, next));
    }
}
