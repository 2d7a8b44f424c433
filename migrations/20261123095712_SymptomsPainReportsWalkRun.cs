using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <inheritdoc />
    public partial class SymptomsPainReportsWalkRun : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "symptom_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    pain_at_rest = table.Column<int>(type: "integer", nullable: false),
                    pain_with_activity = table.Column<int>(type: "integer", nullable: false),
                    pain_next_morning = table.Column<int>(type: "integer", nullable: true),
                    using_crutches = table.Column<bool>(type: "boolean", nullable: true),
                    exercises_done = table.Column<bool>(type: "boolean", nullable: true),
                    opens_pain_report = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("pk_symptom_reports", x => x.id);
                    table.ForeignKey(
                        name: "fk_symptom_reports_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_symptom_reports_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "walk_run_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false),
                    step = table.Column<int>(type: "integer", nullable: false),
                    completed = table.Column<bool>(type: "boolean", nullable: false),
                    pain = table.Column<bool>(type: "boolean", nullable: false),
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
                    table.PrimaryKey("pk_walk_run_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_walk_run_sessions_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_walk_run_sessions_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "pain_report_resolutions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    pain_report_id = table.Column<Guid>(type: "uuid", nullable: false),
                    resolution = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
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
                    table.PrimaryKey("pk_pain_report_resolutions", x => x.id);
                    table.ForeignKey(
                        name: "fk_pain_report_resolutions_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pain_report_resolutions_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_pain_report_resolutions_symptom_reports_pain_report_id",
                        column: x => x.pain_report_id,
                        principalTable: "symptom_reports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pain_report_resolutions_clinic_id",
                table: "pain_report_resolutions",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_pain_report_resolutions_episode_id_effective_at",
                table: "pain_report_resolutions",
                columns: new[] { "episode_id", "effective_at" });

            migrationBuilder.CreateIndex(
                name: "ix_pain_report_resolutions_pain_report_id",
                table: "pain_report_resolutions",
                column: "pain_report_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_symptom_reports_clinic_id",
                table: "symptom_reports",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_symptom_reports_episode_id",
                table: "symptom_reports",
                column: "episode_id",
                filter: "opens_pain_report");

            migrationBuilder.CreateIndex(
                name: "ix_symptom_reports_episode_id_effective_at",
                table: "symptom_reports",
                columns: new[] { "episode_id", "effective_at" });

            migrationBuilder.CreateIndex(
                name: "ix_walk_run_sessions_clinic_id",
                table: "walk_run_sessions",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_walk_run_sessions_episode_id_effective_at",
                table: "walk_run_sessions",
                columns: new[] { "episode_id", "effective_at" });

            // Patient reports and sessions are history too: append-only, like the evidence (see AppendOnlyHistory).
            foreach (var table in new[] { "symptom_reports", "pain_report_resolutions", "walk_run_sessions" })
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                        FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
                    CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pain_report_resolutions");

            migrationBuilder.DropTable(
                name: "walk_run_sessions");

            migrationBuilder.DropTable(
                name: "symptom_reports");
        }
    }
}
