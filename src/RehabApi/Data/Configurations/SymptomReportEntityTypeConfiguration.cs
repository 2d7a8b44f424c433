using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace RehabApi.Data.Configurations;

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
