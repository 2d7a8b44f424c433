using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Evidence;

namespace RehabApi.Data.Configurations;

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
