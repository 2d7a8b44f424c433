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

internal sealed class ClearanceEntityTypeConfiguration : IEntityTypeConfiguration<Clearance>
{
    public void Configure(EntityTypeBuilder<Clearance> builder)
    {
        // As for observations: with an (episode, time) index beside it, a prepared statement's generic plan
        // walks all of the episode's clearances of the phase to find one type's latest (bench/NOTES.md).
        builder.ConfigureEpisodeRecord(indexByEffectiveTime: false);
        builder.Property(c => c.Type).HasMaxLength(64);
        // The gate asks, per clearance type, for the latest one: one index probe however many there are.
        builder.HasIndex(c => new { c.EpisodeId, c.Type, c.EffectiveAt });
    }
}

internal sealed class ObservationEntityTypeConfiguration : IEntityTypeConfiguration<Observation>
{
    public void Configure(EntityTypeBuilder<Observation> builder)
    {
        // Observations are found by episode and code instead: with an (episode, time) index beside it, PostgreSQL
        // would read all of an episode's observations of the phase to find one code's (bench/NOTES.md).
        builder.ConfigureEpisodeRecord(indexByEffectiveTime: false);
        builder.Property(o => o.Code).HasMaxLength(64);
        builder.Property(o => o.Unit).HasMaxLength(16);
        builder.Property(o => o.Value).HasPrecision(Observation.ValuePrecision, Observation.ValueScale);
        // The gate asks, per observation code, for the latest one (an index probe) or the highest one (read
        // from this index alone, without touching the table; EpisodeLoading).
        builder.HasIndex(o => new { o.EpisodeId, o.Code, o.EffectiveAt, o.RecordedAt }).IncludeProperties(o => o.Value);
    }
}

internal sealed class ImagingStudyEntityTypeConfiguration : IEntityTypeConfiguration<ImagingStudy>
{
    public void Configure(EntityTypeBuilder<ImagingStudy> builder)
    {
        builder.ConfigureEpisodeRecord();
        builder.Property(i => i.Modality).HasMaxLength(16);
        builder.Property(i => i.Finding).HasMaxLength(32);
    }
}

internal sealed class SymptomReportEntityTypeConfiguration : IEntityTypeConfiguration<Symptoms.SymptomReport>
{
    public void Configure(EntityTypeBuilder<Symptoms.SymptomReport> builder)
    {
        builder.ConfigureEpisodeRecord();
        builder.Ignore(s => s.WorstPain);
        // Open pain reports are looked up on every gate evaluation.
        builder.HasIndex(s => s.EpisodeId).HasFilter("opens_pain_report");
    }
}

internal sealed class PainReportResolutionEntityTypeConfiguration : IEntityTypeConfiguration<Symptoms.PainReportResolution>
{
    public void Configure(EntityTypeBuilder<Symptoms.PainReportResolution> builder)
    {
        builder.ConfigureEpisodeRecord();
        builder.Property(r => r.Resolution).HasMaxLength(32);
        builder.HasOne<Symptoms.SymptomReport>().WithMany().HasForeignKey(r => r.PainReportId).OnDelete(DeleteBehavior.Restrict);
        // A pain report is resolved once.
        builder.HasIndex(r => r.PainReportId).IsUnique();
    }
}

internal sealed class WalkRunSessionEntityTypeConfiguration : IEntityTypeConfiguration<ReturnToRun.WalkRunSession>
{
    public void Configure(EntityTypeBuilder<ReturnToRun.WalkRunSession> builder) => builder.ConfigureEpisodeRecord();
}

internal sealed class BoneHealthAssessmentEntityTypeConfiguration : IEntityTypeConfiguration<BoneHealth.BoneHealthAssessment>
{
    public void Configure(EntityTypeBuilder<BoneHealth.BoneHealthAssessment> builder)
    {
        builder.ConfigureEpisodeRecord();
        builder.Property(b => b.DietaryRestriction).HasMaxLength(64);
        builder.Property(b => b.Bmi).HasPrecision(5, 2);
        builder.Property(b => b.MenarcheAgeYears).HasPrecision(4, 1);
        builder.Property(b => b.BmdZScore).HasPrecision(4, 2);
        builder.Property(b => b.ClearanceLevel).HasMaxLength(32);
    }
}

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

internal sealed class FeedHorizonEntityTypeConfiguration : IEntityTypeConfiguration<Events.FeedHorizon>
{
    public void Configure(EntityTypeBuilder<Events.FeedHorizon> builder)
    {
        builder.HasKey(h => h.ClinicId);
        builder.Property(h => h.UpdatedAt).HasDefaultValueSql("now()");
        builder.HasOne<Clinic>().WithMany().HasForeignKey(h => h.ClinicId).OnDelete(DeleteBehavior.Restrict);
    }
}

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

internal sealed class WebhookAttemptEntityTypeConfiguration : IEntityTypeConfiguration<Webhooks.WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<Webhooks.WebhookAttempt> builder)
    {
        builder.Property(a => a.Error).HasMaxLength(500);
        builder.HasOne<Webhooks.WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.DeliveryId);
    }
}
