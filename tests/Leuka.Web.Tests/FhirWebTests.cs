using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Leuka.Records;
using Leuka.Testing;
using Task = System.Threading.Tasks.Task;

// The FHIR model's elements are all nullable; here a missing one fails the test where it is read.
#pragma warning disable CS8600, CS8602, CS8604

namespace Leuka.Web.Tests;

/// <summary><c>/fhir</c> on a real record store, driven by Firely's FhirClient as a hospital system would.</summary>
public sealed class FhirWebTests : IAsyncLifetime
{
    private Server _server = null!;
    private FhirClient _client = null!;
    private string _patientId = "";

    public async ValueTask InitializeAsync()
    {
        var location = StoreLocation.Parse(Path.Combine(Path.GetTempPath(), "leuka-web-fhir-" + Guid.NewGuid().ToString("N"), "leuka.db"));
        RecordStore.Migrate(location);
        var store = RecordStore.Open(location);
        foreach (var file in new[] { Path.Combine("fhir", "recorded-cd34-collection.json"), Path.Combine("records", "patient.json"), Path.Combine("records", "day1.json") })
        {
            var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", file));
            store.Write("RN B. Haddad", w => RecordDocument.Parse(text, w.Now).Apply(w));
        }

        _patientId = PatientRecords.Timeline(store, "MRN-MM-0002").Patient.RecordId.ToString("D");
        _server = await Server.Start(new WebOptions(IPAddress.Loopback, 0) { Records = location });
        _client = new FhirClient(new Uri(_server.Client.BaseAddress!, "fhir"), new FhirClientSettings { PreferredFormat = ResourceFormat.Json });
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_fhir_client_reads_the_capability_statement_searches_pages_and_reads_what_the_store_holds()
    {
        var capabilities = await _client.CapabilityStatementAsync(ct: TestContext.Current.CancellationToken);
        Assert.Equal(FHIRVersion.N4_0_1, capabilities.FhirVersion);
        Assert.Equal(
            ["AdverseEvent", "BiologicallyDerivedProduct", "Device", "Medication", "Observation", "Patient", "Procedure", "Provenance"],
            capabilities.Rest.Single().Resource.Select(r => r.Type).Order(StringComparer.Ordinal));

        var patients = await _client.SearchAsync<Patient>(["identifier=MRN-MM-0002"], ct: TestContext.Current.CancellationToken);
        var patient = (Patient)patients.Entry.Single().Resource;
        Assert.Equal((_patientId, "1965-05-20"), (patient.Id, patient.BirthDate));

        // Read by id: the same resource the search found, references relative to this server.
        var procedure = (Hl7.Fhir.Model.Procedure)(await _client.SearchAsync<Hl7.Fhir.Model.Procedure>(["patient=" + _patientId], ct: TestContext.Current.CancellationToken)).Entry.Single().Resource;
        Assert.Equal("Patient/" + _patientId, procedure.Subject.Reference);
        var read = await _client.ReadAsync<Hl7.Fhir.Model.Procedure>("Procedure/" + procedure.Id, ct: TestContext.Current.CancellationToken);
        Assert.Equal(procedure.Performed.ToString(), read.Performed.ToString());
        var product = (BiologicallyDerivedProduct)(await _client.SearchAsync<BiologicallyDerivedProduct>(["patient=" + _patientId], ct: TestContext.Current.CancellationToken)).Entry.Single().Resource;
        Assert.Equal("S1128", product.ProductCode.Coding.Single().Code);
        var reaction = (AdverseEvent)(await _client.SearchAsync<AdverseEvent>(["patient=MRN-MM-0002"], ct: TestContext.Current.CancellationToken)).Entry.Single().Resource;
        Assert.Equal("Procedure/" + procedure.Id, reaction.SuspectEntity.Single().Instance.Reference);

        // The WBC results by LOINC code, two to a page, followed to the end: the lab results and the count the procedure started from.
        var page = await _client.SearchAsync<Observation>(["patient=" + _patientId, "code=http://loinc.org|6690-2", "_count=2"], ct: TestContext.Current.CancellationToken);
        Assert.Equal(3, page.Total);
        var values = new List<decimal>();
        while (page is not null)
        {
            values.AddRange(page.Entry.Select(e => ((Quantity)((Observation)e.Resource).Value).Value!.Value));
            page = await _client.ContinueAsync(page, ct: TestContext.Current.CancellationToken);
        }

        Assert.Equal([29m, 32m, 32m], values.Order());
    }

    [Fact]
    public async Task Unknown_resources_types_and_parameters_are_operation_outcomes_with_what_is_supported()
    {
        var missing = await Assert.ThrowsAsync<FhirOperationException>(() => _client.ReadAsync<Patient>("Patient/" + Guid.NewGuid(), ct: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);

        var parameter = await Assert.ThrowsAsync<FhirOperationException>(() => _client.SearchAsync<Observation>(["birthdate=1965"], ct: TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.BadRequest, parameter.Status);
        Assert.Contains("supported: _id, _count, _offset, patient, subject, code", parameter.Outcome.Issue.Single().Diagnostics, StringComparison.Ordinal);

        using var type = await _server.Client.GetAsync("/fhir/Encounter", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, type.StatusCode);
        Assert.Equal("application/fhir+json", type.Content.Headers.ContentType!.MediaType);

        using var count = await _server.Client.GetAsync("/fhir/Observation?_count=0", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, count.StatusCode);
    }

    [Fact]
    public async Task The_patient_page_links_each_procedure_as_done_to_its_fhir_bundle()
    {
        var page = await _server.Client.GetStringAsync("/records/MRN-MM-0002", TestContext.Current.CancellationToken);
        Assert.Contains("href=\"/api/records/patients/MRN-MM-0002/fhir?procedure=1\"", page, StringComparison.Ordinal);

        var bundle = System.Text.Json.JsonSerializer.Deserialize<Bundle>(
            await _server.Client.GetStringAsync("/api/records/patients/MRN-MM-0002/fhir?procedure=1", TestContext.Current.CancellationToken),
            new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector));
        // The same builder as 'leuka fhir export', whose output the CLI tests validate (the validator's first run costs seconds).
        Assert.Equal(40, bundle.Entry.Count);
        Assert.Single(bundle.Entry, e => e.Resource is BiologicallyDerivedProduct { ProductCode.Coding: [{ Code: "S1128" }] });

        using var wrong = await _server.Client.GetAsync("/api/records/patients/MRN-MM-0002/fhir?procedure=7", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("\"procedure\"", await wrong.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
