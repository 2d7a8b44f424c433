using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Every clinic gets an IANA time zone, UTC for those that exist. A change to a clinic (its zone) is
    /// announced on rehab_api_keys as 'clinic:' and its id, like a change to a key, so that each instance evicts the
    /// clinic's cached keys, which carry the zone (ApiKeyRevocationListener).</summary>
    public partial class ClinicTimeZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "time_zone",
                table: "clinics",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "UTC");

            migrationBuilder.UpdateData(
                table: "clinics",
                keyColumn: "id",
                keyValue: new Guid("00000000-0000-0000-0000-000000000001"),
                column: "time_zone",
                value: "UTC");

            migrationBuilder.Sql("""
                CREATE FUNCTION notify_clinic_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('rehab_api_keys', 'clinic:' || OLD.id::text);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER clinics_notify_change AFTER UPDATE OR DELETE ON clinics
                    FOR EACH ROW EXECUTE FUNCTION notify_clinic_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER clinics_notify_change ON clinics;
                DROP FUNCTION notify_clinic_change();
                """);

            migrationBuilder.DropColumn(
                name: "time_zone",
                table: "clinics");
        }
    }
}
