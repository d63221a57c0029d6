using System.Text.Json.Nodes;
using Leuka.Quantities;
using Leuka.Separation;
using Leuka.Testing;

namespace Leuka.Tests.Separation;

public sealed class DeviceTests
{
    private static string Cd34(Action<JsonObject> edit) => RepositoryFiles.ExampleJson("myeloma-autologous-cd34.json", json =>
    {
        json["procedure"]!["stop"] = JsonNode.Parse("{ \"bloodVolumes\": 2 }");
        edit(json);
    });

    private static ProcedureResult Run(string device) =>
        new ProcedureEngine(ScenarioLoader.Load(Cd34(j => j["procedure"]!["device"] = device)).Scenario!, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();

    [Fact]
    public void The_collect_control_holds_the_collect_line_at_its_set_point()
    {
        var s = SeparatorModel.Default;
        foreach (var target in new[] { 1.0, 2.0, 4.0, 8.0 })
        {
            var point = new OperatingPoint(
                OperatingPoint.Fractions(Fraction.FromPercent(35), [.. new[] { 25.0, 4, 2, 0, 0.05, 200 }.Select(CellConcentration.FromE9PerLiter)], 12, s.Properties),
                RotationalSpeed.FromRevolutionsPerMinute(2400),
                VolumeFlow.FromMillilitersPerMinute(60),
                VolumeFlow.FromMillilitersPerMinute(1),
                0,
                CollectionMode.Continuous,
                CollectHematocrit: Fraction.FromPercent(target));

            // Red cells still suspended in the plasma add a little on top of the set point.
            Assert.InRange(s.Solve(point).ProductHematocrit.Percent, target, target + 0.5);
        }
    }

    [Fact]
    public void A_paler_collect_line_gives_fewer_red_cells_and_fewer_stem_cells()
    {
        var optia = Run("spectra-optia-cmnc");
        var cobe = Run("cobe-spectra-mnc");
        Assert.True(cobe.Product.HematocritPercent < optia.Product.HematocritPercent, $"product Hct {cobe.Product.HematocritPercent} vs {optia.Product.HematocritPercent}");
        Assert.True(cobe.Product.Cd34E6 < optia.Product.Cd34E6, $"CD34+ {cobe.Product.Cd34E6} vs {optia.Product.Cd34E6}");
    }

    [Fact]
    public void A_chamber_protocol_collects_into_its_chamber()
    {
        var scenario = ScenarioLoader.Load(Cd34(j => j["procedure"]!["device"] = "spectra-optia-mnc")).Scenario!;
        Assert.Equal(CollectionMode.Chamber, scenario.Procedure.CollectionMode);
        Assert.Equal("spectra-optia-mnc", ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!.Procedure.DeviceUsed.Word);
    }

    [Theory]
    [InlineData("procedure.device", "\"spectra-optia-wbcd\"", null)]
    [InlineData("procedure.device", "\"optia\"", null)]
    [InlineData("procedure.collectionMode", "\"spectra-optia-mnc\"", "continuous")]
    public void A_device_that_does_not_fit_the_procedure_is_refused_naming_the_field(string path, string device, string? mode)
    {
        var loaded = ScenarioLoader.Load(Cd34(j =>
        {
            j["procedure"]!["device"] = JsonNode.Parse(device);
            if (mode is not null)
            {
                j["procedure"]!["collectionMode"] = mode;
            }
        }));
        Assert.False(loaded.IsValid);
        var error = Assert.Single(loaded.Errors, e => e.Path == path);
        var expected = device.Contains("wbcd", StringComparison.Ordinal) ? "spectra-optia-cmnc" : path == "procedure.collectionMode" ? "write \"chamber\"" : "spectra-optia-mnc";
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_device_has_a_page_row()
    {
        var page = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "model", "devices.md"));
        Assert.All(SeparatorDevice.All, d => Assert.Contains($"`{d.Word}`", page, StringComparison.Ordinal));
    }

