using System.Globalization;
using System.Text.Json.Nodes;
using Leuka.Separation;
using Leuka.Testing;

namespace Leuka.Tests.Procedure;

public sealed class Cd34EfficiencyAcrossWbcTests
{
    [Fact]
    public void Cd34_ce2_never_falls_more_than_5_points_per_10_wbc_from_10_to_100_and_falls_once_the_layer_outgrows_the_window()
    {
        // Issue 13: the CD34+ example's CE2 used to fall off a cliff once its white layer outgrew
        // the collect window (52.6, 38, 16.6, 2.8, 0.15 % at WBC 60 to 100). The whole engine
        // runs 3 blood volumes of the example at each WBC. Between neighbouring counts 10 ×10^9/L
        // apart, CE2 never falls by more than 5 points, and above the window's capacity (WBC 50 at
        // 1 mL/min) it falls. Below that it rises with WBC (42.5 % at 10, 50.7 % at 50), where C3
        // (Gidron 2005) reports a fall from WBC 20: a thin layer at the window's lower edge loses a
        // share to the red-cell port (docs/model/separator.md). That is a known defect (C3's trend
        // row is red), and the test asserts nothing about it.
        var scenario = ScenarioLoader.LoadFile(RepositoryFiles.Example("myeloma-autologous-cd34.json")).Scenario!;
        scenario = ScenarioEdit.Parse("procedure.stop.bloodVolumes", JsonValue.Create(3)).Apply(scenario);
        var cache = new SeparatorCache(SeparatorModel.Default);
        var ce2 = new SortedDictionary<int, double>();
        foreach (var wbc in Enumerable.Range(1, 10).Select(k => 10 * k))
        {
            var member = ScenarioEdit.Parse("patient.labs.wbc", JsonValue.Create(string.Create(CultureInfo.InvariantCulture, $"{wbc} x10^9/L"))).Apply(scenario);
            ce2[wbc] = new ProcedureEngine(member, cache).RunToEnd().CollectionEfficiency.Cd34.Ce2;
        }

        var shown = string.Join(", ", ce2.Select(p => string.Create(CultureInfo.InvariantCulture, $"WBC {p.Key}: {p.Value:0.0} %")));
        foreach (var (low, high) in ce2.Zip(ce2.Skip(1)))
        {
            Assert.True(low.Value - high.Value <= 5, $"a fall of {low.Value - high.Value:0.0} points from WBC {low.Key} to {high.Key}: {shown}");
        }

        Assert.True(ce2.Values.Min() > 25, shown);
        Assert.True(ce2[100] < ce2[70] && ce2[70] < ce2[50], $"CE2 falls once the layer outgrows the window: {shown}");
    }
}
