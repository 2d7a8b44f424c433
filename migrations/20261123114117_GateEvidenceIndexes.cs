using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <inheritdoc />
    public partial class GateEvidenceIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_observations_episode_id_effective_at",
                table: "observations");

            migrationBuilder.CreateIndex(
                name: "ix_observations_episode_id_code_effective_at_recorded_at",
                table: "observations",
                columns: new[] { "episode_id", "code", "effective_at", "recorded_at" })
                .Annotation("Npgsql:IndexInclude", new[] { "value" });

            migrationBuilder.CreateIndex(
                name: "ix_clearances_episode_id_type_effective_at",
                table: "clearances",
                columns: new[] { "episode_id", "type", "effective_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_observations_episode_id_code_effective_at_recorded_at",
                table: "observations");

            migrationBuilder.DropIndex(
                name: "ix_clearances_episode_id_type_effective_at",
                table: "clearances");

            migrationBuilder.CreateIndex(
                name: "ix_observations_episode_id_effective_at",
                table: "observations",
                columns: new[] { "episode_id", "effective_at" });
        }
    }
}
