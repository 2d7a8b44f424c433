using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RehabApi.Data.Configurations;

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
