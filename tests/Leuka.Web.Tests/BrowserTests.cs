using Deque.AxeCore.Playwright;
using Leuka.Formats;
using Microsoft.Playwright;

namespace Leuka.Web.Tests;

/// <summary>
/// The web app in a real browser: Debian's chromium (installed by .ci/run), driven by Playwright,
/// against a real server on a free loopback port. Accessibility by axe: no serious or critical
/// violation on any page.
/// </summary>
public sealed class BrowserTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private Server _server => fixture.Server;

    private IBrowser _browser => fixture.Browser;

    private async Task<IPage> Open(string path)
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _server.Client.BaseAddress!.ToString() });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync(path);
        return page;
    }

    // tools/screenshots sets LEUKA_SCREENSHOTS to docs/images: the README's pictures come from these runs.
    private static async Task Shot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("LEUKA_SCREENSHOTS") is { Length: > 0 } dir)
        {
            await page.SetViewportSizeAsync(1200, 900);
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name + ".png"), FullPage = false });
        }
    }

    // Every form is a full (non-enhanced) post: the browser parses the answer as it arrives, so an
    // element at the top of the result can be there before the links below it. Wait for the load.
    internal static async Task Submit(IPage page, Func<Task> act)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage p) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await act();
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }

    private static async Task AssertAccessible(IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join("; ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: {string.Join("\n", serious)}");
    }

    [Fact]
    public async Task The_plan_form_gives_a_plan_and_names_a_bad_value_beside_its_field()
    {
        var page = await Open("/plan");
        await AssertAccessible(page);
        await page.SelectOptionAsync("#sex", "female");
        await page.FillAsync("#age", "54");
        await page.FillAsync("#height", "165");
        await page.FillAsync("#weight", "70");
        await page.SelectOptionAsync("#diagnosis", "aml");
        await page.FillAsync("#wbc", "abc");
        await page.FillAsync("#hct", "24");
        await page.FillAsync("#plt", "40");
        await page.SelectOptionAsync("#goal", "targetPostWbc");
        await page.FillAsync("#goalvalue", "100");
        await Submit(page, () => page.ClickAsync("#make-plan"));
        var error = page.Locator("#err-patient-labs-wbc");
        await error.WaitForAsync();
        Assert.Contains("abc", await error.InnerTextAsync(), StringComparison.Ordinal);
        await AssertAccessible(page);

        // Corrected, and submitted from the keyboard.
        await page.FillAsync("#wbc", "250");
        await page.FocusAsync("#make-plan");
        await Submit(page, () => page.Keyboard.PressAsync("Enter"));
        var answer = page.Locator("#plan-answer");
        try
        {
            await answer.WaitForAsync(new() { Timeout = 20_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail(await page.ContentAsync());
        }

        Assert.Matches("^(Plan|No safe plan): ", await answer.InnerTextAsync());
        Assert.True(await page.Locator("#plan-result table tbody tr").CountAsync() >= 1);

        // Day 1 for patients like this one, as `leuka plan` prints it.
        Assert.Contains("patients like this one", await page.Locator("#plan-intervals caption").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#plan-intervals tbody tr").CountAsync() >= 4);
        await AssertAccessible(page);
        await page.Locator("#plan-result").ScrollIntoViewIfNeededAsync();
        await Shot(page, "plan-result");

        // A probability the planner cannot take is named beside its field, with what it would take.
        await page.FillAsync("#probability", "150");
        await Submit(page, () => page.ClickAsync("#make-plan"));
        var wrong = page.Locator("#err-probability");
        await wrong.WaitForAsync();
        Assert.Contains("give 50 to 99", await wrong.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plerixafor_between_the_days_is_planned_from_the_form_and_a_bad_fold_is_named_beside_it()
    {
        var page = await Open("/plan");
        await page.SelectOptionAsync("#sex", "male");
        await page.FillAsync("#age", "61");
        await page.FillAsync("#height", "178");
        await page.FillAsync("#weight", "80");
        await page.FillAsync("#wbc", "32");
        await page.FillAsync("#hct", "34");
        await page.FillAsync("#plt", "150");
        await page.FillAsync("#cd34", "10");
        await page.SelectOptionAsync("#kind", "cd34-collection");
        await page.SelectOptionAsync("#goal", "targetCd34Dose");
        await page.FillAsync("#goalvalue", "2");
        await page.SelectOptionAsync("[name='Model.GoalUnit']", "x10^6/kg");
        await page.FillAsync("#days", "3");
        await page.FillAsync("#hours", "1");
        await page.FillAsync("#plerixaforfold", "3");
        await Submit(page, () => page.ClickAsync("#make-plan"));
        var half = page.Locator("#err-course-mobilization");
        await half.WaitForAsync();
        Assert.Contains("needs both the day of the first dose and its CD34+ fold", await half.InnerTextAsync(), StringComparison.Ordinal);

        await page.FillAsync("#plerixaforday", "2");
        await page.FillAsync("#plerixaforfold", "30");
        await Submit(page, () => page.ClickAsync("#make-plan"));
        var wrong = page.Locator("#err-course-mobilization");
        await wrong.WaitForAsync();
        Assert.Contains("cd34Fold", await wrong.InnerTextAsync(), StringComparison.Ordinal);
        await AssertAccessible(page);

        await page.FillAsync("#plerixaforfold", "3");
        await Submit(page, () => page.ClickAsync("#make-plan"));
        var between = page.Locator("#plan-between");
        await between.WaitForAsync(new() { Timeout = 20_000 });
        Assert.Contains("plerixafor the evening before day 2 and each day after (blood CD34+ ×3)", await between.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#plan-result table tbody tr").CountAsync() >= 2);

        // The Simulate button runs the plan's day 1 as planned, not the goal repeated each day: its
        // summary is the plan's day 1.
        var planned = (await page.Locator("#plan-result table tbody tr").First.Locator("td").Nth(2).InnerTextAsync()).Split(" L", 2)[0];
        await Submit(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Simulate day 1 as planned" }).ClickAsync());
        var result = page.Locator("#result");
        await result.WaitForAsync();
        Assert.Contains($"Processed {planned} L", await result.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scenario_file_is_planned_as_the_cli_plans_it_and_a_bad_file_is_named()
    {
        var page = await Open("/plan");
        await page.SetInputFilesAsync("#planfile", Leuka.Testing.RepositoryFiles.Example("child-all-15kg.json"));
        await Submit(page, () => page.ClickAsync("#plan-file"));
        var answer = page.Locator("#plan-answer");
        await answer.WaitForAsync();
        var cli = new Leuka.Planning.Planner().Make(ScenarioLoader.Load(File.ReadAllText(Leuka.Testing.RepositoryFiles.Example("child-all-15kg.json"))).Scenario!, new());
        Assert.Equal((cli.Feasible ? "Plan: " : "No safe plan: ") + cli.Reason + ".", await answer.InnerTextAsync());

        var bad = Path.Combine(Path.GetTempPath(), $"leuka-bad-{Guid.NewGuid():N}.json");
        File.WriteAllText(bad, File.ReadAllText(Leuka.Testing.RepositoryFiles.Example("child-all-15kg.json")).Replace("\"hematocrit\": \"", "\"hematocrit\": \"9", StringComparison.Ordinal));
        await page.SetInputFilesAsync("#planfile", bad);
        await Submit(page, () => page.ClickAsync("#plan-file"));
        var errors = page.Locator("#form-errors");
        await errors.WaitForAsync();
        Assert.Contains("patient.labs.hematocrit", await errors.InnerTextAsync(), StringComparison.Ordinal);
        File.Delete(bad);

        // A course that repeats a volume: the planner plans toward a target, so the file is refused naming course, as the CLI does.
        var course = Path.Combine(Path.GetTempPath(), $"leuka-course-{Guid.NewGuid():N}.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Leuka.Testing.RepositoryFiles.Example("child-all-15kg.json")))!.AsObject();
        json["course"] = System.Text.Json.Nodes.JsonNode.Parse("{ \"days\": 2 }");
        File.WriteAllText(course, json.ToJsonString());
        await page.SetInputFilesAsync("#planfile", course);
        await Submit(page, () => page.ClickAsync("#plan-file"));
        Assert.Contains("course: a plan plans the days toward a target", await page.Locator("#form-errors").InnerTextAsync(), StringComparison.Ordinal);
        File.Delete(course);
    }

    [Fact]
    public async Task A_shipped_example_simulates_into_its_report_and_downloads()
    {
        var page = await Open("/simulate");
        await AssertAccessible(page);
        await page.SelectOptionAsync("#example", "child-all-15kg");
        await Submit(page, () => page.ClickAsync("#simulate-example"));
        await page.Locator("#result").WaitForAsync();
        Assert.Equal(3, await page.Locator("#result a[download]").CountAsync());
        Assert.Equal(1, await page.Locator("#result iframe[title]").CountAsync());
        await AssertAccessible(page);
    }

    [Fact]
    public async Task An_uploaded_course_runs_every_day_as_the_cli_does()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Leuka.Testing.RepositoryFiles.Example("myeloma-autologous-cd34.json")))!.AsObject();
        json["procedure"]!["stop"] = System.Text.Json.Nodes.JsonNode.Parse("{ \"bloodVolumes\": 2 }");
        json["course"] = System.Text.Json.Nodes.JsonNode.Parse("{ \"days\": 2, \"mobilization\": { \"plerixafor\": { \"fromDay\": 2, \"cd34Fold\": 2.6 } } }");
        var file = Path.Combine(Path.GetTempPath(), $"leuka-course-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json.ToJsonString());
        var cli = Leuka.Planning.CourseRunner.Run(ScenarioLoader.Load(json.ToJsonString()).Scenario!);

        var page = await Open("/simulate");
        await page.SetInputFilesAsync("#file", file);
        await Submit(page, () => page.ClickAsync("#simulate-upload"));
        var rows = page.Locator("#course tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{cli.Days[1].Result.Cd34PerMicroliter.Pre:0.#}"), await rows.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await page.Locator("#result a[download='timeseries-day2.csv']").CountAsync());
        Assert.Equal(1, await page.Locator("#record-course").CountAsync());
        await AssertAccessible(page);
        File.Delete(file);
    }

    [Fact]
    public async Task Patients_like_this_one_give_intervals_and_bands_on_the_reports_plots()
    {
        var page = await Open("/simulate");
        await page.SelectOptionAsync("#example", "car-t-lymphocyte-collection");
        await page.CheckAsync("#intervals-example");
        await Submit(page, () => page.ClickAsync("#simulate-example"));
        await page.Locator("#intervals").WaitForAsync();
        Assert.Contains("400 patients like this one", await page.Locator("#intervals caption").InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(await page.Locator("#intervals tbody tr").CountAsync() >= 6);
        Assert.Equal(4, await page.Locator("#result a[download]").CountAsync());
        var report = await page.Locator("#result iframe[title]").GetAttributeAsync("srcdoc");
        Assert.Contains("Shaded: 5–95 % of 400 patients like this one", report, StringComparison.Ordinal);
        await AssertAccessible(page);
    }

    [Fact]
    public async Task A_live_training_run_holds_at_its_alarm_is_answered_and_scored()
    {
        var page = await Open("/live");
        await AssertAccessible(page);
        await page.SelectOptionAsync("#scenario", "training/occluded-access");
        await page.SelectOptionAsync("select#speed", "max");
        await Submit(page, () => page.ClickAsync("#start-run"));
        await page.Locator("#console").WaitForAsync();
        await AssertAccessible(page);

        // Faster than real time the clock holds at each safety or absolute alarm until acknowledged:
        // acknowledge each as it comes; at the occluded access, check it was held, then resume.
        var occluded = page.Locator("#alarms li", new() { HasText = "access-occluded" });
        var debrief = page.Locator("#debrief:not([hidden])");
        var resumed = false;
        for (var i = 0; i < 400 && await debrief.CountAsync() == 0; i++)
        {
            if (!resumed && await occluded.CountAsync() > 0)
            {
                Assert.Contains("held", await page.Locator("#v-speed").InnerTextAsync(), StringComparison.Ordinal);
                await Shot(page, "live-console-alarm");
                await page.ClickAsync("#a-resume");
                resumed = true;
            }

            // Until it has been seen held, the occlusion is left to the branch above: acknowledging it
            // here, in the same pass that found it absent, would let the run go on before it is checked.
            var pending = resumed
                ? page.Locator("#alarms button.ack:not([disabled])")
                : page.Locator("#alarms li").Filter(new() { HasNotText = "access-occluded" }).Locator("button.ack:not([disabled])");
            if (await pending.CountAsync() > 0)
            {
                await pending.First.ClickAsync();
            }

            await page.WaitForTimeoutAsync(150);
        }

        Assert.True(resumed, "the occluded access never raised its alarm");
        await debrief.WaitForAsync();
        Assert.Contains("resume", await page.Locator("#log").InnerTextAsync(), StringComparison.Ordinal);

        await page.ClickAsync("#debrief a");
        var score = page.Locator("#score");
        await score.WaitForAsync();
        Assert.StartsWith("Score: 100 %", await score.InnerTextAsync(), StringComparison.Ordinal);
        await Shot(page, "training-debrief");
        await AssertAccessible(page);
    }

    [Fact]
    public async Task Two_runs_compare_side_by_side_with_their_curves_overlaid()
    {
        var page = await Open("/compare");
        await AssertAccessible(page);
        await page.SelectOptionAsync("#example", "examples/adult-aml-hyperleukocytosis");
        await page.SelectOptionAsync("#setting", "procedure.inletFlow");
        await page.FillAsync("#values", "40 mL/min; 80 mL/min");
        await Submit(page, () => page.ClickAsync("#compare-runs"));
        await page.Locator("#comparison").WaitForAsync();
        Assert.Equal(2, await page.Locator("#comparison tbody tr").CountAsync());
        Assert.Equal(3, await page.Locator("#comparison svg").CountAsync());
        Assert.Equal(2, await page.Locator("#comparison svg").First.Locator("polyline").CountAsync());
        await AssertAccessible(page);
        await Shot(page, "compare");

        await page.FillAsync("#values", "40 mL/min; 999 mL/min");
        await Submit(page, () => page.ClickAsync("#compare-runs"));
        var error = page.Locator("#errors");
        await error.WaitForAsync();
        Assert.Contains("procedure.inletFlow", await error.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_is_accessible_and_every_page_is_reachable_from_the_keyboard()
    {
        var page = await Open("/");
        await AssertAccessible(page);
        foreach (var (link, path) in new[] { ("Plan", "/plan"), ("Simulate", "/simulate"), ("Compare", "/compare"), ("Live console", "/live") })
        {
            await page.GotoAsync("/");
            var anchor = page.Locator("nav a", new() { HasText = link });
            await anchor.FocusAsync();
            Assert.True(await anchor.EvaluateAsync<bool>("a => a === document.activeElement"), $"{link} cannot take the keyboard's focus");
            var arrived = page.WaitForURLAsync($"**{path}");
            await page.Keyboard.PressAsync("Enter");
            await arrived;
            Assert.Equal(1, await page.Locator("main h1").CountAsync());
        }
    }
}

/// <summary>
/// One server, one Playwright driver and one Chromium for the browser tests (they run one after
/// the other): a launch per test cost the suite seconds of CPU each, and the server's separator
/// cache stays warm between them.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium, installed by .ci/run.</summary>
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright _playwright = null!;

    /// <summary>The server on a free loopback port.</summary>
    public Server Server { get; private set; } = null!;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium package (apt-get install chromium), as .ci/run does");
        Server = await Server.Start();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await Server.DisposeAsync();
    }
}
