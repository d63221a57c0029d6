using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Leuka.Quantities;
using Leuka.Separation;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>
/// Cost against the number of events (the hardening probe saw 200k events take 9 s and 400k 30 s).
/// The engine: a 4-h procedure with N setting changes at distinct times, built in code (a scenario
/// file holds at most 10,000 events), so each event also ends a step. The reader: files with 1k and
/// 10k events (the limit), and a 100k-event file, which is refused by its size before it is parsed.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EventScalingBenchmarks
{
    private Scenario _scenario = null!;
    private SeparatorCache _cache = null!;

    [Params(10_000, 100_000, 1_000_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var json = File.ReadAllText(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json"))
            .Replace("{ \"bloodVolumes\": 2 }", "{ \"duration\": \"240 min\" }", StringComparison.Ordinal);
        var loaded = ScenarioLoader.Load(json).Scenario!;
        var events = new ScenarioEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            var flow = VolumeFlow.FromMillilitersPerMinute(i % 2 == 0 ? 50 : 51);
            events[i] = new ScenarioEvent(Duration.FromMinutes(240.0 * (i + 1) / (Events + 1)), new SetAction(flow, null, null, null));
        }

        _scenario = loaded with { Events = [.. events] };
        _cache = new SeparatorCache(SeparatorModel.Default);
        new ProcedureEngine(loaded, _cache).RunToEnd();
    }

    [Benchmark(Description = "4-h procedure with N setting changes")]
    public ProcedureResult Simulate() => new ProcedureEngine(_scenario, _cache).RunToEnd();
}

/// <summary>Reading a scenario file against its number of events.</summary>
[MemoryDiagnoser]
public class EventReadingBenchmarks
{
    private string _json = string.Empty;

    [Params(1_000, 10_000, 100_000)]
    public int Events { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var json = File.ReadAllText(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json"));
        var events = new StringBuilder("[");
        for (var i = 0; i < Events; i++)
        {
            events.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"{{ \"at\": \"{240.0 * (i + 1) / (Events + 1):0.####} min\", \"set\": {{ \"inletFlow\": \"{(i % 2 == 0 ? 50 : 51)} mL/min\" }} }}");
        }

        var root = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        root["events"] = System.Text.Json.Nodes.JsonNode.Parse(events.Append(']').ToString());
        _json = root.ToJsonString();
        var result = ScenarioLoader.Load(_json);
        Console.WriteLine($"// {Events} events, {_json.Length} characters: {(result.Scenario is null ? string.Join("; ", result.Errors.Select(e => e.Message)) : "loaded")}");
    }

    [Benchmark(Description = "ScenarioLoader.Load with N events")]
    public ScenarioLoadResult Load() => ScenarioLoader.Load(_json);
}
