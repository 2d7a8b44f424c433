using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// What a request allocates, by type, from a trace of the runtime's allocation ticks (one event for about every
// 100 KB allocated, naming the type that crossed the mark, so the figures are a sample):
//   1. load the endpoint with wrk and note the requests per second;
//   2. dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1:5 --duration 00:00:00:05 -o alloc.nettrace
//   3. dotnet run --project bench/AllocationTicks -c Release -- alloc.nettrace REQUESTS
// where REQUESTS is the requests served in those 5 seconds. Prints the sampled bytes per request and the 40 types
// that took the most (bench/NOTES.md, ninth session).
if (args.Length != 2 || !double.TryParse(args[1], out var requests) || requests <= 0)
{
    Console.Error.WriteLine("usage: AllocationTicks TRACE.nettrace REQUESTS");
    return 2;
}

var bytesByType = new Dictionary<string, long>();
long total = 0;
using (var source = new EventPipeEventSource(args[0]))
{
    source.Clr.GCAllocationTick += (GCAllocationTickTraceData tick) =>
    {
        bytesByType[tick.TypeName] = bytesByType.GetValueOrDefault(tick.TypeName) + tick.AllocationAmount64;
        total += tick.AllocationAmount64;
    };
    source.Process();
}

Console.WriteLine($"{total / requests:N0} bytes per request ({total:N0} sampled)");
foreach (var (type, bytes) in bytesByType.OrderByDescending(entry => entry.Value).Take(40))
    Console.WriteLine($"{100.0 * bytes / total,5:F1}%  {bytes / requests,8:N0} B/request  {type}");
return 0;