    [Fact]
    public void The_operator_can_move_the_collect_line_and_a_generic_separator_has_none_to_move()
    {
        var scenario = ScenarioLoader.Load(Cd34(j =>
        {
            j["procedure"]!["device"] = "spectra-optia-cmnc";
            j["procedure"]!["collectHematocrit"] = "6 %";
            j["events"] = JsonNode.Parse("[ { \"at\": \"60 min\", \"set\": { \"collectHematocrit\": \"2 %\" } } ]");
        })).Scenario!;
        Assert.Equal(6, scenario.Procedure.CollectHematocritUsed!.Value.Percent, 9);

        // Held at 6 % throughout, switched to 2 % after an hour, at 2 % throughout: the bag's Hct
        // follows the set point (red cells still suspended in the plasma add a little).
        double Bag(Scenario s) => new ProcedureEngine(s, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd().Product.HematocritPercent;
        var switched = Bag(scenario);
        var high = Bag(scenario with { Events = [] });
        var low = Bag(scenario with { Events = [], Procedure = scenario.Procedure with { CollectHematocrit = Fraction.FromPercent(2) } });
        Assert.InRange(high, 6, 7.5);
        Assert.InRange(low, 2, 3.5);
        Assert.InRange(switched, low + 0.5, high - 0.5);
        var back = ScenarioLoader.Load(ScenarioWriter.Write(scenario)).Scenario!;
        Assert.Equal(scenario.Procedure.CollectHematocrit, back.Procedure.CollectHematocrit);
        Assert.Equal(scenario.Events, back.Events);

        var generic = ScenarioLoader.Load(Cd34(j => j["events"] = JsonNode.Parse("[ { \"at\": \"60 min\", \"set\": { \"collectHematocrit\": \"2 %\" } } ]")));
        Assert.Contains(generic.Errors, e => e.Path == "events[0].set.collectHematocrit" && e.Message.Contains("procedure.device", StringComparison.Ordinal));
        var genericStart = ScenarioLoader.Load(Cd34(j => j["procedure"]!["collectHematocrit"] = "3 %"));
        Assert.Contains(genericStart.Errors, e => e.Path == "procedure.collectHematocrit");
    }

    [Fact]
    public void An_edit_of_the_device_keeps_the_readers_rules()
    {
        var scenario = ScenarioLoader.Load(Cd34(_ => { })).Scenario!;
        var wrongKind = Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.device", JsonValue.Create("spectra-optia-wbcd")).Apply(scenario));
        Assert.StartsWith("procedure.device: ", wrongKind.Message, StringComparison.Ordinal);

        var chamber = ScenarioEdit.Parse("procedure.device", JsonValue.Create("spectra-optia-mnc")).Apply(scenario);
        Assert.Equal(CollectionMode.Chamber, chamber.Procedure.CollectionMode);
        var back = ScenarioEdit.Parse("procedure.device", JsonValue.Create("generic")).Apply(chamber);
        Assert.Equal(scenario.Procedure.CollectionMode, back.Procedure.CollectionMode);

        var held = chamber with { Procedure = chamber.Procedure with { CollectHematocrit = Fraction.FromPercent(3) } };
        var noControl = Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.device", JsonValue.Create("generic")).Apply(held));
        Assert.StartsWith("procedure.collectHematocrit: ", noControl.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_collect_preference_can_be_varied_on_a_device_that_has_one_and_not_on_the_generic_separator()
    {
        // A sweep of the collect preference, as a nurse turns it at the machine: a paler line, fewer red cells.
        var optia = ScenarioLoader.Load(Cd34(j => j["procedure"]!["device"] = "spectra-optia-cmnc")).Scenario!;
        ProcedureResult At(string hct) => new ProcedureEngine(ScenarioEdit.Parse("procedure.collectHematocrit", JsonValue.Create(hct)).Apply(optia), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        var pale = At("2 %");
        var red = At("6 %");
        Assert.True(pale.Product.HematocritPercent < red.Product.HematocritPercent, $"{pale.Product.HematocritPercent} vs {red.Product.HematocritPercent}");
        Assert.Equal(2, ScenarioEdit.Parse("procedure.collectHematocrit", JsonValue.Create("2 %")).Apply(optia).Procedure.CollectHematocritUsed!.Value.Percent, 9);

        var generic = ScenarioLoader.Load(Cd34(_ => { })).Scenario!;
        var refused = Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.collectHematocrit", JsonValue.Create("2 %")).Apply(generic));
        Assert.StartsWith("procedure.collectHematocrit: needs a device with collect control", refused.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.collectHematocrit", JsonValue.Create("40 %")));
        Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.collectHematocrit", JsonValue.Create(2)));
    }
}
