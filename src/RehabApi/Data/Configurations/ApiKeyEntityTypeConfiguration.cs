using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RehabApi.Clinics;
using RehabApi.Patients;
using RehabApi.Security;

namespace RehabApi.Data.Configurations;

internal sealed class ApiKeyEntityTypeConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.Property(k => k.Role).HasMaxLength(32);
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Salt).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Ignore(k => k.IsRevoked);
        builder.HasOne<Clinic>().WithMany().HasForeignKey(k => k.ClinicId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Patient>().WithMany().HasForeignKey(k => k.PatientId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(k => k.ClinicId);
        // A patient-app key is bound to exactly one patient; no other key is.
        builder.ToTable(t => t.HasCheckConstraint("ck_api_keys_patient_app_has_patient",
            "(role = 'patient-app') = (patient_id IS NOT NULL)"));
    }
}
