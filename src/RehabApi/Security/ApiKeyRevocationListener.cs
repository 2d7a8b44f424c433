using Npgsql;
using RehabApi.Data;

namespace RehabApi.Security;

/// <summary>Holds one connection that LISTENs on <see cref="Channel"/>, where a trigger on api_keys announces
/// every update or delete (a revocation by any instance, the operator command, or plain SQL) with the key's id,
/// and a trigger on clinics every change to a clinic (its time zone) as <see cref="ClinicPrefix"/> and its id;
/// it evicts that key, or that clinic's keys, from <see cref="ApiKeyCache"/>. While the connection is down the
/// cache is not trusted.</summary>
internal sealed class ApiKeyRevocationListener(ApiKeyCache cache, IConfiguration configuration, ILogger<ApiKeyRevocationListener> logger)
    : BackgroundService
{
    public const string Channel = "rehab_api_keys";
    public const string ClinicPrefix = "clinic:";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(DataSetup.RehabConnectionString(configuration))
        {
            // A listening connection is long-lived and must not come from (or go back to) the shared pool.
            Pooling = false,
            KeepAlive = 15,
        }.ConnectionString;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, notification) =>
                {
                    var payload = notification.Payload;
                    if (payload.StartsWith(ClinicPrefix, StringComparison.Ordinal))
                    {
                        if (Guid.TryParse(payload.AsSpan(ClinicPrefix.Length), out var clinicId)) cache.EvictClinic(clinicId);
                    }
                    else if (Guid.TryParse(payload, out var keyId)) cache.Evict(keyId);
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                cache.StartTrusting();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                cache.StopTrusting();
                logger.LogWarning("API key change notifications interrupted ({Error}); keys are read from the database until they resume",
                    exception.GetType().Name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
        cache.StopTrusting();
    }
}
