
namespace Leuka.Cli.Tests;

/// <summary>Runs the <c>leuka</c> command in-process with captured output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = LeukaApp.Run(args, stdout, stderr, outputRedirected: true);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static string Example(string name) => RepositoryFiles.Example(name);

    public static string[] Examples() => RepositoryFiles.Examples();
}
