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
        // Per clinic: a version's number tells nothing of other clinics' versions, and an episode's pin is read in
        // its own clinic. Leading with the clinic, the key also serves "the clinic's latest version of a key".
        builder.HasKey(v => new { v.ClinicId, v.Key, v.Version });
        builder.Property(v => v.Key).HasMaxLength(64);
        builder.Property(v => v.Definition).HasColumnType("jsonb");
        builder.HasOne<Clinic>().WithMany().HasForeignKey(v => v.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(v => v.PublishedByKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}
