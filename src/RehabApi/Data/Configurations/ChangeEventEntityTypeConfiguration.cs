using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Episodes;

namespace RehabApi.Data.Configurations;

internal sealed class ChangeEventEntityTypeConfiguration : IEntityTypeConfiguration<Events.ChangeEvent>
{
    public void Configure(EntityTypeBuilder<Events.ChangeEvent> builder)
    {
        builder.ToTable("events");
        builder.Property(e => e.Seq).UseIdentityAlwaysColumn();
        // The writing transaction's id, filled in by PostgreSQL (see ChangeEvent.TxId).
        builder.Property(e => e.TxId).HasDefaultValueSql("pg_current_xact_id()::text::bigint").ValueGeneratedOnAdd();
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Payload).HasColumnType("jsonb");
        builder.HasOne<Clinic>().WithMany().HasForeignKey(e => e.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Episode>().WithMany().HasForeignKey(e => e.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        // The feed reads a clinic's events in (tx_id, seq) order.
        builder.HasIndex(e => new { e.ClinicId, e.TxId, e.Seq });
        // Retention deletes the oldest first.
        builder.HasIndex(e => e.OccurredAt);
    }
}
