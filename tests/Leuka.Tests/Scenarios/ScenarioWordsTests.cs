using Leuka.Separation;
using Leuka.Patients;

namespace Leuka.Tests.Scenarios;

public sealed class ScenarioWordsTests
{
    [Fact]
    public void Every_choice_has_exactly_one_word_and_words_are_distinct()
    {
        Assert.All(Enum.GetValues<Sex>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<BloodVolumeMethod>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<ProcedureKind>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<CollectionMode>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<PrimeFluid>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<VascularAccess>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<FaultKind>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        Assert.All(Enum.GetValues<BolusSolution>(), v => Assert.NotEmpty(ScenarioWords.Of(v)));
        var kinds = Enum.GetValues<ProcedureKind>().Select(ScenarioWords.Of).ToArray();
        Assert.Equal(kinds.Length, kinds.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Stop_conditions_read_as_plain_words() =>
        Assert.Equal("after 2 blood volumes", ScenarioWords.Of(new BloodVolumesStop(2)));
}
