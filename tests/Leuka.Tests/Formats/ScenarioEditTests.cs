using System.Text.Json.Nodes;
using Leuka.Testing;

namespace Leuka.Tests.Formats;

public sealed class ScenarioEditTests
{
    [Fact]
    public void A_number_is_a_number_whatever_it_was_built_from_and_anything_else_is_named()
    {
        var scenario = ScenarioLoader.LoadFile(RepositoryFiles.Example("myeloma-autologous-cd34.json")).Scenario!;
        foreach (var value in new JsonNode[] { JsonValue.Create(3), JsonValue.Create(3L), JsonValue.Create(3.0), JsonValue.Create(3m), JsonNode.Parse("3")!, JsonNode.Parse("3.0")! })
        {
            var edited = ScenarioEdit.Parse("procedure.stop.bloodVolumes", value).Apply(scenario);
            Assert.Equal(ScenarioEdit.Parse("procedure.stop.bloodVolumes", JsonNode.Parse("3")).Apply(scenario), edited);
        }

        var text = Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.stop.bloodVolumes", JsonValue.Create("3")));
        Assert.Equal("procedure.stop.bloodVolumes: expected a number from 0.1 to 8; found \"3\"", text.Message);
        var outside = Assert.Throws<FormatException>(() => ScenarioEdit.Parse("procedure.stop.bloodVolumes", JsonValue.Create(9)));
        Assert.Equal("procedure.stop.bloodVolumes: 9 is outside 0.1 – 8", outside.Message);
    }
}
