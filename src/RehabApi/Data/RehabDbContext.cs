using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RehabApi.BoneHealth;
using RehabApi.Clinics;
using RehabApi.Episodes;
using RehabApi.Events;
using RehabApi.Evidence;
using RehabApi.Idempotency;
using RehabApi.Patients;
using RehabApi.Protocols;
using RehabApi.ReturnToRun;
using RehabApi.Security;
using RehabApi.Symptoms;
using RehabApi.Transitions;
using RehabApi.Webhooks;

namespace RehabApi.Data;

public sealed class RehabDbContext : DbContext
{
    private CurrentCaller caller = new();

    /// <summary>Contexts are pooled (see <see cref="RehabDbContextLease"/>): the constructor runs once per pooled
    /// instance, and <see cref="BindTo"/> hands each request's caller to the instance it rents.</summary>
    public RehabDbContext(DbContextOptions<RehabDbContext> options) : base(options)
    {
        // Inside a transaction EF would wrap each SaveChanges in a savepoint, and it logs and swallows a failure
        // to release one: a connection dropped at that moment would surface later as "transaction completed"
        // instead of as the database fault it is (503). Every transaction here is all-or-nothing, so
        // savepoints buy nothing.
        Database.AutoSavepointsEnabled = false;
    }

    internal void BindTo(CurrentCaller requestCaller) => caller = requestCaller;

    // Back in the pool, the instance forgets its caller: an unbound context sees no clinic's rows.
    public override void Dispose()
    {
        caller = new CurrentCaller();
        base.Dispose();
    }

    public override ValueTask DisposeAsync()
    {
        caller = new CurrentCaller();
        return base.DisposeAsync();
    }

    /// <summary>The clinic of the caller this context is bound to (empty when none): whose feed its transactions may write.</summary>
    internal Guid CallerClinicId => caller.ClinicId;

    /// <summary>The transaction (EF's id for it) that took a clinic's feed writer lock, and that clinic
    /// (<see cref="FeedWriters"/> sets it, <see cref="ChangeEventWriter"/> checks it).</summary>
    internal (Guid Transaction, Guid Clinic) FeedWriter { get; private set; }

    internal void TookFeedWriterLock(Guid transactionId, Guid clinicId) => FeedWriter = (transactionId, clinicId);

    // Every query is filtered to the caller's clinic (and a patient-app key to its one patient) here, in one
    // place, so no endpoint can forget it. EF reads these properties afresh for every query it runs. The one
    // episode read that bypasses EF Core (EpisodeRow) takes its filter from EpisodeScope below, and
    // EpisodeRowTests holds it to this one.
    private Guid ClinicId => caller.ClinicId;
    private Guid? PatientScope => caller.PatientId;

    /// <summary>The episodes filter's two values, for the one read that runs without EF Core (EpisodeRow, the hot path
    /// of every episode request), which must filter exactly as the query filter below does.</summary>
    internal (Guid ClinicId, Guid? PatientId) EpisodeScope => caller.EpisodeScope;

    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<Episode> Episodes => Set<Episode>();
    public DbSet<Transition> Transitions => Set<Transition>();
    public DbSet<Clearance> Clearances => Set<Clearance>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<ImagingStudy> ImagingStudies => Set<ImagingStudy>();
    public DbSet<SymptomReport> SymptomReports => Set<SymptomReport>();
    public DbSet<PainReportResolution> PainReportResolutions => Set<PainReportResolution>();
    public DbSet<WalkRunSession> WalkRunSessions => Set<WalkRunSession>();
    public DbSet<BoneHealthAssessment> BoneHealthAssessments => Set<BoneHealthAssessment>();
    public DbSet<ChangeEvent> ChangeEvents => Set<ChangeEvent>();
    public DbSet<FeedHorizon> FeedHorizons => Set<FeedHorizon>();
    public DbSet<WebhookSubscription> WebhookSubscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();

    /// <summary>Filtered to the caller's clinic, whose own numbering they are in (see <see cref="ProtocolStore"/>).</summary>
    public DbSet<ClinicProtocolVersion> ClinicProtocolVersions => Set<ClinicProtocolVersion>();

    /// <summary>Not filtered: a key is looked up before its clinic is known.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Not filtered: always looked up by (clinic, API key, key) explicitly, and cleaned up across clinics.</summary>
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>Not filtered: the console's session cookies are protected with these keys, shared by every instance (read and
    /// written through ConsoleKeysDbContext; declared here so that the migrations create the table).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the service does no blocking database I/O.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RehabDbContext).Assembly);

        modelBuilder.Entity<Patient>().HasQueryFilter(p => p.ClinicId == ClinicId && (PatientScope == null || p.Id == PatientScope));
        modelBuilder.Entity<Episode>().HasQueryFilter(e => e.ClinicId == ClinicId && (PatientScope == null || e.PatientId == PatientScope));
        modelBuilder.Entity<Transition>().HasQueryFilter(t => t.ClinicId == ClinicId);
        modelBuilder.Entity<Clearance>().HasQueryFilter(c => c.ClinicId == ClinicId);
        modelBuilder.Entity<Observation>().HasQueryFilter(o => o.ClinicId == ClinicId);
        modelBuilder.Entity<ImagingStudy>().HasQueryFilter(i => i.ClinicId == ClinicId);
        modelBuilder.Entity<SymptomReport>().HasQueryFilter(s => s.ClinicId == ClinicId);
        modelBuilder.Entity<PainReportResolution>().HasQueryFilter(r => r.ClinicId == ClinicId);
        modelBuilder.Entity<WalkRunSession>().HasQueryFilter(w => w.ClinicId == ClinicId);
        modelBuilder.Entity<BoneHealthAssessment>().HasQueryFilter(b => b.ClinicId == ClinicId);
        modelBuilder.Entity<ChangeEvent>().HasQueryFilter(e => e.ClinicId == ClinicId);
        modelBuilder.Entity<FeedHorizon>().HasQueryFilter(h => h.ClinicId == ClinicId);
        modelBuilder.Entity<WebhookSubscription>().HasQueryFilter(w => w.ClinicId == ClinicId);
        modelBuilder.Entity<WebhookDelivery>().HasQueryFilter(d => d.ClinicId == ClinicId);
        modelBuilder.Entity<ClinicProtocolVersion>().HasQueryFilter(v => v.ClinicId == ClinicId);
    }
}
