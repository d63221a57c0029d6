using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Leuka.Fhir;
using Leuka.Records;

// The FHIR model's elements are all nullable; here a missing one fails the test where it is read.
#pragma warning disable CS8600, CS8602

namespace Leuka.Cli.Tests;

/// <summary>
/// <c>leuka fhir export</c>: a recorded procedure as FHIR R4 that Firely's validator accepts offline,
/// the same bytes every time, and a round trip (export, import) that gives the same scenario and labs.
/// </summary>
public sealed class FhirExportTests
{
    private static readonly JsonSerializerOptions Fhir = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private static string Example(params string[] path) => Path.Combine([RepositoryFiles.Root, "examples", .. path]);

    private static string TempFile(string name) => Path.Combine(Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "leuka-fhir-export-" + Guid.NewGuid().ToString("N"))).FullName, name);

    // A store with the CD34+ collection (product with its ISBT 128 code, a citrate reaction, an ionized-calcium nadir) and the AML course of two procedures.
    private static string Store()
    {
        var db = TempFile("leuka.db");
        Assert.Equal(0, CliRunner.Run("db", "migrate", "--db", db).Exit);
        foreach (var f in new[] { Example("fhir", "recorded-cd34-collection.json"), Example("records", "patient.json"), Example("records", "day1.json"), Example("records", "day2.json") })
        {
            var (exit, _, err) = CliRunner.Run("records", "add", f, "--db", db, "--actor", "RN B. Haddad");
            Assert.True(exit == 0, err);
        }

        return db;
    }

    private static Bundle Read(string file) => JsonSerializer.Deserialize<Bundle>(File.ReadAllText(file), Fhir)!;

    [Fact]
    public void A_recorded_procedure_exports_as_a_bundle_that_validates_offline_and_holds_every_kind_of_resource()
    {
        var db = Store();
        var file = TempFile("cd34.json");
        var (exit, output, err) = CliRunner.Run("fhir", "export", "MRN-MM-0002", "--procedure", "1", "--validate", "--out", file, "--db", db);
        Assert.True(exit == 0, err);
        Assert.Contains("valid: 40 resources, no errors", err, StringComparison.Ordinal);
        Assert.Contains("wrote " + file, output, StringComparison.Ordinal);

        var bundle = Read(file);
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        Assert.Equal(["AdverseEvent", "BiologicallyDerivedProduct", "Device", "Medication", "Observation", "Patient", "Procedure", "Provenance"], resources.Select(r => r.TypeName).Distinct().Order(StringComparer.Ordinal));

        var procedure = resources.OfType<Hl7.Fhir.Model.Procedure>().Single();
        Assert.Equal(EventStatus.Completed, procedure.Status);
        Assert.Equal("cd34-collection", procedure.Code.Coding.Single().Code);
        Assert.Equal("RN B. Haddad", procedure.Performer.Single().Actor.Display);

        var product = resources.OfType<BiologicallyDerivedProduct>().Single();
        Assert.Equal(("S1128", FhirCodes.Isbt128System), (product.ProductCode.Coding.Single().Code, product.ProductCode.Coding.Single().System));
        var cd34 = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "product-cd34");
        Assert.Equal((372m, "10*6"), (((Quantity)cd34.Value).Value!.Value, ((Quantity)cd34.Value).Code));
        Assert.Equal("urn:uuid:" + product.Id, cd34.Focus.Single().Reference);

        // The AC that was hung, heparin included (the record's large-volume collection ran 24:1 with heparin).
        Assert.Equal("Anticoagulant: ACD-A with heparin 6 IU/mL of AC", resources.OfType<Medication>().Single().Code.Text);
        var heparin = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "heparin-given");
        Assert.Equal((4680m, "[iU]"), (((Quantity)heparin.Value).Value!.Value, ((Quantity)heparin.Value).Code));

        var nadir = resources.OfType<Observation>().Single(o => o.Code.Coding[0].Code == "ionized-calcium-nadir");
        Assert.Equal(0.98m, ((Quantity)nadir.Value).Value);

        var reaction = resources.OfType<AdverseEvent>().Single();
        Assert.Equal(("citrate-reaction", "mild"), (reaction.Event.Coding[0].Code, reaction.Severity.Coding[0].Code));
        Assert.Equal("urn:uuid:" + procedure.Id, reaction.SuspectEntity.Single().Instance.Reference);

        var provenance = resources.OfType<Provenance>().Single();
        var leuka = resources.OfType<Device>().Single(d => d.Id == FhirExport.LeukaDeviceId);
        Assert.Equal(PatientRecords.EngineVersion, leuka.Version.Single().Value);
        Assert.Contains(provenance.Agent, a => a.Who.Reference == "urn:uuid:" + leuka.Id);
        Assert.Contains(provenance.Target, t => t.Reference == "urn:uuid:" + procedure.Id);

        // The pre-procedure counts are the scenario's, part of the procedure, at its start; the labs keep their own times.
        var preWbc = resources.OfType<Observation>().Single(o => o.PartOf.Count > 0 && o.Code.Coding[0].Code == "6690-2");
        Assert.Equal(32m, ((Quantity)preWbc.Value).Value);
        Assert.Equal("2026-11-10T08:00:00+00:00", ((FhirDateTime)preWbc.Effective).Value);

        // Leuka's extensions are checked against their definitions: a WAA severity of 7 and a setting without its path are errors.
        var edited = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file))!;
        foreach (var entry in edited["entry"]!.AsArray().Select(e => e!["resource"]!))
        {
            if ((string?)entry["resourceType"] == "AdverseEvent")
            {
                entry["extension"]!.AsArray().Single(x => ((string?)x!["url"])!.EndsWith("waa-severity", StringComparison.Ordinal))!["valueInteger"] = 7;
            }
            else if ((string?)entry["resourceType"] == "Procedure")
            {
                entry["extension"]![0]!["extension"]!.AsArray().RemoveAt(0);
            }
        }

        var bad = TempFile("bad.json");
        File.WriteAllText(bad, edited.ToJsonString());
        var checkedBad = CliRunner.Run("fhir", "validate", bad);
        Assert.Equal(2, checkedBad.Exit);
        Assert.Contains("Value '7' is larger than 4", checkedBad.Out, StringComparison.Ordinal);
        Assert.Contains("No elements matched required slice: 'extension:path'", checkedBad.Out, StringComparison.Ordinal);
        Assert.Contains("Bundle: 3 errors, 0 warnings", checkedBad.Out, StringComparison.Ordinal);
        Assert.Contains("Bundle: 0 errors, 0 warnings", CliRunner.Run("fhir", "validate", file).Out, StringComparison.Ordinal);

        // The same record gives the same bytes; a transaction validates too.
        var again = TempFile("again.json");
        CliRunner.Run("fhir", "export", "MRN-MM-0002", "--procedure", "1", "--out", again, "--db", db);
        Assert.Equal(File.ReadAllText(file), File.ReadAllText(again));
        var transaction = TempFile("transaction.json");
        Assert.Equal(0, CliRunner.Run("fhir", "export", "MRN-MM-0002", "--type", "transaction", "--out", transaction, "--db", db).Exit);
        var tx = Read(transaction);
        Assert.All(tx.Entry, e => Assert.Equal(Bundle.HTTPVerb.POST, e.Request.Method));
        Assert.Contains("identifier=urn:leuka:fhir:patient-identifier|MRN-MM-0002", tx.Entry.Select(e => e.Request.IfNoneExist));
        Assert.DoesNotContain(FhirValidation.Validate(tx), i => i.IsError);

        // What /fhir serves (references relative to the server, a searchset) validates too.
        var store = RecordStore.Open(StoreLocation.Parse(db));
        foreach (var type in FhirServer.Types.Keys)
        {
            var answer = FhirServer.Search(store, type, FhirServer.Types[type].Contains("patient") ? [new("patient", "MRN-MM-0002")] : [], "http://127.0.0.1:5080/fhir");
            Assert.Equal(200, answer.Status);
            Assert.DoesNotContain(FhirValidation.Validate(answer.Resource), i => i.IsError);
        }
    }

    [Fact]
    public void A_whole_record_exported_and_imported_again_gives_the_same_scenarios_and_labs()
    {
        var db = Store();
        var file = TempFile("aml.json");
        Assert.Equal(0, CliRunner.Run("fhir", "export", "MRN-AML-0001", "--out", file, "--db", db).Exit);
        var t = PatientRecords.Timeline(RecordStore.Open(StoreLocation.Parse(db)), "MRN-AML-0001");
        Assert.Equal(2, t.Procedures.Count);

        // Each procedure's scenario, from its settings and the values it started from.
        foreach (var p in t.Procedures)
        {
            var scenario = TempFile("scenario.json");
            var (exit, _, err) = CliRunner.Run("fhir", "import", file, "--procedure", p.RecordId.ToString("D"), "--out", scenario);
            Assert.True(exit == 0, err);
            Assert.Equal(0, CliRunner.Run("check", scenario).Exit);
            Assert.Equal(ScenarioWriter.Write(ScenarioLoader.Load(p.Scenario).Scenario!), ScenarioWriter.Write(ScenarioLoader.LoadFile(scenario).Scenario!));
        }

        // The labs, into an empty store: every result at its own time, none of the procedures' own values.
        var copy = TempFile("copy.db");
        CliRunner.Run("db", "migrate", "--db", copy);
        var (code, _, error) = CliRunner.Run("fhir", "import", file, "--kind", "leukocyte-depletion", "--at", "2026-11-20T00:00:00Z", "--record", "--db", copy, "--actor", "interface");
        Assert.True(code == 0, error);
        var back = PatientRecords.Timeline(RecordStore.Open(StoreLocation.Parse(copy)), "MRN-AML-0001");
        Assert.Equal((t.Patient.Sex, t.Patient.BirthDate), (back.Patient.Sex, back.Patient.BirthDate));
        Assert.Equal(t.Labs.Select(l => (l.Analyte, l.TakenAt, l.Value)), back.Labs.Select(l => (l.Analyte, l.TakenAt, l.Value)));
    }

    [Fact]
    public void Bad_requests_name_the_option_and_write_nothing_and_the_validator_names_the_element()
    {
        var db = Store();
        var file = TempFile("never.json");
        var type = CliRunner.Run("fhir", "export", "MRN-MM-0002", "--type", "batch", "--out", file, "--db", db);
        Assert.Equal(2, type.Exit);
        Assert.Contains("--type: \"batch\" is not a bundle type Leuka writes: collection or transaction", type.Err, StringComparison.Ordinal);
        var which = CliRunner.Run("fhir", "export", "MRN-MM-0002", "--procedure", "3", "--out", file, "--db", db);
        Assert.Equal(2, which.Exit);
        Assert.Contains("give its number (1–1) or record id", which.Err, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("fhir", "export", "MRN-NOBODY", "--out", file, "--db", db).Exit);
        Assert.False(File.Exists(file));

        // A simulated run is not exported as if it had happened.
        var run = CliRunner.Run("records", "add-run", Example("myeloma-autologous-cd34.json"), "--patient", "MRN-MM-0002", "--at", "2026-11-11T08:00:00Z", "--db", db, "--actor", "RN B. Haddad");
        Assert.True(run.Exit == 0, run.Err);
        var simulated = CliRunner.Run("fhir", "export", "MRN-MM-0002", "--procedure", "2", "--out", file, "--db", db);
        Assert.Equal(2, simulated.Exit);
        Assert.Contains("was simulated, not performed", simulated.Err, StringComparison.Ordinal);

        // A hospital's procedure carries no Leuka settings: its scenario cannot be made from it.
        var hospital = CliRunner.Run("fhir", "import", Example("fhir", "hospital-bundle.json"), "--patient", "p1", "--procedure", "leuk-1");
        Assert.Equal(2, hospital.Exit);
        Assert.Contains("Procedure/leuk-1", hospital.Err, StringComparison.Ordinal);

        var broken = TempFile("broken.json");
        File.WriteAllText(broken, """{ "resourceType": "Observation", "id": "x", "valueQuantity": { "value": 3 } }""");
        var (exit, output, _) = CliRunner.Run("fhir", "validate", broken);
        Assert.Equal(2, exit);
        Assert.Contains("Missing required member: 'status'", output, StringComparison.Ordinal);
        Assert.Contains("Missing required member: 'code'", output, StringComparison.Ordinal);
        Assert.Contains("Observation: 2 errors", output, StringComparison.Ordinal);
    }
}
