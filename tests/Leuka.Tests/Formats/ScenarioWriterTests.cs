using System.Text.Json.Nodes;
using Leuka.Testing;

namespace Leuka.Tests.Formats;

public sealed class ScenarioWriterTests
{
    private static Scenario Load(string json)
    {
        var loaded = ScenarioLoader.Load(json);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        return loaded.Scenario!;
    }

    public static TheoryData<string> Examples() => [.. RepositoryFiles.Examples().Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_written_scenario_reads_back_equal_and_writes_the_same_text(string example)
    {
        var scenario = ScenarioLoader.LoadFile(RepositoryFiles.Example(example)).Scenario!;
        var written = ScenarioWriter.Write(scenario);
        var back = Load(written);
        Assert.Equal(written, ScenarioWriter.Write(back));
        Assert.Equal(scenario with { Procedure = scenario.Procedure with { Defaulted = [] }, Events = [] }, back with { Events = [] }, new ScenarioComparer());
        Assert.Equal(scenario.Events, back.Events);
    }

    [Fact]
    public void Every_event_action_and_stop_round_trips()
    {
        var json = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json")))!.AsObject();
        json["events"] = JsonNode.Parse("""
            [
              { "at": "10 min", "set": { "inletFlow": "45 mL/min", "inletToAcRatio": 11, "collectFlow": "2.5 mL/min", "centrifugeSpeed": "2200 rpm" } },
              { "at": "20 min", "give": { "calciumChloride10Percent": "5 mL" } },
              { "at": "30 min", "pause": { "reason": "patient feels faint" } },
              { "at": "31 min", "resume": {} },
              { "at": "40 min", "fault": { "type": "access-occluded", "duration": "2 min" } },
              { "at": "50 min", "fault": { "type": "air-in-return" } }
            ]
            """);
        foreach (var stop in new[] { """{ "processedVolume": "4.321 L" }""", """{ "duration": "93 min" }""", """{ "targetPostWbc": "120 x10^9/L" }""" })
        {
            json["procedure"]!["stop"] = JsonNode.Parse(stop);
            var scenario = Load(json.ToJsonString());
            var back = Load(ScenarioWriter.Write(scenario));
            Assert.Equal(scenario.Events, back.Events);
            Assert.Equal(scenario.Procedure.Stop, back.Procedure.Stop);
        }
    }

    [Fact]
    public void A_value_that_is_not_a_round_number_reads_back_to_the_same_double()
    {
        var scenario = Load(File.ReadAllText(RepositoryFiles.Example("car-t-lymphocyte-collection.json")));
        var odd = scenario with { Patient = scenario.Patient with { Labs = scenario.Patient.Labs with { Wbc = Leuka.Quantities.CellConcentration.FromE9PerLiter(3.1 + 0.2) } } };
        Assert.Equal(3.1 + 0.2, Load(ScenarioWriter.Write(odd)).Patient.Labs.Wbc.E9PerLiter);
        Assert.NotEqual(3.3, 3.1 + 0.2);
    }

    // Records with list members compare lists by reference: compare what a scenario holds.
    private sealed class ScenarioComparer : IEqualityComparer<Scenario>
    {
        public bool Equals(Scenario? x, Scenario? y) =>
            x is not null && y is not null && x.Name == y.Name && x.Seed == y.Seed && x.Patient == y.Patient
            && x.Procedure with { Defaulted = [] } == y.Procedure with { Defaulted = [] };

        public int GetHashCode(Scenario obj) => obj.Name.GetHashCode(StringComparison.Ordinal);
    }
}
