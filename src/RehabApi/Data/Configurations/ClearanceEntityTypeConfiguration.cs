using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Evidence;

namespace RehabApi.Data.Configurations;

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
