using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Protocols;
using RehabApi.Security;

namespace RehabApi.Data.Configurations;

internal sealed class ClinicProtocolVersionConfiguration : IEntityTypeConfiguration<ClinicProtocolVersion>
{
    public void Configure(EntityTypeBuilder<ClinicProtocolVersion> builder)
    {
        // Not per clinic: an episode's (protocol key, version) must name one definition whichever clinic published it.
        builder.HasKey(v => new { v.Key, v.Version });
        builder.Property(v => v.Key).HasMaxLength(64);
        builder.Property(v => v.Definition).HasColumnType("jsonb");
        builder.HasOne<Clinic>().WithMany().HasForeignKey(v => v.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(v => v.PublishedByKeyId).OnDelete(DeleteBehavior.Restrict);
        // A clinic's latest version of a key is what its new episodes start on.
        builder.HasIndex(v => new { v.ClinicId, v.Key, v.Version });
    }
}
