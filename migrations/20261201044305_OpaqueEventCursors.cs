using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>A random secret, made by the database itself (gen_random_uuid draws on a strong random source), from
    /// which every instance derives the keys that seal change-feed cursors (EventCursorKeys): cursors no longer show
    /// transaction ids. Cursors handed out before this are refused (400) and a consumer starts again without one.</summary>
    public partial class OpaqueEventCursors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE service_secrets (
                    name text PRIMARY KEY,
                    value bytea NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                INSERT INTO service_secrets (name, value)
                VALUES ('event-cursor', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE service_secrets;");
        }
    }
}
