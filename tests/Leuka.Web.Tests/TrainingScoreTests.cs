using Leuka.Procedure;

namespace Leuka.Web.Tests;

public sealed class TrainingScoreTests
{
    private static readonly Alarm Low = new(20, "hypotension", AlarmSeverity.Safety, AlarmResponse.Pause, "blood pressure low");

    private static double Score(string what) =>
        TrainingScore.Of([(0, Low, false)], [new LogEntry(21, DateTimeOffset.UnixEpoch, "operator", what)]).Percent;

    [Theory]
    [InlineData("give 250 mL saline", 100)]
    [InlineData("position trendelenburg", 100)]
    [InlineData("pause (operator)", 100)]
    [InlineData("give 10 mL calciumGluconate10Percent (2.3 mmol Ca)", 0)]
    [InlineData("position flat", 0)]
    public void Hypotension_is_answered_by_stopping_head_down_tilt_or_saline_not_by_calcium_or_laying_flat(string what, double percent) =>
        Assert.Equal(percent, Score(what));
}
