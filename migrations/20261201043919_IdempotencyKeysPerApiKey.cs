using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Idempotency keys belong to the API key that sent them, not to the whole clinic: another key of the
    /// clinic (a patient's app) can no longer take a key first and make the EHR's request with it fail. Every
    /// existing record stays valid (unique per clinic is unique per clinic and API key).</summary>
    public partial class IdempotencyKeysPerApiKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "clinic_id", "api_key_id", "key" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records");

            migrationBuilder.AddPrimaryKey(
                name: "pk_idempotency_records",
                table: "idempotency_records",
                columns: new[] { "clinic_id", "key" });
        }
    }
}
