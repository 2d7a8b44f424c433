using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Every piece of evidence recorded on an episode moves two columns of its row, in PostgreSQL itself:
    /// evidence_version counts them and evidence_effective_by holds the latest effective time. A trigger on each
    /// evidence table does it, so no writer (the service, a second instance, a script) can record evidence and leave
    /// them as they were. The gate's evidence cache (GateEvidenceCache) serves a gate from memory only while they stand.</summary>
    public partial class EvidenceVersion : Migration
    {
        /// <summary>Every table whose rows are an episode's evidence (EvidenceQuery reads them; all are append-only).</summary>
        private static readonly string[] EvidenceTables =
        [
            "clearances", "observations", "imaging_studies", "symptom_reports", "pain_report_resolutions",
            "walk_run_sessions", "bone_health_assessments",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "evidence_version",
                table: "episodes",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            // Episodes that exist now may hold evidence dated up to EffectiveTime.ClockSkew (2 minutes) ahead of the moment
            // it was recorded, which is before now: now plus that skew bounds it. now() is evaluated once, so no row is
            // rewritten. New episodes start with none (null).
            migrationBuilder.Sql("""
                ALTER TABLE episodes ADD COLUMN evidence_effective_by timestamp with time zone DEFAULT now() + interval '2 minutes';
                ALTER TABLE episodes ALTER COLUMN evidence_effective_by DROP DEFAULT;
                """);

            // UPDATE and DELETE of evidence are refused by the append-only triggers, so an insert is the only change there
            // is. The episode's row is normally locked already by the write (EpisodeWrites), so this waits on nothing.
            migrationBuilder.Sql("""
                CREATE FUNCTION note_episode_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE episodes
                    SET evidence_version = evidence_version + 1,
                        evidence_effective_by = GREATEST(evidence_effective_by, NEW.effective_at)
                    WHERE id = NEW.episode_id;
                    RETURN NULL;
                END;
                $$;
                """);
            foreach (var table in EvidenceTables)
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_noted_on_episode AFTER INSERT ON {table}
                        FOR EACH ROW EXECUTE FUNCTION note_episode_evidence();
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in EvidenceTables)
                migrationBuilder.Sql($"DROP TRIGGER {table}_noted_on_episode ON {table};");
            migrationBuilder.Sql("DROP FUNCTION note_episode_evidence();");

            migrationBuilder.DropColumn(
                name: "evidence_effective_by",
                table: "episodes");

            migrationBuilder.DropColumn(
                name: "evidence_version",
                table: "episodes");
        }
    }
}
