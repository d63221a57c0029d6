using Leuka.Records;
using Leuka.Records.Tests;

namespace Leuka.Cli.Tests;

/// <summary>The README's record-store walk-through, on SQLite and on PostgreSQL, through the command line.</summary>
public sealed class RecordsCommandTests(Postgres pg)
{
    private static string Records(string name) => Path.Combine(RepositoryFiles.Root, "examples", "records", name);

    private string NewDb(StoreProvider provider) => provider == StoreProvider.Sqlite
        ? Path.Combine(Path.GetTempPath(), "leuka-cli-records-" + Guid.NewGuid().ToString("N"), "leuka.db")
        : pg.NewDatabase().ConnectionString;

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void A_patient_two_procedures_and_follow_up_are_recorded_calibrated_planned_and_exported(StoreProvider provider)
    {
        var db = NewDb(provider);
        Assert.Equal(0, CliRunner.Run("db", "migrate", "--db", db).Exit);
        foreach (var f in new[] { "patient.json", "day1.json", "day2.json" })
        {
            var (exit, output, error) = CliRunner.Run("records", "add", Records(f), "--db", db, "--actor", "RN A. Okafor");
            Assert.True(exit == 0, error);
            Assert.Contains("MRN-AML-0001", output, StringComparison.Ordinal);
        }

        // Calibration and the follow-up table simulate, which costs the suite time: here on
        // PostgreSQL; on SQLite through the HTTP API (Leuka.Web.Tests) and in the walk-through of docs/records.md.
        if (provider == StoreProvider.PostgreSql)
        {
            var next = Path.Combine(Path.GetTempPath(), "leuka-next-" + Guid.NewGuid().ToString("N") + ".json");
            var calibrate = CliRunner.Run("records", "calibrate", "MRN-AML-0001", "--db", db, "--actor", "Dr B. Lindqvist", "--draws", "20", "--out", next);
            Assert.True(calibrate.Exit == 0, calibrate.Err);
            Assert.Contains("calibrated on 2 procedures and 7 measured values", calibrate.Out, StringComparison.Ordinal);
            Assert.Contains("next session", calibrate.Out, StringComparison.Ordinal);
            // The next session's scenario carries this patient's variation and is a valid scenario.
            Assert.Equal(0, CliRunner.Run("check", next).Exit);
            Assert.Contains("\"variation\"", File.ReadAllText(next), StringComparison.Ordinal);

            var show = CliRunner.Run("records", "show", "MRN-AML-0001", "--db", db);
            Assert.True(show.Exit == 0, show.Err);
            Assert.Contains("this patient (calibrated)", show.Out, StringComparison.Ordinal);
        }

        // Export, import into a fresh store, export again: the same file.
        var exported = CliRunner.Run("records", "export", "MRN-AML-0001", "--db", db);
        var file = Path.Combine(Path.GetTempPath(), "leuka-export-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(file, exported.Out);
        var other = NewDb(provider);
        CliRunner.Run("db", "migrate", "--db", other);
        Assert.Equal(0, CliRunner.Run("records", "add", file, "--db", other, "--actor", "import").Exit);
        Assert.Equal(exported.Out, CliRunner.Run("records", "export", "MRN-AML-0001", "--db", other).Out);

        var verify = CliRunner.Run("db", "verify", "--db", db);
        Assert.True(verify.Exit == 0, verify.Out);
        Assert.Contains("verified", verify.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_simulated_run_is_recorded_with_its_product_and_alarms_but_is_not_an_observation()
    {
        var db = NewDb(StoreProvider.Sqlite);
        CliRunner.Run("db", "migrate", "--db", db);
        CliRunner.Run("records", "add", Records("patient.json"), "--db", db, "--actor", "RN A. Okafor");
        var run = CliRunner.Run("records", "add-run", Records("../adult-aml-hyperleukocytosis.json"), "--patient", "MRN-AML-0001", "--at", "2026-11-02T08:00:00Z", "--db", db, "--actor", "RN A. Okafor");
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains("recorded simulated procedure", run.Out, StringComparison.Ordinal);
        var store = RecordStore.Open(StoreLocation.Parse(db));
        var timeline = PatientRecords.Timeline(store, "MRN-AML-0001");
        Assert.Equal("simulated", Assert.Single(timeline.Procedures).Origin);
        Assert.Contains("ac-rate-limit", timeline.Procedures[0].RunLog, StringComparison.Ordinal);
        Assert.Single(timeline.Products);
        Assert.Empty(PatientRecords.Observations(timeline));
        Assert.Equal(2, CliRunner.Run("records", "add-run", Records("../adult-aml-hyperleukocytosis.json"), "--patient", "MRN-AML-0001", "--at", "2026-11-02T08:00", "--db", db).Exit);
    }

    [Fact]
    public void A_lab_result_is_corrected_as_a_new_version_checked_as_a_record_file_is()
    {
        var db = NewDb(StoreProvider.Sqlite);
        CliRunner.Run("db", "migrate", "--db", db);
        CliRunner.Run("records", "add", Records("patient.json"), "--db", db, "--actor", "RN A. Okafor");
        var store = RecordStore.Open(StoreLocation.Parse(db));
        var platelets = PatientRecords.Timeline(store, "MRN-AML-0001").Newest("platelets")!;
        var entry = Path.Combine(Path.GetTempPath(), "leuka-correct-" + Guid.NewGuid().ToString("N") + ".json");

        File.WriteAllText(entry, """{ "takenAt": "2026-11-02T06:40:00Z", "platelets": "66 mmol/L" }""");
        var refused = CliRunner.Run("records", "correct", "lab", platelets.RecordId.ToString(), entry, "--reason", "transcription", "--db", db, "--actor", "Dr B. Lindqvist");
        Assert.Equal(2, refused.Exit);
        Assert.StartsWith("labs[0].platelets:", refused.Err, StringComparison.Ordinal);
        File.WriteAllText(entry, """{ "takenAt": "2026-11-02T06:40:00Z", "wbc": "66 x10^9/L" }""");
        Assert.Equal(2, CliRunner.Run("records", "correct", "lab", platelets.RecordId.ToString(), entry, "--reason", "transcription", "--db", db).Exit);

        File.WriteAllText(entry, """{ "takenAt": "2026-11-02T06:40:00Z", "platelets": "66 x10^9/L" }""");
        var corrected = CliRunner.Run("records", "correct", "lab", platelets.RecordId.ToString(), entry, "--reason", "transcription: 66, not 60", "--db", db, "--actor", "Dr B. Lindqvist");
        Assert.True(corrected.Exit == 0, corrected.Err);
        Assert.Contains("version 2", corrected.Out, StringComparison.Ordinal);
        Assert.Equal(66, PatientRecords.Timeline(store, "MRN-AML-0001").Newest("platelets")!.Value);
        Assert.Equal(0, CliRunner.Run("db", "verify", "--db", db).Exit);
    }

    [Fact]
    public void Bad_input_exits_2_naming_the_field_and_a_missing_store_exits_1_saying_what_to_do()
    {
        var db = NewDb(StoreProvider.Sqlite);
        var missing = CliRunner.Run("records", "add", Records("patient.json"), "--db", db);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("leuka db migrate", missing.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(db));

        CliRunner.Run("db", "migrate", "--db", db);
        var bad = Path.Combine(Path.GetTempPath(), "leuka-bad-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(bad, File.ReadAllText(Records("patient.json")).Replace("\"hematocrit\": \"28 %\"", "\"hematocrit\": \"28 g/dL\"", StringComparison.Ordinal));
        var refused = CliRunner.Run("records", "add", bad, "--db", db);
        Assert.Equal(2, refused.Exit);
        Assert.StartsWith("labs[0].hematocrit:", refused.Err, StringComparison.Ordinal);
        Assert.Contains("0 patients", CliRunner.Run("records", "list", "--db", db).Out, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("records", "calibrate", "MRN-NOBODY", "--db", db).Exit);
    }
}
