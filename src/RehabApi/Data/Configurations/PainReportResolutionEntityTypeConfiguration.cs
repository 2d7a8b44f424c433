using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RehabApi.Data.Configurations;

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
