using System.Text.Json;
using Leuka.Testing;

namespace Leuka.Tests.Formats;

public sealed class SummaryFieldsTests
{
    [Fact]
    public void Every_field_is_the_number_summary_json_writes_at_its_path()
    {
        // With heparin, so that its fields are written too.
        var scenario = ScenarioEdit.Parse("procedure.heparin.perAc", System.Text.Json.Nodes.JsonValue.Create("6 IU/mL"))
            .Apply(ScenarioLoader.LoadFile(RepositoryFiles.Example("myeloma-autologous-cd34.json")).Scenario!);
        var result = new ProcedureEngine(scenario, Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
        using var summary = JsonDocument.Parse(SummaryJson.Write(result));
        var paths = SummaryFields.Paths.Concat(["followUp.0.wbcE9PerL", "followUp.1.plateletsE9PerL"]).ToList();
        Assert.True(paths.Count > 40);
        foreach (var path in paths)
        {
            var e = summary.RootElement;
            foreach (var part in path.Split('.'))
            {
                e = e.ValueKind == JsonValueKind.Array ? e[int.Parse(part, System.Globalization.CultureInfo.InvariantCulture)] : e.GetProperty(part);
            }

            // The summary rounds to at least one decimal: the field agrees to that rounding.
            var written = e.GetDouble();
            var value = SummaryFields.Value(result, path);
            Assert.True(Math.Abs(written - value) <= 0.0500001, $"{path}: summary {written}, field {value}");
        }

        Assert.Throws<FormatException>(() => SummaryFields.Value(result, "wbc.nonsense"));
    }
}
