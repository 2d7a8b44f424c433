using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace RehabApi.Migrations
{
    /// <summary>Every change to an API key (a revocation above all) is announced on the channel rehab_api_keys with
    /// the key's id, whoever makes it, so each instance evicts the key from its cache (ApiKeyRevocationListener).
    /// NOTIFY is delivered only when the transaction commits.</summary>
    public partial class ApiKeyChangeNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_api_key_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('rehab_api_keys', OLD.id::text);
                    RETURN NULL;
                END $$;
                CREATE TRIGGER api_keys_notify_change AFTER UPDATE OR DELETE ON api_keys
                    FOR EACH ROW EXECUTE FUNCTION notify_api_key_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER api_keys_notify_change ON api_keys;
                DROP FUNCTION notify_api_key_change();
                """);
        }
    }
}
