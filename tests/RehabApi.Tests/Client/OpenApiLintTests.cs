using System.Diagnostics;
using System.Reflection;
using RehabApi.Tests.Infrastructure;

namespace RehabApi.Tests.Client;

/// <summary>A standard linter, Redocly CLI (tools/lint, installed by scripts/test.sh with npm ci), finds no error in the
/// served document. Warnings are allowed (see README, "Generating a client").</summary>
public sealed class OpenApiLintTests(RehabApiFactory factory) : IClassFixture<RehabApiFactory>
{
    [Fact]
    public async Task RedoclyFindsNoErrorInTheServedDocument()
    {
        var root = typeof(OpenApiLintTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "RehabRepositoryRoot").Value!;
        var cli = Path.Combine(root, "tools", "lint", "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed: run `npm ci --prefix tools/lint` (scripts/test.sh does). Missing {cli}");

        var document = Path.Combine(Path.GetTempPath(), $"rehabapi-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(document, await factory.CreateClient(apiKey: null).GetStringAsync(OpenApiConformanceHandler.DocumentPath));
        try
        {
            var start = new ProcessStartInfo("node", [cli, "lint", document, "--format=stylish"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.Combine(root, "tools", "lint"),
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            start.Environment["NO_COLOR"] = "1";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"redocly lint reports errors (exit {process.ExitCode}):\n{await output}\n{await errors}");
        }
        finally
        {
            File.Delete(document);
        }
    }
}
