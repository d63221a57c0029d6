namespace Leuka.Cli.Tests;

/// <summary><c>leuka fhir import</c> on a bundle of a hospital's shape: two patients, every accepted UCUM notation, missing, duplicate, unitless, preliminary and foreign-coded observations.</summary>
public sealed class FhirCommandTests
{
    private static readonly string Bundle = Path.Combine(RepositoryFiles.Root, "examples", "fhir", "hospital-bundle.json");

    [Fact]
    public void A_patients_newest_labs_become_a_scenario_check_accepts_and_every_value_not_used_is_named_by_its_resource()
    {
        var file = Path.Combine(Path.GetTempPath(), "leuka-fhir-" + Guid.NewGuid().ToString("N") + ".json");
        var (exit, _, err) = CliRunner.Run("fhir", "import", Bundle, "--kind", "leukocyte-depletion", "--at", "2026-11-02T08:00:00Z", "--patient", "p1", "--out", file);
        Assert.True(exit == 0, err);
        Assert.Equal(0, CliRunner.Run("check", file).Exit);

        var scenario = ScenarioLoader.LoadFile(file).Scenario!;
        var labs = scenario.Patient.Labs;
        Assert.Equal(250, labs.Wbc.E9PerLiter, 9);                     // the newest before --at, not 170 the next day
        Assert.Equal(60, labs.Platelets.E9PerLiter, 9);                // 60000 /uL, converted exactly
        Assert.Equal(1.198, labs.IonizedCalcium!.Value.MillimolesPerLiter, 3); // 4.8 mg/dL
        Assert.Equal(3.9, labs.Potassium!.Value.MillimolesPerLiter, 9); // meq/L
        Assert.Null(labs.Hemoglobin);                                   // two values at the same time: neither
        Assert.Equal(54.6, scenario.Patient.AgeYears, 9);

        foreach (var resource in new[] { "Observation/wbc-nounit", "Observation/snomed-wbc", "Observation/prelim-plt", "Observation/glucose", "Observation/ica-bad-unit", "Observation/hb-a, Observation/hb-b" })
        {
            Assert.Contains("not used " + resource + ":", err, StringComparison.Ordinal);
        }

        Assert.Contains("never guessed", err, StringComparison.Ordinal);
        Assert.Contains("used labs.wbc = 250 x10^9/L from Observation/wbc1", err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_import_is_recorded_in_the_store_each_value_at_its_own_time_and_a_second_one_adds_to_the_same_patient()
    {
        var db = Path.Combine(Path.GetTempPath(), "leuka-fhir-store-" + Guid.NewGuid().ToString("N"), "leuka.db");
        CliRunner.Run("db", "migrate", "--db", db);
        var first = CliRunner.Run("fhir", "import", Bundle, "--kind", "leukocyte-depletion", "--at", "2026-11-02T08:00:00Z", "--patient", "p1", "--record", "--db", db, "--actor", "interface");
        Assert.True(first.Exit == 0, first.Err);
        Assert.Contains("recorded new patient MRN-AML-0001: 6 lab results", first.Err, StringComparison.Ordinal);
        var second = CliRunner.Run("fhir", "import", Bundle, "--kind", "leukocyte-depletion", "--at", "2026-11-03T08:00:00Z", "--patient", "p1", "--record", "--db", db, "--actor", "interface");
        Assert.True(second.Exit == 0, second.Err);
        Assert.Contains("recorded patient MRN-AML-0001: 1 lab results", second.Err, StringComparison.Ordinal); // only the new WBC: the rest were recorded before

        var t = Leuka.Records.PatientRecords.Timeline(Leuka.Records.RecordStore.Open(Leuka.Records.StoreLocation.Parse(db)), "MRN-AML-0001");
        Assert.Equal(("female", new DateOnly(1972, 3, 14)), (t.Patient.Sex, t.Patient.BirthDate));
        Assert.Equal([230.0, 250.0, 170.0], t.Labs.Where(l => l.Analyte == "wbc").OrderBy(l => l.TakenAt).Select(l => l.Value));
        Assert.Equal(new DateTime(2026, 11, 2, 6, 45, 0, DateTimeKind.Utc), t.Labs.First(l => l.Analyte == "ionizedCalcium").TakenAt);
    }

    [Fact]
    public void Several_patients_missing_values_and_a_file_that_is_not_a_bundle_are_refused_with_what_to_do()
    {
        var several = CliRunner.Run("fhir", "import", Bundle, "--kind", "leukocyte-depletion", "--at", "2026-11-02T08:00:00Z");
        Assert.Equal(2, several.Exit);
        Assert.Contains("holds 2 patients (Patient/p1, Patient/p2); name one with --patient", several.Err, StringComparison.Ordinal);

        var missing = CliRunner.Run("fhir", "import", Bundle, "--kind", "leukocyte-depletion", "--at", "2026-11-02T08:00:00Z", "--patient", "p2");
        Assert.Equal(2, missing.Exit);
        Assert.Contains("error Patient/p2: no usable value", missing.Err, StringComparison.Ordinal);
        Assert.Contains("height", missing.Err, StringComparison.Ordinal);
        Assert.Contains("labs.hematocrit", missing.Err, StringComparison.Ordinal);

        var notBundle = CliRunner.Run("fhir", "import", RepositoryFiles.Example("car-t-lymphocyte-collection.json"), "--kind", "mnc-collection");
        Assert.Equal(2, notBundle.Exit);
        Assert.Contains("not a FHIR R4 Bundle", notBundle.Err, StringComparison.Ordinal);

        Assert.Equal(2, CliRunner.Run("fhir", "import", Bundle, "--kind", "leukocyte-depletion", "--at", "2026-11-02T08:00", "--patient", "p1").Exit);
    }
}
