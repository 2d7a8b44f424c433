using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Every event gets a pending delivery for each live subscription of its clinic that wants its
    /// type, created by the database in the same transaction as the event. The service used to look the
    /// subscriptions up itself, one more round trip on every write (bench/NOTES.md). Whatever inserts an event
    /// gets the same fan-out, and it reads the subscriptions as of that moment, as the lookup did.</summary>
    public partial class OutboxFanOutInDatabase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION fan_out_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO webhook_deliveries (id, clinic_id, subscription_id, event_id, status, attempts)
                    SELECT gen_random_uuid(), NEW.clinic_id, s.id, NEW.id, 'pending', 0
                    FROM webhook_subscriptions s
                    WHERE s.clinic_id = NEW.clinic_id AND s.deleted_at IS NULL
                      AND ('*' = ANY (s.event_types) OR NEW.type = ANY (s.event_types));
                    RETURN NULL;
                END $$;
                """);
            migrationBuilder.Sql("CREATE TRIGGER fan_out_event AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION fan_out_event();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER fan_out_event ON events;");
            migrationBuilder.Sql("DROP FUNCTION fan_out_event();");
        }
    }
}
