using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RehabApi.Data.Configurations;

internal sealed class WebhookAttemptEntityTypeConfiguration : IEntityTypeConfiguration<Webhooks.WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<Webhooks.WebhookAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.HasOne<Webhooks.WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.DeliveryId);
    }
}
