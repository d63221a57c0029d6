using System.CommandLine;
using System.Globalization;
using System.Net;
using Leuka.Web;
using Microsoft.Extensions.Hosting;

namespace Leuka.Cli;

/// <summary><c>leuka serve [--port N] [--host ADDRESS] [--token SECRET]</c>: the local web API.</summary>
internal static class ServeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var port = new Option<int>("--port") { Description = $"TCP port (default {WebOptions.DefaultPort}).", DefaultValueFactory = _ => WebOptions.DefaultPort };
        var host = new Option<string>("--host") { Description = "Address to listen on (default 127.0.0.1, this machine only). Any other address needs --token.", DefaultValueFactory = _ => "127.0.0.1" };
        var token = new Option<string?>("--token") { Description = "Secret every request must send as \"Authorization: Bearer <token>\" (or set LEUKA_TOKEN); required beyond 127.0.0.1." };
        var db = new Option<string?>("--db") { Description = $"The record store for the records pages and /api/records (default: {Leuka.Records.StoreLocation.Variable}, else {Leuka.Records.StoreLocation.DefaultPath})." };
        var command = new Command("serve", "Serve the web app and the HTTP API on this machine: POST a scenario to /api/check, /api/simulate or /api/plan; records at /records and /api/records; the OpenAPI document is at /openapi/v1.json. Ctrl-C stops it.")
        {
            port, host, token, db,
        };
        command.SetAction(parse => Execute(parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(token) ?? Environment.GetEnvironmentVariable("LEUKA_TOKEN"), parse.GetValue(db), stdout, stderr));
        return command;
    }

    private static int Execute(string host, int port, string? token, string? db, TextWriter stdout, TextWriter stderr)
    {
        if (!IPAddress.TryParse(host, out var address))
        {
            stderr.WriteLine($"--host: \"{host}\" is not an IP address; give e.g. 127.0.0.1 (this machine only) or 0.0.0.0 (every interface, with --token)");
            return ExitCodes.InvalidInput;
        }

        Leuka.Records.StoreLocation records;
        try
        {
            records = Leuka.Records.StoreLocation.Resolve(db);
        }
        catch (FormatException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }

        var options = new WebOptions(address, port, string.IsNullOrEmpty(token) ? null : token) { Records = records };
        if (options.Problem() is { } problem)
        {
            stderr.WriteLine(problem);
            return ExitCodes.InvalidInput;
        }

        var app = LeukaServer.Build(options);
        try
        {
            app.Start();
        }
        catch (IOException e)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"--port: cannot listen on {host}:{port} ({e.Message}); give another --port"));
            return ExitCodes.InvalidInput;
        }

        var url = app.Urls.FirstOrDefault() ?? $"http://{host}:{port}";
        stdout.WriteLine($"Leuka is serving {url}");
        stdout.WriteLine($"  POST a scenario file to {url}/api/check, /api/simulate or /api/plan; the OpenAPI document: {url}/openapi/v1.json");
        stdout.WriteLine($"  records: {url}/records ({records.Display})");
        stdout.WriteLine("  Ctrl-C stops it.");
        app.WaitForShutdown();
        return ExitCodes.Success;
    }
}
