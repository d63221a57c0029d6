using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Leuka.Formats;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Leuka.Web;

/// <summary>
/// Live runs over HTTP: start one, follow it as server-sent events, act on it.
/// <c>POST /api/runs?speed=60x</c> (body: a scenario) → 201 with its id;
/// <c>GET /api/runs/{id}/events</c> → a stream of <c>step</c>, <c>alarm</c>, <c>action</c>, <c>state</c> and <c>ended</c> events;
/// <c>POST /api/runs/{id}/actions</c> (body: one action as a scenario event without its time, or
/// <c>{ "acknowledge": 0 }</c>, or <c>{ "speed": "10x" }</c>); <c>GET /api/runs/{id}</c> the state and log;
/// <c>DELETE /api/runs/{id}</c> closes it.
/// </summary>
internal static class RunEndpoints
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app, LiveRuns runs)
    {
        var group = app.MapGroup("/api/runs").WithTags("live runs");
        group.MapPost("/", async (HttpRequest request, string? speed) =>
        {
            var pace = LiveRun.ParseSpeed(speed ?? "60x");
            if (pace is null)
            {
                return ApiEndpoints.Invalid(new() { ["speed"] = [$"\"{speed}\" is not a speed; give paused, 1x, 10x, 60x or max"] });
            }

            var (loaded, problem) = await ApiEndpoints.Read(request);
            if (problem is not null)
            {
                return problem;
            }

            if (ScenarioLoader.SingleProcedureOnly(loaded!.Scenario!, "a live run") is { } course)
            {
                return ApiEndpoints.Invalid(new() { [course.Path] = [course.Message] });
            }

            var (run, full) = await runs.Start(loaded!.Scenario!, pace.Value);
            return run is null
                ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "busy", detail: full)
                : Results.Json(new { id = run.Id, events = $"/api/runs/{run.Id}/events", actions = $"/api/runs/{run.Id}/actions" }, JsonOptions, statusCode: StatusCodes.Status201Created);
        }).WithSummary("Start a live run").WithDescription("Body: a scenario file. Query: speed (paused, 1x, 10x, 60x or max; default 60x). Faster than real time the clock holds at a safety or absolute alarm until it is acknowledged.");

        group.MapGet("/{id}", (string id) => runs.Find(id) is { } run ? Results.Json(State(run), JsonOptions) : NotFound(id))
            .WithSummary("A live run's state, alarms and log");

        group.MapGet("/{id}/events", (string id, CancellationToken cancel) => runs.Find(id) is { } run
                ? TypedResults.ServerSentEvents(Stream(run, cancel))
                : NotFound(id))
            .WithSummary("A live run's events (server-sent events)");

        group.MapPost("/{id}/actions", async (string id, HttpRequest request, string? who) =>
        {
            if (runs.Find(id) is not { } run)
            {
                return NotFound(id);
            }

            if (ApiEndpoints.NotJson(request) is { } unsupported)
            {
                return unsupported;
            }

            who = who is "instructor" ? "instructor" : "operator";
            string text;
            using (var reader = new StreamReader(request.Body, new UTF8Encoding(false, true)))
            {
                try
                {
                    text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
                }
                catch (DecoderFallbackException)
                {
                    return ApiEndpoints.Invalid(new() { ["$"] = ["the body is not UTF-8 text"] });
                }
                catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "too large", detail: "an action is a few hundred characters");
                }
            }

            return Act(run, text, who);
        }).WithSummary("Act on a live run").WithDescription("Body: one action as a scenario event without its time ({ \"set\": { \"inletFlow\": \"40 mL/min\" } }, give, pause, resume, end, fault), or { \"acknowledge\": 0 } (an alarm's index), or { \"speed\": \"10x\" }. Query who=instructor marks faults injected by an instructor.");

        group.MapDelete("/{id}", async (string id) => await runs.Close(id) ? Results.NoContent() : NotFound(id))
            .WithSummary("Close a live run");
    }

    // Acknowledge and speed are console actions; everything else is read as a scenario event is.
    internal static IResult Act(LiveRun run, string text, string who)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(text.Length > 65536 ? "null" : text);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return ApiEndpoints.Invalid(new() { ["$"] = ["malformed JSON; write e.g. { \"resume\": {} }"] });
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("acknowledge", out var index))
        {
            var problem = index.TryGetInt32(out var i) ? run.Acknowledge(i, who) : "give the alarm's index, a whole number";
            return problem is null ? Results.Json(State(run), JsonOptions) : ApiEndpoints.Invalid(new() { ["acknowledge"] = [problem] });
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("speed", out var speedValue))
        {
            if (speedValue.ValueKind != JsonValueKind.String || LiveRun.ParseSpeed(speedValue.GetString()) is not { } speed)
            {
                return ApiEndpoints.Invalid(new() { ["speed"] = ["give paused, 1x, 10x, 60x or max"] });
            }

            run.SetSpeed(speed, who);
            return Results.Json(State(run), JsonOptions);
        }

        var (action, errors) = ScenarioLoader.LoadAction(text);
        if (action is null)
        {
            return ApiEndpoints.Invalid(errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        }

        var refused = run.Apply(action, who);
        return refused is null
            ? Results.Json(State(run), JsonOptions)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "not applied", detail: refused);
    }

    internal static object State(LiveRun run)
    {
        var now = run.Snapshot;
        return new
        {
            id = run.Id,
            name = run.Scenario.Name,
            atMin = Math.Round(now.Time.Minutes, 2),
            phase = SummaryJson.PhaseWord(now.Phase),
            paused = now.Paused,
            speed = LiveRun.Word(run.Speed),
            held = run.Held,
            finished = run.Finished,
            inletMlPerMin = Math.Round(now.InletFlow.MillilitersPerMinute, 2),
            processedMl = Math.Round(now.Processed.Milliliters, 1),
            wbcE9PerL = Math.Round(now.Patient.Wbc.E9PerLiter, 2),
            ionizedCalciumMmolPerL = Math.Round(now.Patient.IonizedCalcium.MillimolesPerLiter, 3),
            alarms = run.Alarms.Select(a => new { index = a.Index, atMin = Math.Round(a.Alarm.AtMinutes, 2), code = a.Alarm.Code, tier = a.Alarm.Severity.ToString().ToLowerInvariant(), message = a.Alarm.Message, acknowledged = a.Acknowledged }),
            log = run.Log.Select(l => new { atMin = Math.Round(l.AtMinutes, 2), wall = l.Wall, who = l.Who, what = l.What }),
        };
    }

    private static async IAsyncEnumerable<SseItem<string>> Stream(LiveRun run, [EnumeratorCancellation] CancellationToken cancel)
    {
        using var subscription = run.Subscribe();
        var reader = subscription.Reader;
        while (await reader.WaitToReadAsync(cancel))
        {
            while (reader.TryRead(out var e))
            {
                yield return new SseItem<string>(e.Json, e.Kind);
            }
        }
    }

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "no such run", detail: string.Create(CultureInfo.InvariantCulture, $"no live run \"{(id.Length > 40 ? id[..40] + "…" : id)}\"; start one with POST /api/runs"));
}
