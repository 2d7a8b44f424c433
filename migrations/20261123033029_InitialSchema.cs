using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "clinics",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    slug = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_clinics", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "patients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    external_ref = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    sex = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    birth_year = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patients", x => x.id);
                    table.ForeignKey(
                        name: "fk_patients_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "episodes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    patient_id = table.Column<Guid>(type: "uuid", nullable: false),
                    site = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    side = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    diagnosed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    non_weight_bearing_since = table.Column<DateOnly>(type: "date", nullable: false),
                    planned_non_weight_bearing_weeks = table.Column<int>(type: "integer", nullable: false),
                    displaced = table.Column<bool>(type: "boolean", nullable: false),
                    neck_width_percent = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    mri_grade = table.Column<int>(type: "integer", nullable: true),
                    risk_factors = table.Column<List<string>>(type: "text[]", nullable: false),
                    phase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    hold_reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    hold_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    phase_entered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_transition_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    protocol_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    protocol_version = table.Column<int>(type: "integer", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_episodes", x => x.id);
                    table.ForeignKey(
                        name: "fk_episodes_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_episodes_patients_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patients",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "clearances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
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
                    table.PrimaryKey("pk_clearances", x => x.id);
                    table.ForeignKey(
                        name: "fk_clearances_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_clearances_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "imaging_studies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    modality = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    performed_on = table.Column<DateOnly>(type: "date", nullable: false),
                    finding = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    grade = table.Column<int>(type: "integer", nullable: true),
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
                    table.PrimaryKey("pk_imaging_studies", x => x.id);
                    table.ForeignKey(
                        name: "fk_imaging_studies_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_imaging_studies_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "observations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    value = table.Column<decimal>(type: "numeric(9,2)", precision: 9, scale: 2, nullable: false),
                    unit = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
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
                    table.PrimaryKey("pk_observations", x => x.id);
                    table.ForeignKey(
                        name: "fk_observations_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_observations_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "transitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    from_phase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    to_phase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    from_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    to_status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
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
                    table.PrimaryKey("pk_transitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_transitions_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_transitions_episodes_episode_id",
                        column: x => x.episode_id,
                        principalTable: "episodes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.InsertData(
                table: "clinics",
                columns: new[] { "id", "created_at", "name", "slug" },
                values: new object[] { new Guid("00000000-0000-0000-0000-000000000001"), new DateTimeOffset(new DateTime(2026, 11, 23, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Default clinic", "default" });

            migrationBuilder.CreateIndex(
                name: "ix_clearances_clinic_id",
                table: "clearances",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_clearances_episode_id_effective_at",
                table: "clearances",
                columns: new[] { "episode_id", "effective_at" });

            migrationBuilder.CreateIndex(
                name: "ix_clinics_slug",
                table: "clinics",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_episodes_clinic_id_id",
                table: "episodes",
                columns: new[] { "clinic_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_episodes_clinic_id_patient_id_id",
                table: "episodes",
                columns: new[] { "clinic_id", "patient_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_episodes_clinic_id_phase_id",
                table: "episodes",
                columns: new[] { "clinic_id", "phase", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_episodes_clinic_id_status_id",
                table: "episodes",
                columns: new[] { "clinic_id", "status", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_episodes_patient_id",
                table: "episodes",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_imaging_studies_clinic_id",
                table: "imaging_studies",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_imaging_studies_episode_id_effective_at",
                table: "imaging_studies",
                columns: new[] { "episode_id", "effective_at" });

            migrationBuilder.CreateIndex(
                name: "ix_observations_clinic_id",
                table: "observations",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_observations_episode_id_effective_at",
                table: "observations",
                columns: new[] { "episode_id", "effective_at" });

            migrationBuilder.CreateIndex(
                name: "ix_patients_clinic_id_external_ref",
                table: "patients",
                columns: new[] { "clinic_id", "external_ref" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_transitions_clinic_id",
                table: "transitions",
                column: "clinic_id");

            migrationBuilder.CreateIndex(
                name: "ix_transitions_episode_id_effective_at",
                table: "transitions",
                columns: new[] { "episode_id", "effective_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "clearances");

            migrationBuilder.DropTable(
                name: "imaging_studies");

            migrationBuilder.DropTable(
                name: "observations");

            migrationBuilder.DropTable(
                name: "transitions");

            migrationBuilder.DropTable(
                name: "episodes");

            migrationBuilder.DropTable(
                name: "patients");

            migrationBuilder.DropTable(
                name: "clinics");
        }
    }
}
