using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Evidence;

namespace RehabApi.Data.Configurations;

internal sealed class ImagingStudyEntityTypeConfiguration : IEntityTypeConfiguration<ImagingStudy>
{
    public void Configure(EntityTypeBuilder<ImagingStudy> builder)
    {
        builder.ConfigureEpisodeRecord();
        builder.Property(i => i.Modality).HasMaxLength(16);
        builder.Property(i => i.Finding).HasMaxLength(32);
    }
}
