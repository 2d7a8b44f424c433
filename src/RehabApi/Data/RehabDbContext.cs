using Microsoft.EntityFrameworkCore;
using RehabApi.Clinics;
using RehabApi.Episodes;
using RehabApi.Evidence;
using RehabApi.Patients;
using RehabApi.Security;
using RehabApi.Transitions;

namespace RehabApi.Data;

public sealed class RehabDbContext(DbContextOptions<RehabDbContext> options, CurrentCaller caller) : DbContext(options)
{
    /// <summary>Every query is filtered to this clinic, in one place, so no endpoint can forget it.</summary>
    public Guid ClinicId { get; } = caller.ClinicId;

    public DbSet<Clinic> Clinics => Set<Clinic>();
    public DbSet<Patient> Patients => Set<Patient>();
    public DbSet<Episode> Episodes => Set<Episode>();
    public DbSet<Transition> Transitions => Set<Transition>();
    public DbSet<Clearance> Clearances => Set<Clearance>();
    public DbSet<Observation> Observations => Set<Observation>();
    public DbSet<ImagingStudy> ImagingStudies => Set<ImagingStudy>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RehabDbContext).Assembly);

        modelBuilder.Entity<Patient>().HasQueryFilter(p => p.ClinicId == ClinicId);
        modelBuilder.Entity<Episode>().HasQueryFilter(e => e.ClinicId == ClinicId);
        modelBuilder.Entity<Transition>().HasQueryFilter(t => t.ClinicId == ClinicId);
        modelBuilder.Entity<Clearance>().HasQueryFilter(c => c.ClinicId == ClinicId);
        modelBuilder.Entity<Observation>().HasQueryFilter(o => o.ClinicId == ClinicId);
        modelBuilder.Entity<ImagingStudy>().HasQueryFilter(i => i.ClinicId == ClinicId);
    }
}
