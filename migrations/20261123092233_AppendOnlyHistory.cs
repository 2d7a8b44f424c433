using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>History is append-only in PostgreSQL itself, not only in the code: any UPDATE, DELETE or
    /// TRUNCATE of a transition or a piece of evidence is refused, whoever sends it (a bug, a script, a
    /// cascade from a deleted episode). A correction is a new record, never an edit.</summary>
    public partial class AppendOnlyHistory : Migration
    {
        private static readonly string[] HistoryTables = ["transitions", "clearances", "observations", "imaging_studies"];

        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // 23001 restrict_violation: an integrity rule, so clients of the database see it as one.
            migrationBuilder.Sql("""
                CREATE FUNCTION refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only: % is refused', TG_TABLE_NAME, TG_OP
                        USING ERRCODE = 'restrict_violation',
                              HINT = 'History is never edited; record a new entry instead.';
                END;
                $$;
                """);
            foreach (var table in HistoryTables)
            {
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
                        FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
                    CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_change();
                    """);
            }
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in HistoryTables)
            {
                migrationBuilder.Sql($"""
                    DROP TRIGGER {table}_no_truncate ON {table};
                    DROP TRIGGER {table}_append_only ON {table};
                    """);
            }
            migrationBuilder.Sql("DROP FUNCTION refuse_history_change();");
        }
    }
}
