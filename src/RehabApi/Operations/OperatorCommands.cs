using System.CommandLine;
using RehabApi.Domain;

namespace RehabApi.Operations;

/// <summary>The commands an operator runs with the service binary instead of serving HTTP:
/// <c>RehabApi migrate</c>, <c>RehabApi clinics ...</c>, <c>RehabApi keys ...</c> (API.md, "Operating the service").</summary>
internal static class OperatorCommands
{
    private static readonly string[] Names = ["migrate", "clinics", "keys"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Names.Contains(args[0]);

    public static Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        var migrate = new Command("migrate", "Apply pending database migrations and exit (safe to run twice).");
        migrate.SetAction((_, token) => MigrateCommand.RunAsync(services, output, token));

        var root = new RootCommand("RehabApi operator commands. Run without a command to serve the API.")
        {
            migrate,
            ClinicCommands.Build(services, output, error),
            KeyCommands.Build(services, output, error),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, ct);
    }

    public static Option<string> RequiredText(string name, string description) => new(name) { Description = description, Required = true };

    public static Option<string> RoleOption() =>
        new Option<string>("--role") { Description = $"One of {string.Join(", ", Roles.All)}.", Required = true }
            .AcceptOnlyFromAmong([.. Roles.All]);
}
