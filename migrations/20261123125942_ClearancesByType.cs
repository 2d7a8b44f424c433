using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <inheritdoc />
    public partial class ClearancesByType : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_clearances_episode_id_effective_at",
                table: "clearances");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_clearances_episode_id_effective_at",
                table: "clearances",
                columns: new[] { "episode_id", "effective_at" });
        }
    }
}
