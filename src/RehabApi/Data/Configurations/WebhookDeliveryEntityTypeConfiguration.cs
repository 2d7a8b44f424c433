using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RehabApi.Data.Configurations;

internal sealed class WebhookDeliveryEntityTypeConfiguration : IEntityTypeConfiguration<Webhooks.WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<Webhooks.WebhookDelivery> builder)
    {
        builder.Property(d => d.Status).HasMaxLength(16);
        builder.Property(d => d.LastError).HasMaxLength(500);
        // Database time, so that every instance schedules by the same clock.
        builder.Property(d => d.NextAttemptAt).HasDefaultValueSql("now()");
        builder.Property(d => d.CreatedAt).HasDefaultValueSql("now()");
        builder.HasOne<Webhooks.WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Events.ChangeEvent>().WithMany().HasForeignKey(d => d.EventId).OnDelete(DeleteBehavior.Restrict);
        // The workers' queue: pending deliveries by due time.
        builder.HasIndex(d => d.NextAttemptAt).HasFilter("status = 'pending'");
        builder.HasIndex(d => new { d.SubscriptionId, d.CreatedAt });
        // Retention deletes finished deliveries by age.
        builder.HasIndex(d => d.CreatedAt);
    }
}
