using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RehabApi.Data.Configurations;

internal sealed class WalkRunSessionEntityTypeConfiguration : IEntityTypeConfiguration<ReturnToRun.WalkRunSession>
{
    public void Configure(EntityTypeBuilder<ReturnToRun.WalkRunSession> builder) => builder.ConfigureEpisodeRecord();
}
