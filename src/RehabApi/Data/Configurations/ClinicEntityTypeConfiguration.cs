using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;

namespace RehabApi.Data.Configurations;

internal sealed class ClinicEntityTypeConfiguration : IEntityTypeConfiguration<Clinic>
{
    public void Configure(EntityTypeBuilder<Clinic> builder)
    {
        builder.Property(c => c.Slug).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.TimeZone).HasMaxLength(64).HasDefaultValue(Clinic.DefaultTimeZone);
        builder.HasIndex(c => c.Slug).IsUnique();
        builder.HasData(new Clinic
        {
            Id = Clinic.DefaultId,
            Slug = Clinic.DefaultSlug,
            Name = "Default clinic",
            CreatedAt = new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero),
        });
    }
}
