using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Episodes;
using RehabApi.Evidence;

namespace RehabApi.Data.Configurations;

/// <summary>The columns every append-only episode record shares.</summary>
internal static class EpisodeRecordConfiguration
{
    public static void ConfigureEpisodeRecord<T>(this EntityTypeBuilder<T> builder, bool indexByEffectiveTime = true) where T : EpisodeRecord
    {
        builder.Property(r => r.Phase).HasMaxLength(64);
        builder.Property(r => r.ProtocolKey).HasMaxLength(64);
        builder.Property(r => r.Note).HasMaxLength(4000);
        builder.ComplexProperty(r => r.RecordedBy, actor =>
        {
            actor.Property(a => a.CallerRole).HasMaxLength(32);
            actor.Property(a => a.CallerName).HasMaxLength(200);
            actor.Property(a => a.ClinicianId).HasMaxLength(128);
            actor.Property(a => a.ClinicianName).HasMaxLength(200);
            actor.Property(a => a.ClinicianRole).HasMaxLength(32);
        });
        builder.HasOne<Clinic>().WithMany().HasForeignKey(r => r.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Episode>().WithMany().HasForeignKey(r => r.EpisodeId).OnDelete(DeleteBehavior.Restrict);
        // Gate evaluation reads an episode's evidence from its phase entry on.
        if (indexByEffectiveTime) builder.HasIndex(r => new { r.EpisodeId, r.EffectiveAt });
    }
}
