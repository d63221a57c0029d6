using System.CommandLine;
using Leuka.Formats;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary><c>leuka check SCENARIO [--json]</c>: validates a scenario and prints the normalized patient.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var scenarioArgument = new Argument<string>("scenario") { Description = "Scenario file (JSON, see the scenario contract)." };
        var jsonOption = new Option<bool>("--json") { Description = "Print the normalized scenario as JSON on stdout." };
        var command = new Command("check", "Validate a scenario and print the normalized patient: canonical units, blood volume and derived values, warnings.")
        {
            scenarioArgument,
            jsonOption,
        };
        command.SetAction(parse => Execute(parse.GetValue(scenarioArgument)!, parse.GetValue(jsonOption), stdout, stderr, console));
        return command;
    }

    private static int Execute(string path, bool json, TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var result = ScenarioLoader.LoadFile(path);
        foreach (var error in result.Errors)
        {
            stderr.WriteLine(error.ToString());
        }

        if (json)
        {
            stdout.WriteLine(CheckJson.Write(result));
        }
        else if (result.Scenario is { } scenario)
        {
            CheckText.Write(console, scenario, result.Warnings);
        }

        return result.IsValid ? ExitCodes.Success : ExitCodes.InvalidInput;
    }
}
