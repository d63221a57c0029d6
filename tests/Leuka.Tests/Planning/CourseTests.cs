using System.Text.Json.Nodes;
using Leuka.Planning;
using Leuka.Quantities;
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
        var restarted = new ProcedureEngine(Planner.NextDay(course.Days[0].Scenario, morning), Leuka.Tests.Procedure.ProcedureEngineTests.Shared).RunToEnd();
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
        // (within 0.1 %: the day's run differs by the blasts, which the separator's quantized
        // composition sees).
        Assert.Equal(Lymphocytes(without), Lymphocytes(with), Lymphocytes(without) * 1e-3);
    }

    [Theory]
    [InlineData("{ \"days\": 0 }", "course.days")]
    [InlineData("{ \"days\": 2.5 }", "course.days")]
    [InlineData("{ \"days\": 15 }", "course.days")]
    [InlineData("{ \"days\": 2, \"cytoreduction\": { \"dailyFall\": 50 } }", "course.cytoreduction.dailyFall")]
    [InlineData("{ \"days\": 2, \"cytoreduction\": { \"dailyFall\": \"99 %\" } }", "course.cytoreduction.dailyFall")]
    [InlineData("{ \"days\": 2, \"drug\": \"hydroxyurea\" }", "course.drug")]
    public void A_bad_course_is_refused_naming_the_field(string course, string path)
    {
        var loaded = ScenarioLoader.Load(Aml(course));
        Assert.False(loaded.IsValid);
        Assert.Contains(loaded.Errors, e => e.Path == path);
    }

    [Fact]
    public void A_dose_over_the_whole_course_is_the_planners_question_not_a_stop_repeated_each_day()
    {
        // The file is valid (leuka plan takes it: the course's days are the most it may plan), but
        // a command that runs the course refuses it naming course, and the runner will not repeat it.
        var scenario = Load(RepositoryFiles.ExampleJson("myeloma-autologous-cd34.json", j => j["course"] = JsonNode.Parse("{ \"days\": 2 }")));
        Assert.Equal("course", ScenarioLoader.CourseRepeatsTarget(scenario)!.Path);
        Assert.Null(ScenarioLoader.PlannableCourse(scenario, "leuka plan"));
        Assert.Throws<ArgumentException>(() => CourseRunner.Run(scenario));

        // A course that repeats a volume is simulate's: the planner refuses it, naming course.
        var volumes = Load(Aml("{ \"days\": 2 }"));
        Assert.Null(ScenarioLoader.CourseRepeatsTarget(volumes));
        Assert.Contains("toward a target", ScenarioLoader.PlannableCourse(volumes, "leuka plan")!.Message, StringComparison.Ordinal);
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
    // A poor mobiliser's days of collection (one blood volume a day, to keep the tests quick), with the course's mobilisation.
    private static string Cd34(string course) => RepositoryFiles.ExampleJson("myeloma-autologous-cd34.json", json =>
    {
        json.Remove("events");
        json["patient"]!["labs"]!["cd34"] = "12 /uL";
        json["procedure"]!["stop"] = JsonNode.Parse("{ \"bloodVolumes\": 1 }");
        json["course"] = JsonNode.Parse(course);
    });

    [Fact]
    public void Plerixafor_raises_the_next_mornings_cd34_count_in_proportion_to_its_fold_and_leaves_day_1_alone()
    {
        double Morning(CourseResult c) => c.Days[1].Result.Cd34PerMicroliter.Pre;
        var none = CourseRunner.Run(Load(Cd34("{ \"days\": 2 }")));
        var two = CourseRunner.Run(Load(Cd34("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 2 } } }")));
        var three = CourseRunner.Run(Load(Cd34("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 3 } } }")));
        Assert.Equal(none.Days[0].Result.Cd34PerMicroliter, three.Days[0].Result.Cd34PerMicroliter);
        Assert.Equal(none.Days[0].Result.Product, three.Days[0].Result.Product);

        // The kinetics are linear in the level aimed at: each unit of fold adds the same cells.
        var perFold = Morning(two) - Morning(none);
        Assert.True(perFold > 0, $"plerixafor did not raise the morning count ({Morning(none):0.##} → {Morning(two):0.##} /µL)");
        Assert.Equal(2 * perFold, Morning(three) - Morning(none), 6);

        // The count recovers toward the new level from below: never past it, most of the way in a day.
        var level = 12.0;
        Assert.InRange(Morning(three), 0.8 * 3 * level, 3 * level);
        Assert.True(three.Days[1].Result.Product.Cd34E6 > 2 * none.Days[1].Result.Product.Cd34E6);
    }

    [Fact]
    public void Growth_factor_alone_compounds_day_by_day_and_plerixafor_doses_do_not()
    {
        var m = new Mobilization(0.8, 2, 2.5);
        Assert.Equal(1, m.Level(1));
        Assert.Equal(0.8 * 2.5, m.Level(2), 12);
        Assert.Equal(0.8 * 0.8 * 2.5, m.Level(3), 12);
        var course = new CourseSettings(3, Fraction.Zero, m);
        Assert.Equal(0.8 * 2.5, course.Cd34LevelFactorAfter(1), 12);
        Assert.Equal(0.8, course.Cd34LevelFactorAfter(2), 12);
        Assert.Equal(1, new CourseSettings(3, Fraction.Zero).Cd34LevelFactorAfter(1));

        // A falling level gives a lower next morning than a steady one.
        var steady = CourseRunner.Run(Load(Cd34("{ \"days\": 2 }")));
        var falling = CourseRunner.Run(Load(Cd34("{ \"days\": 2, \"mobilization\": { \"dailyCd34Factor\": 0.85 } }")));
        Assert.True(falling.Days[1].Result.Cd34PerMicroliter.Pre < steady.Days[1].Result.Cd34PerMicroliter.Pre);
    }

    [Theory]
    [InlineData("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 1, \"cd34Fold\": 2.6 } } }", "course.mobilization.plerixafor.fromDay", "from 2 to 2")]
    [InlineData("{ \"days\": 3, \"mobilization\": { \"plerixafor\": { \"fromDay\": 4, \"cd34Fold\": 2.6 } } }", "course.mobilization.plerixafor.fromDay", "from 2 to 3")]
    [InlineData("{ \"days\": 3, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2.5, \"cd34Fold\": 2.6 } } }", "course.mobilization.plerixafor.fromDay", "not a whole day")]
    [InlineData("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 0.5 } } }", "course.mobilization.plerixafor.cd34Fold", "from 1 to 20")]
    [InlineData("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2 } } }", "course.mobilization.plerixafor.cd34Fold", "required but missing")]
    [InlineData("{ \"days\": 2, \"mobilization\": { \"dailyCd34Factor\": \"85 %\" } }", "course.mobilization.dailyCd34Factor", "plain number")]
    [InlineData("{ \"days\": 2, \"mobilization\": { \"dailyCd34Factor\": 0 } }", "course.mobilization.dailyCd34Factor", "from 0.1 to 10")]
    [InlineData("{ \"days\": 2, \"mobilization\": { \"gcsf\": true } }", "course.mobilization.gcsf", "dailyCd34Factor")]
    [InlineData("{ \"days\": 2, \"mobilization\": { } }", "course.mobilization", "neither")]
    [InlineData("{ \"days\": 1, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 2.6 } } }", "course.mobilization", "2 or more")]
    public void A_bad_mobilization_is_refused_naming_the_field_and_what_would_do(string course, string path, string says)
    {
        var loaded = ScenarioLoader.Load(Cd34(course));
        Assert.False(loaded.IsValid);
        var error = Assert.Single(loaded.Errors, e => e.Path.StartsWith("course", StringComparison.Ordinal));
        Assert.Equal(path, error.Path);
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mobilisation_moves_the_level_not_the_cells_and_a_later_first_dose_leaves_the_days_before_it()
    {
        // No time: the count is unchanged; a week: it has settled at the new level.
        var engine = new ProcedureEngine(Load(Cd34("{ \"days\": 2 }")), Leuka.Tests.Procedure.ProcedureEngineTests.Shared);
        engine.RunToEnd();
        var end = engine.Result().Cd34PerMicroliter.Post;
        Assert.Equal(end, engine.After(Duration.Zero, Fraction.Zero, 3).Counts.Cd34.PerMicroliter, 9);
        Assert.InRange(engine.After(Duration.FromHours(24 * 7), Fraction.Zero, 3).Counts.Cd34.PerMicroliter, 0.99 * 3 * 12, 1.01 * 3 * 12);

        var none = CourseRunner.Run(Load(Cd34("{ \"days\": 3 }")));
        var third = CourseRunner.Run(Load(Cd34("{ \"days\": 3, \"mobilization\": { \"plerixafor\": { \"fromDay\": 3, \"cd34Fold\": 2.6 } } }")));
        Assert.Equal(none.Days[1].Result.Cd34PerMicroliter, third.Days[1].Result.Cd34PerMicroliter);
        Assert.Equal(none.Days[1].Result.Product, third.Days[1].Result.Product);
        Assert.True(third.Days[2].Result.Cd34PerMicroliter.Pre > 2 * none.Days[2].Result.Cd34PerMicroliter.Pre);
    }

    [Fact]
    public void Mobilization_needs_a_cd34_count_and_is_written_back()
    {
        var loaded = ScenarioLoader.Load(RepositoryFiles.ExampleJson("adult-aml-hyperleukocytosis.json", json =>
        {
            json["patient"]!["labs"]!.AsObject().Remove("cd34");
            json["course"] = JsonNode.Parse("{ \"days\": 2, \"mobilization\": { \"dailyCd34Factor\": 0.9 } }");
        }));
        Assert.False(loaded.IsValid);
        var error = Assert.Single(loaded.Errors, e => e.Path == "course.mobilization");
        Assert.Contains("patient.labs.cd34", error.Message, StringComparison.Ordinal);

        var scenario = Load(Cd34("{ \"days\": 3, \"mobilization\": { \"dailyCd34Factor\": 0.85, \"plerixafor\": { \"fromDay\": 3, \"cd34Fold\": 2.6 } } }"));
        Assert.Equal(scenario.Course, Load(ScenarioWriter.Write(scenario)).Course);
        var plerixaforOnly = Load(Cd34("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 2.6 } } }"));
        var written = ScenarioWriter.Write(plerixaforOnly);
        Assert.Equal(plerixaforOnly.Course, Load(written).Course);
        Assert.DoesNotContain("dailyCd34Factor", written, StringComparison.Ordinal);
        var summary = JsonNode.Parse(SummaryJson.Write(CourseRunner.Run(scenario)))!;
        var days = summary["course"]!["perDay"]!.AsArray();
        Assert.Equal(scenario.Patient.Labs.Cd34!.Value.PerMicroliter, days[0]!["cd34PrePerUl"]!.GetValue<double>(), 2);
    }

    [Fact]
    public void The_shipped_course_examples_run_as_a_course_and_plan_as_a_course()
    {
        // examples/courses: a depletion course to simulate, and a collection course to plan.
        var hydroxyurea = Load(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "courses", "aml-hydroxyurea.json")));
        Assert.Null(ScenarioLoader.CourseRepeatsTarget(hydroxyurea));
        var course = CourseRunner.Run(hydroxyurea);
        Assert.Equal(2, course.Days.Count);
        var without = CourseRunner.Run(hydroxyurea with { Course = hydroxyurea.Course! with { CytoreductionDailyFall = Fraction.Zero } });
        // The drug halves the malignant cells (blasts, most of the count); the healthy ones stay.
        Assert.True(course.Days[1].Result.Wbc.Pre < 0.7 * without.Days[1].Result.Wbc.Pre, $"{course.Days[1].Result.Wbc.Pre} against {without.Days[1].Result.Wbc.Pre} without the drug");

        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "courses", "poor-mobiliser-plerixafor.json"));
        Assert.Contains(ScenarioLoader.Load(text).Warnings, w => w.Code == "course-for-plan" && w.Path == "course");
        Assert.DoesNotContain(ScenarioLoader.Load(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "courses", "aml-hydroxyurea.json"))).Warnings, w => w.Code == "course-for-plan");
        var plerixafor = Load(text);
        Assert.NotNull(ScenarioLoader.CourseRepeatsTarget(plerixafor));
        Assert.Null(ScenarioLoader.PlannableCourse(plerixafor, "leuka plan"));
        var plan = new Planner().Make(plerixafor);
        Assert.True(plan.Feasible, plan.Reason);
        Assert.NotNull(plan.Between);
        Assert.InRange(plan.Days.Count, 2, 3);
    }
}
