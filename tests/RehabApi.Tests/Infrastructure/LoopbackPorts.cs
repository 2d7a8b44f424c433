using System.Net;
using System.Net.Sockets;

namespace RehabApi.Tests.Infrastructure;

/// <summary>Free ports on 127.0.0.1 for servers the tests start as other processes (PostgreSQL, pg_auto_failover), which
/// bind them a while after the port is chosen. The ports are taken from below the kernel's ephemeral range: a port in
/// it can be handed, in between, to any outgoing connection of the running suite (thousands of them), and the server
/// then fails to start ("Address already in use"). A fresh-clone run's failover test once timed out waiting for its
/// monitor, which this may have been: its logs were deleted with it, so they now go into the failure.</summary>
public static class LoopbackPorts
{
    /// <summary>The first of <paramref name="count"/> consecutive ports that are free now and lie below the ephemeral range.</summary>
    public static int FreeRange(int count)
    {
        var (low, high) = ChoosableRange();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var first = Random.Shared.Next(low, high - count + 1);
            if (Enumerable.Range(first, count).All(IsFree)) return first;
        }
        throw new InvalidOperationException($"no {count} consecutive free ports found between {low} and {high}");
    }

    /// <summary>[low, high): from 15000 up to where Linux starts handing out ephemeral ports
    /// (/proc/sys/net/ipv4/ip_local_port_range, 32768 by default).</summary>
    private static (int Low, int High) ChoosableRange()
    {
        const int low = 15_000;
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralStart = File.Exists(range) && int.TryParse(File.ReadAllText(range).Split().First(), out var start) ? start : 32_768;
        return ephemeralStart > low + 1_000 ? (low, ephemeralStart) : (low, low + 5_000);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
