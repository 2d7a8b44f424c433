using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Clinic protocol versions are numbered per clinic (ProtocolStore.PublishAsync), so (key, version) is
    /// unique only within a clinic. Existing versions keep their numbers and their episodes' pins.</summary>
    public partial class ProtocolVersionsPerClinic : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_clinic_protocol_versions",
                table: "clinic_protocol_versions");

            migrationBuilder.DropIndex(
                name: "ix_clinic_protocol_versions_clinic_id_key_version",
                table: "clinic_protocol_versions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_clinic_protocol_versions",
                table: "clinic_protocol_versions",
                columns: new[] { "clinic_id", "key", "version" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Fails once two clinics have published a version of the same number: those cannot share one numbering.
            migrationBuilder.DropPrimaryKey(
                name: "pk_clinic_protocol_versions",
                table: "clinic_protocol_versions");

            migrationBuilder.AddPrimaryKey(
                name: "pk_clinic_protocol_versions",
                table: "clinic_protocol_versions",
                columns: new[] { "key", "version" });

            migrationBuilder.CreateIndex(
                name: "ix_clinic_protocol_versions_clinic_id_key_version",
                table: "clinic_protocol_versions",
                columns: new[] { "clinic_id", "key", "version" });
        }
    }
}
