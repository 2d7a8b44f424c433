using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Old change-feed events may now be deleted (Retention:EventDays), but only old ones: the events trigger
    /// lets a DELETE through for an event recorded more than 7 days ago and still refuses every UPDATE, every
    /// TRUNCATE and the DELETE of anything younger, whoever sends it, so no code path and no operator mistake can
    /// remove entries a client may not have read yet. The 7 days are RetentionOptions.EventFloorDays, which refuses
    /// a shorter EventDays at startup. The clinical history tables keep refuse_history_change() as they were.
    /// Also each clinic's feed horizon (see FeedHorizon) and indexes to find rows by age.</summary>
    public partial class EventsRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "feed_horizons",
                columns: table => new
                {
                    clinic_id = table.Column<Guid>(type: "uuid", nullable: false),
                    tx_id = table.Column<long>(type: "bigint", nullable: false),
                    seq = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_feed_horizons", x => x.clinic_id);
                    table.ForeignKey(
                        name: "fk_feed_horizons_clinics_clinic_id",
                        column: x => x.clinic_id,
                        principalTable: "clinics",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_events_occurred_at",
                table: "events",
                column: "occurred_at");

            // occurred_at is when the service recorded the event (never a client's effectiveAt). 23001 as before.
            migrationBuilder.Sql("""
                CREATE FUNCTION refuse_recent_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' AND OLD.occurred_at < now() - interval '7 days' THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'events is append-only: % is refused%', TG_OP,
                        CASE WHEN TG_OP = 'DELETE' THEN ' for an event recorded in the last 7 days' ELSE '' END
                        USING ERRCODE = 'restrict_violation',
                              HINT = 'Events are never edited; only events recorded more than 7 days ago may be deleted.';
                END;
                $$;
                DROP TRIGGER events_append_only ON events;
                CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
                    FOR EACH ROW EXECUTE FUNCTION refuse_recent_event_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER events_append_only ON events;
                CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
                    FOR EACH ROW EXECUTE FUNCTION refuse_history_change();
                DROP FUNCTION refuse_recent_event_change();
                """);

            migrationBuilder.DropTable(
                name: "feed_horizons");

            migrationBuilder.DropIndex(
                name: "ix_webhook_deliveries_created_at",
                table: "webhook_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_events_occurred_at",
                table: "events");
        }
    }
}
