using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Episodes;
using RehabApi.Patients;

namespace RehabApi.Data.Configurations;

internal sealed class EpisodeEntityTypeConfiguration : IEntityTypeConfiguration<Episode>
{
    public void Configure(EntityTypeBuilder<Episode> builder)
    {
        builder.Property(e => e.Site).HasMaxLength(64);
        builder.Property(e => e.Side).HasMaxLength(32);
        builder.Property(e => e.Phase).HasMaxLength(64);
        builder.Property(e => e.Status).HasMaxLength(32);
        builder.Property(e => e.HoldReason).HasMaxLength(64);
        builder.Property(e => e.ProtocolKey).HasMaxLength(64);
        builder.Property(e => e.NeckWidthPercent).HasPrecision(5, 2);
        builder.Property(e => e.Version).IsConcurrencyToken();
        // Kept by PostgreSQL (triggers on the evidence tables, migration EvidenceVersion): EF Core reads them and never
        // writes them, so a save cannot put back a value the triggers have since moved.
        PropertyBuilder[] keptByTriggers = [builder.Property(e => e.EvidenceVersion).HasDefaultValue(0L), builder.Property(e => e.EvidenceEffectiveBy)];
        foreach (var kept in keptByTriggers)
        {
            kept.ValueGeneratedOnAddOrUpdate();
            kept.Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            kept.Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
        }

        builder.HasOne<Clinic>().WithMany().HasForeignKey(e => e.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(e => e.PatientId).OnDelete(DeleteBehavior.Restrict);

        // Keyset pages are ordered by id (UUIDv7, so roughly by creation) within a clinic.
        builder.HasIndex(e => new { e.ClinicId, e.Id });
        builder.HasIndex(e => new { e.ClinicId, e.Phase, e.Id });
        builder.HasIndex(e => new { e.ClinicId, e.Status, e.Id });
        builder.HasIndex(e => new { e.ClinicId, e.PatientId, e.Id });
    }
}
