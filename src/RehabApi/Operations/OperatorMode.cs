using System.Reflection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;

namespace RehabApi.Operations;

/// <summary>How this process runs: <c>RehabApi migrate | clinics ... | keys ...</c> runs one operator command and exits
/// (<see cref="OperatorCommands"/>); anything else serves the API.</summary>
internal static class OperatorMode
{
    /// <summary>The content root is where the binary is, not the working directory, so appsettings.json (log levels,
    /// defaults) is read however the service is started (<c>dotnet /app/RehabApi.dll</c> from anywhere). A command's
    /// words are not configuration.</summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(new WebApplicationOptions
    {
        Args = OperatorCommands.IsCommand(args) ? [] : args,
        ContentRootPath = AppContext.BaseDirectory,
    });

    /// <summary>Builds the service for this run. For an operator command, logs go to stderr as plain text, so that
    /// stdout carries only the command's output (a new key on its last line). Build-time document generation
    /// (Microsoft.Extensions.ApiDescription.Server; the generated-client test asks for it) runs the entry point only to
    /// read the OpenAPI document: no background work, and so no database connection.</summary>
    public static WebApplication BuildFor(this WebApplicationBuilder builder, string[] args)
    {
        if (OperatorCommands.IsCommand(args))
        {
            builder.Logging.ClearProviders();
            // EF logs its probe for a missing history table as an error on a fresh database; the commands report themselves.
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None);
            builder.Logging.AddConsole(console =>
            {
                console.LogToStandardErrorThreshold = LogLevel.Trace;
                console.FormatterName = ConsoleFormatterNames.Simple;
            });
        }
        if (Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider")
            builder.Services.RemoveAll<IHostedService>();
        return builder.Build();
    }
}
