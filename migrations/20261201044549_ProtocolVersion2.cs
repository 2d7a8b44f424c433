using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <inheritdoc />
    public partial class ProtocolVersion2 : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The built-in hip-bsi version 2 takes the number 2. Versions are numbered across built-ins and clinics, so a
            // clinic that published its own version before this release may hold it: episodes pinned to that version
            // would silently change rules. Stop the upgrade instead, and say why; an operator must resolve it first.
            migrationBuilder.Sql("""
                DO $$
                BEGIN
                    IF EXISTS (SELECT 1 FROM clinic_protocol_versions WHERE key = 'hip-bsi' AND version = 2) THEN
                        RAISE EXCEPTION 'A clinic has published hip-bsi version 2, the number of the new built-in version 2; '
                            'renumber that clinic version (and the episodes and history pinned to it) before upgrading.';
                    END IF;
                END $$;
                """);

            // Every existing episode counts its minimum times from its diagnosis (version 1 never moves it).
            migrationBuilder.AddColumn<DateOnly>(
                name: "injury_on",
                table: "episodes",
                type: "date",
                nullable: true);
            migrationBuilder.Sql("UPDATE episodes SET injury_on = diagnosed_on;");
            migrationBuilder.AlterColumn<DateOnly>(
                name: "injury_on",
                table: "episodes",
                type: "date",
                nullable: false,
                oldClrType: typeof(DateOnly),
                oldType: "date",
                oldNullable: true);

            migrationBuilder.AddColumn<int>(
                name: "min_weeks_before_discharge",
                table: "episodes",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "min_weeks_before_impact",
                table: "episodes",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "injury_on",
                table: "episodes");

            migrationBuilder.DropColumn(
                name: "min_weeks_before_discharge",
                table: "episodes");

            migrationBuilder.DropColumn(
                name: "min_weeks_before_impact",
                table: "episodes");
        }
    }
}
