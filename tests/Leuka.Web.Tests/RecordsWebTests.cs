using System.Net;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Playwright;
using Leuka.Patients;
using Leuka.Records;
using Leuka.Testing;
using Microsoft.Playwright;

namespace Leuka.Web.Tests;

/// <summary>The record store over HTTP and in the browser, on a real SQLite store.</summary>
public sealed class RecordsWebTests : IAsyncLifetime
{
    private Server _server = null!;
    private string _location = "";

    public async ValueTask InitializeAsync()
    {
        _location = Path.Combine(Path.GetTempPath(), "leuka-web-records-" + Guid.NewGuid().ToString("N"), "leuka.db");
        var location = StoreLocation.Parse(_location);
        RecordStore.Migrate(location);
        _server = await Server.Start(new WebOptions(IPAddress.Loopback, 0) { Records = location });
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private static string Records(string name) => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "records", name));

    private Task<HttpResponseMessage> Add(string body, string? actor = "RN A. Okafor")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/records") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (actor is not null)
        {
            request.Headers.Add("Leuka-Actor", actor);
        }

        return _server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    [Fact]
    public async Task Records_are_added_listed_exported_calibrated_and_verified_over_http_and_bad_ones_change_nothing()
    {
        using (var noActor = await Add(Records("patient.json"), actor: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noActor.StatusCode);
            Assert.True((await Json(noActor)).GetProperty("errors").TryGetProperty("Leuka-Actor", out _));
        }

        using (var badUnit = await Add(Records("patient.json").Replace("\"hematocrit\": \"28 %\"", "\"hematocrit\": \"28 mmol/L\"", StringComparison.Ordinal)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badUnit.StatusCode);
            Assert.True((await Json(badUnit)).GetProperty("errors").TryGetProperty("labs[0].hematocrit", out _));
        }

        Assert.Equal("[]", await _server.Client.GetStringAsync("/api/records/patients", TestContext.Current.CancellationToken));
        foreach (var f in new[] { "patient.json", "day1.json", "day2.json" })
        {
            using var added = await Add(Records(f));
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        Assert.Contains("MRN-AML-0001", await _server.Client.GetStringAsync("/api/records/patients", TestContext.Current.CancellationToken), StringComparison.Ordinal);
        var export = await _server.Client.GetStringAsync("/api/records/patients/MRN-AML-0001", TestContext.Current.CancellationToken);
        Assert.Equal(2, JsonDocument.Parse(export).RootElement.GetProperty("procedures").GetArrayLength());

        var calibrate = new HttpRequestMessage(HttpMethod.Post, "/api/records/patients/MRN-AML-0001/calibrate?draws=20");
        calibrate.Headers.Add("Leuka-Actor", "Dr B. Lindqvist");
        using (var response = await _server.Client.SendAsync(calibrate, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(PatientVariation.Priors.Length, (await Json(response)).GetProperty("parameters").GetArrayLength());
        }

        // A product removed: a void version with its reason; the export no longer has it.
        var productId = JsonDocument.Parse(export).RootElement.GetProperty("procedures")[1].GetProperty("product");
        Assert.Equal(JsonValueKind.Object, productId.ValueKind);
        var store = RecordStore.Open(StoreLocation.Parse(_location));
        var id = PatientRecords.Timeline(store, "MRN-AML-0001").Products.OrderBy(p => p.RecordedAt).Last().RecordId;
        var voidRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/records/product/{id}/void?reason=counted%20twice");
        voidRequest.Headers.Add("Leuka-Actor", "Dr B. Lindqvist");
        using (var voided = await _server.Client.SendAsync(voidRequest, TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.OK, voided.StatusCode);
        }

        Assert.Single(PatientRecords.Timeline(store, "MRN-AML-0001").Products);
        var verify = JsonDocument.Parse(await _server.Client.GetStringAsync("/api/db/verify", TestContext.Current.CancellationToken)).RootElement;
        Assert.True(verify.GetProperty("ok").GetBoolean());
        Assert.Equal(21, verify.GetProperty("auditEntries").GetInt32());
    }

    [Fact]
    public async Task The_records_pages_list_the_patient_show_the_follow_up_and_are_accessible()
    {
        foreach (var f in new[] { "patient.json", "day1.json" })
        {
            using var added = await Add(Records(f));
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var page = await browser.NewPageAsync(new() { BaseURL = _server.Client.BaseAddress!.ToString() });
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync("/records");
        await Accessible(page);
        await page.ClickAsync("text=MRN-AML-0001");
        await page.Locator("#follow-up").WaitForAsync();
        var followUp = await page.Locator("#follow-up").InnerTextAsync();
        Assert.Contains("248", followUp, StringComparison.Ordinal);
        Assert.Contains("procedure: 8 L", await page.Locator("#timeline").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#follow-up-plot svg").WaitForAsync();
        await Accessible(page);

        // A count entered through the form: a unit of the wrong kind is named; then it is recorded.
        await page.FillAsync("#lab-at", "2026-11-04T07:00");
        await page.SelectOptionAsync("#lab-analyte", "wbc");
        await page.FillAsync("#lab-value", "190 g/dL");
        await page.FillAsync("#lab-actor", "RN A. Okafor");
        await BrowserTests.Submit(page, () => page.ClickAsync("#add-lab"));
        await page.Locator("#errors").WaitForAsync();
        Assert.Contains("labs[0].wbc", await page.Locator("#errors").InnerTextAsync(), StringComparison.Ordinal);
        await page.FillAsync("#lab-at", "2026-11-04T07:00");
        await page.FillAsync("#lab-value", "190 x10^9/L");
        await page.FillAsync("#lab-actor", "RN A. Okafor");
        await BrowserTests.Submit(page, () => page.ClickAsync("#add-lab"));
        await page.Locator("#saved").WaitForAsync();
        Assert.Contains("wbc 190", await page.Locator("#timeline").InnerTextAsync(), StringComparison.Ordinal);
        await Accessible(page);

        // A simulated run recorded for the patient from the simulate page.
        await page.GotoAsync("/simulate");
        await page.SelectOptionAsync("#example", "car-t-lymphocyte-collection");
        await BrowserTests.Submit(page, () => page.ClickAsync("#simulate-example"));
        await page.Locator("#record-run").WaitForAsync();
        await page.FillAsync("#run-patient", "MRN-AML-0001");
        await page.FillAsync("#run-at", "2026-11-05T08:00");
        await page.FillAsync("#run-actor", "RN A. Okafor");
        await BrowserTests.Submit(page, () => page.ClickAsync("#record-run"));
        await page.Locator("#recorded").WaitForAsync();
        var store = RecordStore.Open(StoreLocation.Parse(_location));
        var run = PatientRecords.Timeline(store, "MRN-AML-0001").Procedures.Single(p => p.Origin == "simulated");
        Assert.Equal(new DateTime(2026, 11, 5, 8, 0, 0, DateTimeKind.Utc), run.StartedAt);

        // A bad file through the form: named, and nothing recorded.
        await page.GotoAsync("/records");
        var bad = Path.Combine(Path.GetTempPath(), "leuka-bad-record-" + Guid.NewGuid().ToString("N") + ".json");
        await File.WriteAllTextAsync(bad, Records("day2.json").Replace("\"8 L\"", "\"8 kg\"", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        await page.SetInputFilesAsync("#file", bad);
        await page.FillAsync("#actor", "RN A. Okafor");
        await BrowserTests.Submit(page, () => page.ClickAsync("#add-records"));
        await page.Locator("#errors").WaitForAsync();
        Assert.Contains("procedures[0]", await page.Locator("#errors").InnerTextAsync(), StringComparison.Ordinal);
        await Accessible(page);
    }

    private static async Task Accessible(IPage page)
    {
        var results = await page.RunAxe();
        var serious = results.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: {string.Join("\n", serious)}");
    }
}
