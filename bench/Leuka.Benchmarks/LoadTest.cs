using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Leuka.Testing;
using Leuka.Web;

namespace Leuka.Benchmarks;

/// <summary>
/// The HTTP API under load (not a BenchmarkDotNet benchmark: a fixed-duration run):
/// <c>dotnet run -c Release --project bench/Leuka.Benchmarks -- load [clients] [seconds]</c>.
/// A real server on loopback; half the clients post the examples to /api/simulate, half to
/// /api/plan, each sending its next request when the last is answered. Prints the count, errors
/// and latency percentiles per endpoint.
/// </summary>
internal static class LoadTest
{
    public static async Task<int> Run(string[] args)
    {
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 60;
        var app = LeukaServer.Build(new WebOptions(IPAddress.Loopback, 0), quiet: true);
        await app.StartAsync();
        var url = app.Urls.First();
        var examples = RepositoryFiles.Examples().Select(File.ReadAllText).ToArray();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(5) };
        var latencies = new Dictionary<string, List<double>> { ["/api/simulate"] = [], ["/api/plan"] = [] };
        var errors = new Dictionary<string, int> { ["/api/simulate"] = 0, ["/api/plan"] = 0 };
        var gate = new object();
        var until = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async k =>
        {
            var path = k % 2 == 0 ? "/api/simulate" : "/api/plan";
            var i = k;
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var body = examples[i++ % examples.Length];
                var clock = Stopwatch.StartNew();
                using var response = await http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                await response.Content.ReadAsStringAsync();
                lock (gate)
                {
                    latencies[path].Add(clock.Elapsed.TotalMilliseconds);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        errors[path]++;
                    }
                }
            }
        }).ToArray();
        await Task.WhenAll(tasks);
        await app.StopAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{clients} clients for {seconds:0} s on {Environment.ProcessorCount} cores"));
        Console.WriteLine("| endpoint | requests | errors | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (path, list) in latencies)
        {
            list.Sort();
            double P(double q) => list.Count == 0 ? double.NaN : list[Math.Min(list.Count - 1, (int)Math.Ceiling(q * list.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| `{path}` | {list.Count} | {errors[path]} | {P(0.5):0} | {P(0.9):0} | {P(0.99):0} | {P(1):0} |"));
        }

        return errors.Values.Sum() == 0 ? 0 : 1;
    }
}
