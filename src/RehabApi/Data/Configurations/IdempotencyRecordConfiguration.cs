using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Idempotency;

namespace RehabApi.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        // Keys are per API key (so no other key of the clinic, a patient's app say, can take one first and make a
        // request fail); the primary key is what makes a concurrent second use wait for the first.
        builder.HasKey(r => new { r.ClinicId, r.ApiKeyId, r.Key });
        builder.Property(r => r.Key).HasMaxLength(IdempotencyKeys.MaxLength);
        builder.Property(r => r.RequestHash).HasMaxLength(32);
        builder.Property(r => r.ContentType).HasMaxLength(200);
        builder.Property(r => r.Location).HasMaxLength(2000);
        builder.Property(r => r.ETag).HasMaxLength(200);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(r => r.ClinicId).OnDelete(DeleteBehavior.Restrict);
        // The cleanup deletes by expiry.
        builder.HasIndex(r => r.ExpiresAt);
    }
}
