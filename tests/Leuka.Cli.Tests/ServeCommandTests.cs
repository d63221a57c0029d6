using System.Diagnostics;

namespace Leuka.Cli.Tests;

/// <summary><c>leuka serve</c>: starts on loopback, refuses what would expose it.</summary>
public sealed class ServeCommandTests
{
    [Theory]
    [InlineData(new[] { "serve", "--host", "0.0.0.0" }, "--host: 0.0.0.0 is reachable from other machines")]
    [InlineData(new[] { "serve", "--host", "example.org" }, "--host: \"example.org\" is not an IP address")]
    [InlineData(new[] { "serve", "--host", "0.0.0.0", "--token", "short" }, "--token: 5 characters is too short")]
    [InlineData(new[] { "serve", "--port", "70000" }, "--port: 70000 is not a TCP port")]
    public void Options_that_would_expose_or_break_the_server_are_refused_with_the_option_named(string[] args, string message)
    {
        var (exit, _, err) = CliRunner.Run(args);
        Assert.Equal(2, exit);
        Assert.StartsWith(message, err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_starts_on_loopback_and_answers_until_stopped()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Leuka.Cli.dll"), "serve", "--port", "0" })
        {
            info.ArgumentList.Add(a);
        }

        // A home never used before, as on a fresh machine: the host then warns as it creates its key
        // ring, and that warning must go to stderr, not before the line a script reads on stdout.
        var home = Path.Combine(Path.GetTempPath(), "leuka-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        info.Environment["HOME"] = home;

        using var server = Process.Start(info)!;
        try
        {
            var first = await server.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken);
            Assert.StartsWith("Leuka is serving http://127.0.0.1:", first, StringComparison.Ordinal);
            using var client = new HttpClient { BaseAddress = new Uri(first!["Leuka is serving ".Length..]) };
            var openApi = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
            Assert.Contains("/api/simulate", openApi, StringComparison.Ordinal);
            using var check = await client.PostAsync("/api/check", new StringContent(File.ReadAllText(CliRunner.Example("child-all-15kg.json")), System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.True(check.IsSuccessStatusCode);

            // Nothing the server protects outlives it: no key ring is written into the home.
            Assert.False(Directory.Exists(Path.Combine(home, ".aspnet")), "a data-protection key ring was written into the user's home");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            Directory.Delete(home, recursive: true);
        }
    }
}
