using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <inheritdoc />
    public partial class BoneHealthAssessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bone_health_assessments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    dietary_restriction = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    bmi = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    menarche_age_years = table.Column<decimal>(type: "numeric(4,1)", precision: 4, scale: 1, nullable: true),
                    menses_last12months = table.Column<int>(type: "integer", nullable: true),
                    bmd_z_score = table.Column<decimal>(type: "numeric(4,2)", precision: 4, scale: 2, nullable: true),
                    prior_bone_stress_injuries = table.Column<int>(type: "integer", nullable: false),
                    score = table.Column<int>(type: "integer", nullable: false),
                    clearance_level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    any_risk_factor = table.Column<bool>(type: "boolean", nullable: false),
                    recorded_by_caller_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    recorded_by_caller_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    recorded_by_clinician_id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    recorded_by_clinician_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    recorded_by_clinician_role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    recorded_by_key_id = table.Column<Guid>(type: "uuid", nullable: true),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    episode_id = table.Column<Guid>(type: "uuid", nullable: false),
                    phase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    effective_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    protocol_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    protocol_version = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_bone_health_assessments", x => x.id);
                    table.ForeignKey(
                        name: "fk_bone_health_assessments_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_bone_health_assessments_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_bone_health_assessments_clinic_id",
                table: "bone_health_assessments",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_bone_health_assessments_episode_id_effective_at",
                table: "bone_health_assessments",
                columns: new[] { "episode_id", "effective_at" });

            // Assessments are history too: a new one replaces an old one by being later, never by an edit.
            migrationBuilder.Sql("""
                CREATE TRIGGER bone_health_assessments_append_only BEFORE UPDATE OR DELETE ON bone_health_assessments
                    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
                CREATE TRIGGER bone_health_assessments_no_truncate BEFORE TRUNCATE ON bone_health_assessments
                    FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bone_health_assessments");
        }
    }
}
