using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;

namespace RehabApi.Data.Configurations;

internal sealed class WebhookSubscriptionEntityTypeConfiguration : IEntityTypeConfiguration<Webhooks.WebhookSubscription>
{
    public void Configure(EntityTypeBuilder<Webhooks.WebhookSubscription> builder)
    {
        builder.Property(s => s.Url).HasMaxLength(2000);
        builder.Property(s => s.Secret).HasMaxLength(100);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(s => s.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(s => s.ClinicId);
    }
}
