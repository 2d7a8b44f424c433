using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;

namespace RehabApi.Data.Configurations;

internal sealed class FeedHorizonEntityTypeConfiguration : IEntityTypeConfiguration<Events.FeedHorizon>
{
    public void Configure(EntityTypeBuilder<Events.FeedHorizon> builder)
    {
        builder.HasKey(h => h.ClinicId);
        builder.Property(h => h.UpdatedAt).HasDefaultValueSql("now()");
        builder.HasOne<Clinic>().WithMany().HasForeignKey(h => h.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}
