using System.Text;
using Leuka.Cohorts;
using Leuka.Formats;
using Leuka.Planning;
using Leuka.Quantities;
using Leuka.Separation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Leuka.Web;

/// <summary>
/// The JSON API: the CLI's <c>check</c>, <c>simulate</c> and <c>plan</c> over HTTP. Each takes a
/// scenario in the file format and answers with exactly what the CLI writes for it (the check
/// JSON, summary.json, plan.json); an invalid scenario is a 400 problem whose errors are keyed by
/// the field path, as the CLI names them.
/// </summary>
internal static class ApiEndpoints
{
    private const string Json = "application/json";
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    internal static readonly SharedCache Cache = new();

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api").WithTags("scenarios");
        api.MapPost("/check", Check)
            .WithSummary("Validate a scenario")
            .WithDescription("Takes a scenario file (JSON, docs/reference/scenario.md) and returns what `leuka check --json` prints: the normalized patient, derived values and warnings.")
            .TakesScenario();
        api.MapPost("/simulate", Simulate)
            .WithSummary("Simulate a procedure")
            .WithDescription("Takes a scenario file and returns summary.json, byte for byte what `leuka simulate` writes for it.")
            .TakesScenario()
            .RunsLimited();
        api.MapPost("/plan", Plan)
            .WithSummary("Plan settings, volume and days")
            .WithDescription("Takes a scenario file whose stop is the goal and returns plan.json, what `leuka plan --json` prints. Query: maxDays (1–14, default 4), maxHours (0.5–8, default 5), bleedingRisk (true/false), probability (e.g. 90%: plan so that this share of patients like this one reach a target stop).")
            .TakesScenario()
            .RunsLimited();
        api.MapPost("/intervals", Intervals)
            .WithSummary("Prediction intervals for patients like this one")
            .WithDescription("Takes a scenario file and returns intervals.json, what `leuka simulate --intervals` writes: the median and 5–95 % of the main figures over 400 patients who differ by their random effects (drawn from their priors).")
            .TakesScenario()
            .RunsLimited();
    }

    // What every endpoint that reads a scenario body answers: its JSON, or a problem.
    internal static RouteHandlerBuilder TakesScenario(this RouteHandlerBuilder endpoint) => endpoint
        .Produces(StatusCodes.Status200OK, contentType: Json)
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
        .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);

    // Computations share the server's run slots (503 when they and the queue are full).
    internal static RouteHandlerBuilder RunsLimited(this RouteHandlerBuilder endpoint) => endpoint
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
        .RequireRateLimiting(LeukaServer.RunsPolicy);

    private static async Task<IResult> Check(HttpRequest request)
    {
        var (loaded, problem) = await Read(request);
        return problem ?? Results.Text(CheckJson.Write(loaded!), Json, Encoding.UTF8);
    }

    private static async Task<IResult> Simulate(HttpRequest request)
    {
        var (loaded, problem) = await Read(request);
        if (problem is not null)
        {
            return problem;
        }

        if (ScenarioLoader.CourseRepeatsTarget(loaded!.Scenario!) is { } repeats)
        {
            return Invalid(new() { [repeats.Path] = [repeats.Message] });
        }

        // A course runs every day, as `leuka simulate` does.
        var course = CourseRunner.Run(loaded.Scenario!, Cache.Current, inputWarnings: loaded.Warnings);
        return Results.Text(SummaryJson.Write(course), Json, Encoding.UTF8);
    }

    private static async Task<IResult> Intervals(HttpRequest request)
    {
        var (loaded, problem) = await Read(request);
        if (problem is not null)
        {
            return problem;
        }

        if (loaded!.Scenario!.Patient.Variation is not null)
        {
            return Invalid(new() { ["patient.variation"] = ["the scenario fixes the patient's own random effects: intervals from the priors describe patients like this one; remove patient.variation"] });
        }

        if (ScenarioLoader.SingleProcedureOnly(loaded.Scenario, "/api/intervals") is { } course)
        {
            return Invalid(new() { [course.Path] = [course.Message] });
        }

        return Results.Text(IntervalsJson.Write(PredictionIntervals.RunWithBands(loaded.Scenario).LikeThis), Json, Encoding.UTF8);
    }

    private static async Task<IResult> Plan(HttpRequest request, string? maxDays, string? maxHours, string? bleedingRisk, string? probability)
    {
        var (days, hours, errors) = PlanInputs.Read(maxDays, maxHours);
        double? share = null;
        if (!string.IsNullOrWhiteSpace(probability))
        {
            (share, var wrong) = ConfidentPlanner.Read(probability);
            if (wrong is not null)
            {
                errors["probability"] = [wrong];
            }
        }

        var bleeding = false;
        if (bleedingRisk is not null && !bool.TryParse(bleedingRisk, out bleeding))
        {
            errors["bleedingRisk"] = [$"\"{QuantityParts.Shown(bleedingRisk)}\" is not true or false"];
        }

        var (loaded, problem) = await Read(request);
        if (problem is null && ScenarioLoader.PlannableCourse(loaded!.Scenario!, "a plan") is { } course)
        {
            errors[course.Path] = [course.Message];
        }

        if (problem is null && ScenarioLoader.SeparatingOnly(loaded!.Scenario!, "a plan") is { } kind)
        {
            errors[kind.Path] = [kind.Message];
        }

        if (problem is null && share is not null && ConfidentPlanner.Refusal(loaded!.Scenario!) is { } target)
        {
            errors["probability"] = [target];
        }

        if (problem is not null || errors.Count > 0)
        {
            return problem ?? Invalid(errors);
        }

        var options = new PlanOptions(days, hours, BleedingRisk: bleeding);
        var plan = share is { } p
            ? ConfidentPlanner.Make(loaded!.Scenario!, options, p, cache: Cache.Current).Plan
            : new Planner(Cache.Current).Make(loaded!.Scenario!, options);
        return Results.Text(PlanJson.Write(plan), Json, Encoding.UTF8);
    }

    // The body as text after the transport's own checks: JSON content type, size, UTF-8.
    internal static async Task<(string Text, IResult? Problem)> ReadText(HttpRequest request, string what)
    {
        if (NotJson(request) is { } unsupported)
        {
            return ("", unsupported);
        }

        if (request.ContentLength > WebOptions.MaxBodyBytes)
        {
            return ("", TooLarge());
        }

        string text;
        try
        {
            using var reader = new StreamReader(request.Body, StrictUtf8, detectEncodingFromByteOrderMarks: false);
            text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return ("", TooLarge());
        }
        catch (DecoderFallbackException)
        {
            return ("", Invalid(new() { ["$"] = [$"the body is not UTF-8 text; send {what} as it is saved (UTF-8 JSON)"] }));
        }

        if (text.Length == 0)
        {
            return ("", Invalid(new() { ["$"] = [$"the body is empty; send {what} (JSON)"] }));
        }

        return (text.TrimStart('\uFEFF'), null);
    }

    // The body through the one reader every input path uses (ScenarioLoader).
    internal static async Task<(ScenarioLoadResult? Loaded, IResult? Problem)> Read(HttpRequest request)
    {
        var (text, problem) = await ReadText(request, "the scenario file");
        if (problem is not null)
        {
            return (null, problem);
        }

        var loaded = ScenarioLoader.Load(text);
        if (loaded.IsValid)
        {
            return (loaded, null);
        }

        var errors = loaded.Errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
        return (null, Invalid(errors));
    }

    // A body must say it is JSON: a form on another site cannot send that without the browser
    // asking first (a CORS preflight this server never grants).
    internal static IResult? NotJson(HttpRequest request) =>
        request.ContentType is { } type && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.Contains("+json", StringComparison.OrdinalIgnoreCase))
            ? null
            : Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "not JSON", detail: $"the body is sent as \"{request.ContentType ?? "nothing"}\"; send the scenario with Content-Type: application/json (curl: -H \"Content-Type: application/json\")");

    internal static IResult Invalid(Dictionary<string, string[]> errors) => Results.ValidationProblem(
        errors,
        detail: string.Join("\n", errors.SelectMany(e => e.Value.Select(m => $"{e.Key}: {m}"))),
        title: "the request is not valid");

    private static IResult TooLarge() => Results.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "too large",
        detail: $"the body is larger than {WebOptions.MaxBodyBytes / (1024 * 1024)} MB; a scenario is a few kB");

    // One separator cache for the server's runs (results do not depend on what it holds), renewed
    // when it grows past a bound so a long-running server's memory stays bounded.
    internal sealed class SharedCache
    {
        private const int MaxSettled = 4000;
        private SeparatorCache _cache = new(SeparatorModel.Default);

        public SeparatorCache Current
        {
            get
            {
                var cache = Volatile.Read(ref _cache);
                if (cache.Settled > MaxSettled)
                {
                    cache = new SeparatorCache(SeparatorModel.Default);
                    Volatile.Write(ref _cache, cache);
                }

                return cache;
            }
        }
    }
}
