using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Clinics' own protocol versions. Episodes are pinned to them, so like history they are
    /// append-only in PostgreSQL itself (refuse_history_change comes from AppendOnlyHistory).</summary>
    public partial class ClinicProtocolVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "clinic_protocol_versions",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    definition = table.Column<string>(type: "jsonb", nullable: false),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    published_by_key_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinic_protocol_versions", x => new { x.key, x.version });
                    table.ForeignKey(
                        name: "fk_clinic_protocol_versions_api_keys_published_by_key_id",
                        column: x => x.published_by_key_id,
                        principalTable: "api_keys",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_clinic_protocol_versions_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_clinic_protocol_versions_clinic_id_key_version",
                table: "clinic_protocol_versions",
                columns: new[] { "clinic_id", "key", "version" });

            migrationBuilder.CreateIndex(
                name: "ix_clinic_protocol_versions_published_by_key_id",
                table: "clinic_protocol_versions",
                column: "published_by_key_id");

            migrationBuilder.Sql("""
                CREATE TRIGGER clinic_protocol_versions_append_only BEFORE UPDATE OR DELETE ON clinic_protocol_versions
                    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
                CREATE TRIGGER clinic_protocol_versions_no_truncate BEFORE TRUNCATE ON clinic_protocol_versions
                    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clinic_protocol_versions");
        }
    }
}
