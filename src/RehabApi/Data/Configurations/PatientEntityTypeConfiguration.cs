using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Patients;

namespace RehabApi.Data.Configurations;

internal sealed class PatientEntityTypeConfiguration : IEntityTypeConfiguration<Patient>
{
    public void Configure(EntityTypeBuilder<Patient> builder)
    {
        builder.Property(p => p.ExternalRef).HasMaxLength(Patient.ExternalRefMaxLength);
        builder.Property(p => p.Sex).HasMaxLength(16);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(p => p.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.ClinicId, p.ExternalRef }).IsUnique();
    }
}
