using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leuka.Cohorts;
using Leuka.Formats;
using Leuka.Planning;
using Leuka.Testing;
using Microsoft.AspNetCore.Builder;

namespace Leuka.Web.Tests;

/// <summary>A real server on a free loopback port, driven over HTTP.</summary>
public sealed class Server : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Server(WebApplication app, string url)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
    }

    public HttpClient Client { get; }

    public static async Task<Server> Start(WebOptions? options = null)
    {
        var app = LeukaServer.Build(options ?? new WebOptions(IPAddress.Loopback, 0), quiet: true);
        await app.StartAsync();
        return new Server(app, app.Urls.First());
    }

    public Task<HttpResponseMessage> Post(string path, string body) => Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed class ApiTests
{
    private static string Example(string name) => File.ReadAllText(RepositoryFiles.Example(name));

    [Fact]
    public async Task Simulate_returns_for_every_shipped_example_exactly_the_summary_the_cli_writes()
    {
        await using var server = await Server.Start();
        foreach (var example in RepositoryFiles.Examples())
        {
            var name = Path.GetFileNameWithoutExtension(example);
            using var response = await server.Post("/api/simulate", File.ReadAllText(example));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            var golden = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "tests", "golden", name, "summary.json"));
            Assert.Equal(golden, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task Check_and_plan_return_the_clis_json()
    {
        await using var server = await Server.Start();
        var json = Example("child-all-15kg.json");
        using var check = await server.Post("/api/check", json);
        Assert.Equal(HttpStatusCode.OK, check.StatusCode);
        Assert.Equal(CheckJson.Write(ScenarioLoader.Load(json)), await check.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        using var plan = await server.Post("/api/plan?maxDays=2&maxHours=4", json);
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var expected = PlanJson.Write(new Planner().Make(ScenarioLoader.Load(json).Scenario!, new PlanOptions(2, 4)));
        Assert.Equal(expected, await plan.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // A collection course toward a dose: planned with plerixafor between the days (day 2's
        // morning CD34+ well above the same plan's without it), the course in plan.json, while
        // simulate refuses it naming course, as the CLI does.
        var node = System.Text.Json.Nodes.JsonNode.Parse(Example("myeloma-autologous-cd34.json"))!.AsObject();
        node.Remove("events");
        node["patient"]!["labs"]!["cd34"] = "10 /uL";
        node["procedure"]!["stop"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "targetCd34Dose": "2 x10^6/kg" }""");
        async Task<JsonElement> PlanOf(string scenario)
        {
            using var response = await server.Post("/api/plan?maxHours=1", scenario);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
        }

        static double MorningCd34(JsonElement plan) => double.Parse(plan.GetProperty("days")[1].GetProperty("scenario").GetProperty("patient").GetProperty("labs").GetProperty("cd34").GetString()!.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        var without = await PlanOf(node.ToJsonString());
        node["course"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "days": 3, "mobilization": { "plerixafor": { "fromDay": 2, "cd34Fold": 3 } } }""");
        var with = await PlanOf(node.ToJsonString());
        Assert.Equal(3, with.GetProperty("course").GetProperty("mobilization").GetProperty("plerixafor").GetProperty("cd34Fold").GetDouble());
        Assert.False(without.TryGetProperty("course", out _));
        Assert.True(MorningCd34(with) > 2 * MorningCd34(without), $"{MorningCd34(with)} against {MorningCd34(without)}");

        using var refused = await server.Post("/api/simulate", node.ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("errors");
        Assert.Contains("repeats each day's stop", errors.GetProperty("course")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_scenario_is_a_problem_keyed_by_the_field_path_as_the_cli_names_it()
    {
        await using var server = await Server.Start();
        var json = Example("adult-aml-hyperleukocytosis.json").Replace("\"250 x10^9/L\"", "\"250000\"", StringComparison.Ordinal);
        var cli = ScenarioLoader.Load(json).Errors.Single();
        foreach (var path in new[] { "/api/check", "/api/simulate", "/api/plan", "/api/intervals" })
        {
            using var response = await server.Post(path, json);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            var errors = problem.RootElement.GetProperty("errors");
            Assert.Equal(cli.Message, errors.GetProperty(cli.Path)[0].GetString());
            Assert.Equal("patient.labs.wbc", cli.Path);
        }
    }

    [Fact]
    public async Task Bad_bodies_and_bad_options_get_a_clear_problem_and_change_nothing()
    {
        await using var server = await Server.Start();
        async Task<(HttpStatusCode Status, string Detail)> Send(string path, HttpContent content)
        {
            using var response = await server.Client.PostAsync(path, content, TestContext.Current.CancellationToken);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            return (response.StatusCode, problem.RootElement.GetProperty("detail").GetString()!);
        }

        var notUtf8 = new ByteArrayContent([0xff, 0xfe, 0x7b]);
        notUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.Equal((HttpStatusCode.BadRequest, "$: the body is not UTF-8 text; send the scenario file as it is saved (UTF-8 JSON)"), await Send("/api/check", notUtf8));
        Assert.Equal(HttpStatusCode.BadRequest, (await Send("/api/simulate", new StringContent("", Encoding.UTF8, "application/json"))).Status);
        Assert.StartsWith("$: malformed JSON", (await Send("/api/simulate", new StringContent("{ \"name\": ", Encoding.UTF8, "application/json"))).Detail, StringComparison.Ordinal);
        Assert.StartsWith("$: expected an object", (await Send("/api/simulate", new StringContent("[1, 2]", Encoding.UTF8, "application/json"))).Detail, StringComparison.Ordinal);
        // A body announced larger than the limit is refused before it is read (raw HTTP: a client
        // still uploading would only see the connection close).
        using (var tcp = new System.Net.Sockets.TcpClient())
        {
            await tcp.ConnectAsync(server.Client.BaseAddress!.Host, server.Client.BaseAddress.Port, TestContext.Current.CancellationToken);
            var stream = tcp.GetStream();
            var head = $"POST /api/simulate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {WebOptions.MaxBodyBytes + 1}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), TestContext.Current.CancellationToken);
            var answer = await new StreamReader(stream).ReadToEndAsync(TestContext.Current.CancellationToken);
            Assert.StartsWith("HTTP/1.1 413", answer, StringComparison.Ordinal);
            Assert.Contains("the body is larger than 4 MB; a scenario is a few kB", answer, StringComparison.Ordinal);
        }

        var (status, detail) = await Send("/api/plan?maxDays=99&maxHours=abc", new StringContent(Example("child-all-15kg.json"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("maxDays: \"99\" is out of range; give 1 to 14 consecutive days", detail, StringComparison.Ordinal);
        Assert.Contains("maxHours: \"abc\" is out of range", detail, StringComparison.Ordinal);

        // Not said to be JSON (what a form on another site would send): 415, nothing read.
        var (formStatus, formDetail) = await Send("/api/simulate", new StringContent(Example("child-all-15kg.json"), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, formStatus);
        Assert.Contains("Content-Type: application/json", formDetail, StringComparison.Ordinal);

        // A name that is not loopback's is not answered on loopback (DNS rebinding).
        using (var rebound = new HttpRequestMessage(HttpMethod.Get, "/"))
        {
            rebound.Headers.Host = "attacker.example";
            using var response = await server.Client.SendAsync(rebound, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        // The server still answers.
        using var ok = await server.Post("/api/check", Example("child-all-15kg.json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Runs_beyond_the_concurrency_limit_are_refused_with_503_not_queued_without_end()
    {
        await using var server = await Server.Start(new WebOptions(IPAddress.Loopback, 0) { ConcurrentRuns = 1, QueuedRuns = 0 });
        var json = Example("myeloma-autologous-cd34.json");
        var ct = TestContext.Current.CancellationToken;
        // The first run holds the only permit for as long as the test wants: its body is sent up to
        // one byte, and the rest only when released. (A run that merely computed for a while could
        // end first on a fast machine.) Probes, one at a time, show when it has the permit: the first
        // refused probe can only have been refused for it. A probe that came first may get the
        // permit instead and the held run be the one refused: then start again.
        // One run first, so that the server's pipeline is warm and the held run reaches the limiter
        // in well under the 100 ms the probes wait.
        using (var warm = await server.Post("/api/simulate", json))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var release = new TaskCompletionSource();
            var first = server.Client.PostAsync("/api/simulate", new HeldContent(json, release.Task), ct);
            HttpResponseMessage? refused = null;
            await Task.Delay(100, ct);
            for (var probe = 0; probe < 100 && refused is null && !first.IsCompleted; probe++)
            {
                var response = await server.Post("/api/simulate", json);
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                {
                    refused = response;
                }
                else
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    response.Dispose();
                    await Task.Delay(20, ct);
                }
            }

            if (refused is null)
            {
                release.SetResult();
                (await first).Dispose();
                continue;
            }

            using (refused)
            {
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
                Assert.Contains("1 runs are computing and 0 are waiting", await refused.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }

            var others = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => server.Post("/api/simulate", json)));
            if (first.IsCompleted && others.Any(r => r.StatusCode != HttpStatusCode.ServiceUnavailable))
            {
                // The held run no longer holds the permit: on a loaded machine the server's minimum
                // request-body rate (Kestrel's, after its 5-s grace) ended the stalled upload before
                // the others came. Nothing was shown about the limit: start again.
                foreach (var r in others)
                {
                    r.Dispose();
                }

                release.TrySetResult();
                try
                {
                    (await first).Dispose();
                }
                catch (HttpRequestException)
                {
                    // The server reset the stalled upload instead of answering it.
                }

                continue;
            }

            Assert.All(others, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
            foreach (var r in others)
            {
                r.Dispose();
            }

            release.SetResult();
            using var done = await first;
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            using var after = await server.Post("/api/simulate", json);
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            return;
        }

        Assert.Fail("the held run never held the permit in five attempts");
    }

    // A request body sent up to its first byte; the rest once the task given completes.
    private sealed class HeldContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly Task _release;

        public HeldContent(string json, Task release)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_bytes.AsMemory(0, 1));
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync(_bytes.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }

    [Fact]
    public async Task Beyond_loopback_a_token_is_required_and_every_request_must_carry_it()
    {
        Assert.Contains("--token", new WebOptions(IPAddress.Any, 5080).Problem(), StringComparison.Ordinal);
        Assert.Contains("too short", new WebOptions(IPAddress.Any, 5080, "short").Problem(), StringComparison.Ordinal);
        Assert.Null(new WebOptions(IPAddress.Any, 5080, "a-secret-of-sufficient-length").Problem());
        Assert.Throws<ArgumentException>(() => LeukaServer.Build(new WebOptions(IPAddress.Any, 0)));

        await using var server = await Server.Start(new WebOptions(IPAddress.Loopback, 0, "a-secret-of-sufficient-length"));
        using (var anonymous = await server.Post("/api/check", Example("child-all-15kg.json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var page = await server.Client.GetAsync("/plan", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        }

        server.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "a-secret-of-sufficient-length");
        using var allowed = await server.Post("/api/check", Example("child-all-15kg.json"));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        // A browser signs in once with ?token=: an HttpOnly cookie, and the token leaves the address.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = server.Client.BaseAddress };
        using (var signIn = await browser.GetAsync("/plan?token=a-secret-of-sufficient-length", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Equal("/plan", signIn.Headers.Location!.ToString());
            Assert.Contains("httponly", string.Join(";", signIn.Headers.GetValues("Set-Cookie")), StringComparison.OrdinalIgnoreCase);
        }

        using var signedIn = await browser.GetAsync("/plan", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Intervals_and_a_plan_for_a_probability_answer_as_the_cli_and_a_bad_probability_names_its_field()
    {
        await using var server = await Server.Start();
        var cart = Example("car-t-lymphocyte-collection.json");
        using var intervals = await server.Post("/api/intervals", cart);
        Assert.Equal(HttpStatusCode.OK, intervals.StatusCode);
        var scenario = ScenarioLoader.Load(cart).Scenario!;
        Assert.Equal(IntervalsJson.Write(PredictionIntervals.RunWithBands(scenario).LikeThis), await intervals.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // Intervals are for one procedure: a course is refused, naming it.
        var course = System.Text.Json.Nodes.JsonNode.Parse(Example("adult-aml-hyperleukocytosis.json"))!;
        course["course"] = System.Text.Json.Nodes.JsonNode.Parse("""{ "days": 2 }""");
        using (var refused = await server.Post("/api/intervals", course.ToJsonString()))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("errors");
            Assert.Contains("runs one procedure", errors.GetProperty("course")[0].GetString(), StringComparison.Ordinal);
        }

        foreach (var (query, json, expected) in new[]
        {
            ("probability=0.9", cart, "has no unit"),
            ("probability=100%25", cart, "out of range"),
            ("probability=90%25", Example("adult-aml-hyperleukocytosis.json"), "not a goal that can be missed"),
            ("probability=lots%25", cart, "not a number"),
        })
        {
            using var plan = await server.Post("/api/plan?" + query, json);
            Assert.Equal(HttpStatusCode.BadRequest, plan.StatusCode);
            var errors = JsonDocument.Parse(await plan.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.GetProperty("errors");
            Assert.Contains(expected, errors.GetProperty("probability")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_openapi_document_describes_the_scenario_endpoints()
    {
        await using var server = await Server.Start();
        using var document = JsonDocument.Parse(await server.Client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/api/check", "/api/simulate", "/api/plan", "/api/intervals" })
        {
            var post = paths.GetProperty(path).GetProperty("post");
            Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
            Assert.True(post.GetProperty("responses").TryGetProperty("400", out _));
        }
    }
}
