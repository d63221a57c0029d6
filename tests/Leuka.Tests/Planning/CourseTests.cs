using System.Text.Json.Nodes;
using Leuka.Planning;
using Leuka.Testing;

namespace Leuka.Tests.Planning;

public sealed class CourseTests
{
    private static string Aml(string? course) => RepositoryFiles.ExampleJson("adult-aml-hyperleukocytosis.json", json =>
    {
        json.Remove("events");
        if (course is not null)
        {
            json["course"] = JsonNode.Parse(course);
        }
    });

    private static Scenario Load(string json)
    {
        var loaded = ScenarioLoader.Load(json);
        Assert.True(loaded.IsValid, string.Join("\n", loaded.Errors));
        return loaded.Scenario!;
    }

    [Fact]
    public void The_next_morning_is_the_follow_up_and_the_emptied_reservoir_is_carried()
    {
        var course = CourseRunner.Run(Load(Aml("{ \"days\": 2 }")));
        Assert.Equal(2, course.Days.Count);
        var day1 = course.Days[0].Result;
        var day2 = course.Days[1].Result;
        var morning = day1.FollowUp.Single(f => Math.Abs(f.After.Hours - 24) < 1e-9);
        Assert.Equal(morning.Wbc.E9PerLiter, day2.Wbc.Pre, 6);

        // The same morning counts restarted at equilibrium (reservoir full, fluid at baseline) are a
        // different patient: the carried one still holds day 1's fluid, which dilutes what day 2
        // removes, and a reservoir not yet refilled.
        var restarted = new ProcedureEngine(Planner.NextDay(course.Days[0].Scenario, day1)).RunToEnd();
        Assert.True(Math.Abs(day2.Wbc.ReductionPercent - restarted.Wbc.ReductionPercent) > 0.5, $"carried {day2.Wbc.ReductionPercent:0.00} % against restarted {restarted.Wbc.ReductionPercent:0.00} %");
        Assert.InRange(course.WbcReductionPercent, day2.Wbc.ReductionPercent, 100);
    }

    [Fact]
    public void A_drug_alongside_lowers_the_next_morning_by_its_daily_fall()
    {
        var without = CourseRunner.Run(Load(Aml("{ \"days\": 2 }")));
        var with = CourseRunner.Run(Load(Aml("{ \"days\": 2, \"cytoreduction\": { \"dailyFall\": \"50 %\" } }")));
        Assert.Equal(without.Days[0].Result.Wbc, with.Days[0].Result.Wbc);

        // Blasts (malignant in AML) halve; the healthy cells do not.
        var blastsWithout = without.Days[1].Scenario.Patient.Labs.Wbc.E9PerLiter * without.Days[1].Scenario.Patient.Labs.Differential.Blasts.Ratio;
        var blastsWith = with.Days[1].Scenario.Patient.Labs.Wbc.E9PerLiter * with.Days[1].Scenario.Patient.Labs.Differential.Blasts.Ratio;
        Assert.Equal(0.5, blastsWith / blastsWithout, 2);

        // Healthy cells are untouched by it.
        double Lymphocytes(CourseResult c) => c.Days[1].Scenario.Patient.Labs.Wbc.E9PerLiter * c.Days[1].Scenario.Patient.Labs.Differential.Lymphocytes.Ratio;
        Assert.Equal(Lymphocytes(without), Lymphocytes(with), 2);
    }

    [Theory]
    [InlineData("{ \"days\": 0 }", "course.days")]
    [InlineData("{ \"days\": 2.5 }", "course.days")]
    [InlineData("{ \"days\": 15 }", "course.days")]
    [InlineData("{ \"days\": 2, \"cytoreduction\": { \"dailyFall\": 50 } }", "course.cytoreduction.dailyFall")]
    [InlineData("{ \"days\": 2, \"cytoreduction\": { \"dailyFall\": \"99 %\" } }", "course.cytoreduction.dailyFall")]
    [InlineData("{ \"days\": 2, \"drug\": \"hydroxyurea\" }", "course.drug")]
    [InlineData("{ \"days\": 2, \"cumulative\": true }", "course")]
    public void A_bad_course_is_refused_naming_the_field(string course, string path)
    {
        // A dose over the whole course is the planner's question, not a stop repeated each day.
        var json = course.Contains("cumulative", StringComparison.Ordinal)
            ? RepositoryFiles.ExampleJson("myeloma-autologous-cd34.json", j => j["course"] = JsonNode.Parse("{ \"days\": 2 }"))
            : Aml(course);
        var loaded = ScenarioLoader.Load(json);
        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Errors, e => e.Path == path);
    }

    [Fact]
    public void A_course_is_written_back_and_summarised_day_by_day()
    {
        var scenario = Load(Aml("{ \"days\": 3, \"cytoreduction\": { \"dailyFall\": \"30 %\" } }"));
        Assert.Equal(scenario.Course, Load(ScenarioWriter.Write(scenario)).Course);
        var summary = JsonNode.Parse(SummaryJson.Write(CourseRunner.Run(scenario)))!;
        Assert.Equal(3, summary["course"]!["perDay"]!.AsArray().Count);
        Assert.Equal(3, summary["course"]!["days"]!.GetValue<int>());
        Assert.Null(JsonNode.Parse(SummaryJson.Write(CourseRunner.Run(Load(Aml(null)))))!["course"]);
    }
}
