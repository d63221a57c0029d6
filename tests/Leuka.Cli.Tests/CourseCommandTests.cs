using System.Text.Json.Nodes;

namespace Leuka.Cli.Tests;

public sealed class CourseCommandTests
{
    [Fact]
    public void A_course_writes_every_day_and_the_whole()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var json = JsonNode.Parse(File.ReadAllText(CliRunner.Example("adult-aml-hyperleukocytosis.json")))!.AsObject();
        json["course"] = JsonNode.Parse("{ \"days\": 2, \"cytoreduction\": { \"dailyFall\": \"50 %\" } }");
        var scenario = Path.Combine(dir, "course.json");
        File.WriteAllText(scenario, json.ToJsonString());
        var output = Path.Combine(dir, "out");

        var (checkExit, checkOut, _) = CliRunner.Run("check", scenario, "--json");
        Assert.Equal(0, checkExit);
        Assert.Equal(2, JsonNode.Parse(checkOut)!["course"]!["days"]!.GetValue<int>());

        var (exit, stdout, error) = CliRunner.Run("simulate", scenario, "--out", output, "--intervals");
        Assert.True(exit == 0, error);
        Assert.Contains("Course: 2 procedures on consecutive days", stdout, StringComparison.Ordinal);
        // Intervals are for one procedure: a course says so rather than silently leave them out.
        Assert.Contains("No intervals for a course", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(output, "intervals.json")));
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        var perDay = summary["course"]!["perDay"]!.AsArray();
        Assert.Equal(2, perDay.Count);
        Assert.Equal(summary["wbc"]!["preE9PerL"]!.GetValue<double>(), perDay[0]!["wbcPreE9PerL"]!.GetValue<double>());
        Assert.True(File.Exists(Path.Combine(output, "timeseries-day2.csv")));
        Assert.Contains("<h2>Course</h2>", File.ReadAllText(Path.Combine(output, "report.html")), StringComparison.Ordinal);

        // A bad course changes nothing and names the field.
        json["course"] = JsonNode.Parse("{ \"days\": 40 }");
        File.WriteAllText(scenario, json.ToJsonString());
        var (badExit, _, badError) = CliRunner.Run("simulate", scenario, "--out", Path.Combine(dir, "bad"));
        Assert.Equal(2, badExit);
        Assert.Contains("course.days", badError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "bad")));

        // Commands that run one procedure refuse a course rather than run its first day alone; the
        // planner takes a course only toward a target (this one repeats 2 blood volumes).
        json["course"] = JsonNode.Parse("{ \"days\": 2 }");
        File.WriteAllText(scenario, json.ToJsonString());
        var (planExit, _, planError) = CliRunner.Run("plan", scenario, "--out", Path.Combine(dir, "plan"));
        Assert.Equal(2, planExit);
        Assert.Contains("course: leuka plan plans the days toward a target", planError, StringComparison.Ordinal);
        var (sweepExit, _, sweepError) = CliRunner.Run("sweep", scenario, "--vary", "procedure.inletFlow=40 mL/min,50 mL/min", "--out", Path.Combine(dir, "sweep"));
        Assert.Equal(2, sweepExit);
        Assert.Contains("course: leuka sweep runs one procedure", sweepError, StringComparison.Ordinal);
    }
    [Fact]
    public void Plerixafor_before_the_second_collection_shows_in_check_the_table_and_the_report()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var json = JsonNode.Parse(File.ReadAllText(CliRunner.Example("myeloma-autologous-cd34.json")))!.AsObject();
        json["procedure"]!["stop"] = JsonNode.Parse("{ \"bloodVolumes\": 2 }");
        json["course"] = JsonNode.Parse("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 2.6 } } }");
        var scenario = Path.Combine(dir, "plerixafor.json");
        File.WriteAllText(scenario, json.ToJsonString());

        var (checkExit, checkOut, _) = CliRunner.Run("check", scenario, "--json");
        Assert.Equal(0, checkExit);
        var levels = JsonNode.Parse(checkOut)!["course"]!["cd34LevelByDay"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        Assert.Equal([1, 2.6], levels);

        var output = Path.Combine(dir, "out");
        var (exit, stdout, error) = CliRunner.Run("simulate", scenario, "--out", output);
        Assert.True(exit == 0, error);
        Assert.Contains("CD34+ /µL before", stdout, StringComparison.Ordinal);
        var perDay = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!["course"]!["perDay"]!.AsArray();
        Assert.True(perDay[1]!["cd34PrePerUl"]!.GetValue<double>() > 2 * perDay[0]!["cd34PrePerUl"]!.GetValue<double>());
        Assert.Contains("blood CD34+ before", File.ReadAllText(Path.Combine(output, "report.html")), StringComparison.Ordinal);

        // Without a CD34+ count there is nothing to mobilise: named, nothing written.
        json["patient"]!["labs"]!.AsObject().Remove("cd34");
        File.WriteAllText(scenario, json.ToJsonString());
        var (badExit, _, badError) = CliRunner.Run("simulate", scenario, "--out", Path.Combine(dir, "bad"));
        Assert.Equal(2, badExit);
        Assert.Contains("course.mobilization", badError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "bad")));
    }

    [Fact]
    public void A_collection_with_plerixafor_is_planned_over_the_course_and_its_later_day_rerun_from_the_plan()
    {
        var dir = Path.Combine(Path.GetTempPath(), "leuka-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var json = JsonNode.Parse(File.ReadAllText(CliRunner.Example("myeloma-autologous-cd34.json")))!.AsObject();
        json.Remove("events");
        // 12 /µL: three days, the last one short (2.55 L). At 10 /µL three days of 1 h gave 1.99 against 2
        // once the CD34+ exchange was refitted on C5's device: the test sat on its own edge.
        json["patient"]!["labs"]!["cd34"] = "12 /uL";
        json["procedure"]!["stop"] = JsonNode.Parse("{ \"targetCd34Dose\": \"2 x10^6/kg\" }");
        json["course"] = JsonNode.Parse("{ \"days\": 3, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 3 } } }");
        var scenario = Path.Combine(dir, "poor.json");
        File.WriteAllText(scenario, json.ToJsonString());

        // simulate would repeat the whole course's dose each day: refused, naming course, nothing written.
        var (simExit, _, simError) = CliRunner.Run("simulate", scenario, "--out", Path.Combine(dir, "sim"));
        Assert.Equal(2, simExit);
        Assert.Contains("course: repeats each day's stop", simError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "sim")));

        // plan takes it: the course's days are the most, plerixafor happens between them.
        var planDir = Path.Combine(dir, "plan");
        var (planExit, planOut, planError) = CliRunner.Run("plan", scenario, "--max-hours", "1", "--out", planDir);
        Assert.True(planExit == 0, planError);
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(planDir, "plan.json")))!;
        Assert.Equal(3, plan["course"]!["mobilization"]!["plerixafor"]!["cd34Fold"]!.GetValue<double>());
        var days = plan["days"]!.AsArray();
        Assert.InRange(days.Count, 2, 3);
        Assert.Contains("Between the days (the scenario's course, which sets the most days: 3): plerixafor the evening before day 2 and each day after (blood CD34+ ×3)", planOut, StringComparison.Ordinal);

        // Day 2 rerun from the plan starts from the patient day 1 left, with the plerixafor between.
        var output = Path.Combine(dir, "day2");
        var (exit, _, error) = CliRunner.Run("simulate", "--plan", Path.Combine(planDir, "plan.json"), "--day", "2", "--out", output);
        Assert.True(exit == 0, error);
        var planned = days[1]!["predicted"]!.AsObject();
        var simulated = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!.AsObject();
        planned.Remove("warnings");
        simulated.Remove("warnings");
        Assert.True(JsonNode.DeepEquals(planned, simulated), "simulate --plan --day 2 differs from the plan's day 2");
        Assert.Null(simulated["course"]);
    }
}
