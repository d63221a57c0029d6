using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Leuka.Records.Tests;

/// <summary>The store on SQLite and on a real PostgreSQL server: the same tests on both.</summary>
public sealed class RecordStoreTests(Postgres pg)
{
    private const string Nurse = "RN A. Okafor";

    private RecordStore New(StoreProvider provider) => Stores.New(provider, pg, new FixedClock(Documents.Now));

    private static RecordsAdded Add(RecordStore store, string json) =>
        store.Write(Nurse, w => RecordDocument.Parse(json, w.Now).Apply(w));

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void A_patient_with_labs_a_procedure_its_product_and_an_adverse_event_is_stored_audited_and_verifies(StoreProvider provider)
    {
        var store = New(provider);
        var first = Add(store, Documents.NewPatient());
        var second = Add(store, Documents.Procedure());

        Assert.True(first.NewPatient);
        Assert.Equal(first.PatientId, second.PatientId);
        Assert.Equal((5, 1, 1, 1), (first.Labs + second.Labs, second.Procedures.Count, second.Products, second.AdverseEvents));
        store.Read(db =>
        {
            var wbc = RecordWriter.Current(db.Labs).Where(l => l.Analyte == "wbc").OrderBy(l => l.TakenAt).ToList();
            Assert.Equal([250.0, 170.0], wbc.Select(l => l.Value));
            Assert.Equal("6690-2", wbc[0].Loinc);
            Assert.Equal(new DateTime(2026, 11, 3, 6, 30, 0, DateTimeKind.Utc), wbc[1].TakenAt);
            Assert.Equal(DateTimeKind.Utc, wbc[1].TakenAt.Kind);
            var procedure = RecordWriter.Current(db.Procedures).Single();
            Assert.Equal((9.6, 168.0, 820.0, 5.4, 1), (procedure.ProcessedVolumeL, procedure.DurationMin, procedure.AcVolumeMl, procedure.CalciumGivenMmol, procedure.Interruptions));
            Assert.Equal(3000, procedure.HeparinGivenIu);
            Assert.Contains("access-pressure-low", procedure.RunLog, StringComparison.Ordinal);
            var product = RecordWriter.Current(db.Products).Single();
            Assert.Equal((410.0, 640.0, "S1234"), (product.VolumeMl, product.WbcE9!.Value, product.Isbt128));
            Assert.Equal(procedure.RecordId, product.ProcedureId);
            Assert.Equal("citrate-reaction", RecordWriter.Current(db.AdverseEvents).Single().Type);
            // One audit entry per row written, numbered from 1, each naming who.
            var audit = db.Audit.OrderBy(a => a.Seq).ToList();
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), audit.Select(a => a.Seq));
            Assert.All(audit, a => Assert.Equal((Nurse, "create"), (a.Actor, a.Action)));
            return 0;
        });
        var report = store.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal((10L, 10L), (report.AuditEntries, report.Rows));
        Assert.StartsWith("entry 10, ", report.Head, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void A_correction_is_a_new_version_and_a_void_removes_without_deleting(StoreProvider provider)
    {
        var store = New(provider);
        Add(store, Documents.NewPatient());
        var lab = store.Read(db => RecordWriter.Current(db.Labs).Single(l => l.Analyte == "platelets"));

        store.Write("Dr B. Lindqvist", w => w.Correct<LabRow>(lab.RecordId, l => { l.Value = 66; l.Entered = "66 x10^9/L"; }, "transcription error: 66, not 60"));
        store.Write("Dr B. Lindqvist", w => w.Void<LabRow>(RecordWriterTests.IdOf(store, "hematocrit"), "sample from the wrong patient"));

        store.Read(db =>
        {
            var versions = db.Labs.Where(l => l.RecordId == lab.RecordId).OrderBy(l => l.Version).ToList();
            Assert.Equal([60.0, 66.0], versions.Select(v => v.Value));
            Assert.Equal("transcription error: 66, not 60", versions[1].Reason);
            Assert.Equal(66, RecordWriter.Current(db.Labs).Single(l => l.Analyte == "platelets").Value);
            Assert.DoesNotContain(RecordWriter.Current(db.Labs), l => l.Analyte == "hematocrit");
            Assert.Equal(2, db.Labs.Count(l => l.Analyte == "hematocrit"));
            var correction = db.Audit.Single(a => a.Action == "correct");
            Assert.Contains("\"Value\":60", correction.Before!, StringComparison.Ordinal);
            Assert.Contains("\"Value\":66", correction.After, StringComparison.Ordinal);
            return 0;
        });
        Assert.True(store.Verify().Ok);
        Assert.Throws<RecordInputException>(() => store.Write(Nurse, w => w.Correct<LabRow>(lab.RecordId, _ => { }, " ")));
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void The_database_refuses_updates_and_deletes_of_records_and_of_the_audit_log(StoreProvider provider)
    {
        var store = New(provider);
        Add(store, Documents.NewPatient());
        var replace = provider == StoreProvider.Sqlite
            ? ["INSERT OR REPLACE INTO audit_log SELECT * FROM audit_log WHERE \"Seq\" = 1"]
            : Array.Empty<string>();
        foreach (var sql in new[] { "UPDATE audit_log SET \"Actor\" = 'someone else'", "DELETE FROM audit_log", "UPDATE labs SET \"Value\" = 1", "DELETE FROM patients" }.Concat(replace))
        {
            var e = Assert.ThrowsAny<Exception>(() => Stores.Sql(store.Location, sql));
            Assert.Contains("append-only", e.Message, StringComparison.Ordinal);
        }

        if (provider == StoreProvider.PostgreSql)
        {
            Assert.Contains("append-only", Assert.ThrowsAny<Exception>(() => Stores.Sql(store.Location, "TRUNCATE audit_log")).Message, StringComparison.Ordinal);
        }

        Assert.True(store.Verify().Ok);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void Tampering_forced_past_the_triggers_is_detected_by_verify(StoreProvider provider)
    {
        var store = New(provider);
        Add(store, Documents.NewPatient());
        Add(store, Documents.Procedure());
        // Someone with the file or a superuser login switches the guards off and edits.
        if (provider == StoreProvider.Sqlite)
        {
            Stores.Sql(store.Location, "DROP TRIGGER labs_no_update; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
        }
        else
        {
            Stores.Sql(store.Location, "ALTER TABLE labs DISABLE TRIGGER ALL; ALTER TABLE audit_log DISABLE TRIGGER ALL;");
        }

        Stores.Sql(store.Location, "UPDATE labs SET \"Value\" = 120 WHERE \"Analyte\" = 'wbc' AND \"Value\" = 170");
        Stores.Sql(store.Location, "UPDATE audit_log SET \"Actor\" = 'Dr X' WHERE \"Seq\" = 3");
        Stores.Sql(store.Location, "DELETE FROM audit_log WHERE \"Seq\" = 8");

        var report = store.Verify();
        Assert.False(report.Ok);
        Assert.Contains(report.Problems, p => p.StartsWith("audit entry 3: its content does not match its hash", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("audit entry 8: missing", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.StartsWith("labs ", StringComparison.Ordinal) && p.Contains("differs from what audit entry", StringComparison.Ordinal));
        Assert.Contains(report.Problems, p => p.Contains("no audit entry records it", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void Bad_input_names_the_field_and_changes_nothing(StoreProvider provider)
    {
        var store = New(provider);
        Add(store, Documents.NewPatient());
        var before = store.Read(db => db.Audit.Count());

        (string Json, string Field, string Says)[] cases =
        [
            (Documents.Procedure().Replace("\"wbc\": \"170 x10^9/L\"", "\"wbc\": \"170 mmol/L\"", StringComparison.Ordinal), "labs[0].wbc", "cell concentration"),
            (Documents.Procedure(identifier: "MRN-9999"), "patientIdentifier", "no current patient"),
            (Documents.Procedure(startedAt: "2027-01-05T08:00:00Z"), "procedures[0].startedAt", "in the future"),
            (Documents.Procedure(startedAt: "2026-11-02T08:00:00"), "procedures[0].startedAt", "offset"),
            (Documents.NewPatient(), "patient.identifier", "already recorded"),
            (Documents.Procedure().Replace("\"ctcaeGrade\": 1", "\"ctcaeGrade\": 7", StringComparison.Ordinal), "procedures[0].adverseEvents[0].ctcaeGrade", "1–5"),
            (Documents.Procedure().Replace("\"inletFlow\":\"60 mL/min\"", "\"inletFlow\":\"60 mL\"", StringComparison.Ordinal), "procedures[0].scenario.procedure.inletFlow", "flow"),
            ("""{ "patientIdentifier": "MRN-0042", "patientIdentifier": "MRN-0043" }""", "$", "JSON"),
            (Documents.Procedure().Replace("\"operator\": \"RN A. Okafor\"", "\"operator\": \"RN A.\\u0000Okafor\"", StringComparison.Ordinal), "procedures[0].operator", "control character"),
            (Documents.Procedure().Replace("\"heparinGiven\": \"3000 IU\"", "\"heparinGiven\": \"3000 mg\"", StringComparison.Ordinal), "procedures[0].heparinGiven", "IU"),
            (Documents.Procedure().Replace("\"heparinGiven\": \"3000 IU\"", "\"heparinGiven\": \"300000 IU\"", StringComparison.Ordinal), "procedures[0].heparinGiven", "100,000"),
        ];
        foreach (var (json, field, says) in cases)
        {
            var e = Record.Exception(() => Add(store, json));
            Assert.True(e is RecordInputException, $"{field}: expected an input error, got {e?.GetType().Name ?? "none"}");
            Assert.Equal(field, ((RecordInputException)e!).Field);
            Assert.Contains(says, e.Message, StringComparison.OrdinalIgnoreCase);
        }

        // The "already recorded" case got as far as the store, inside the transaction: rolled back whole.
        Assert.Equal(before, store.Read(db => db.Audit.Count()));
        Assert.Equal(1, store.Read(db => db.Patients.Count()));
        Assert.True(store.Verify().Ok);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void A_store_without_its_schema_is_refused_with_what_to_do(StoreProvider provider)
    {
        var location = Stores.NewLocation(provider, pg);
        var e = Assert.Throws<StoreException>(() => RecordStore.Open(location));
        Assert.Contains("leuka db migrate", e.Message, StringComparison.Ordinal);
        if (provider == StoreProvider.Sqlite)
        {
            Assert.False(File.Exists(location.ConnectionString.Split('=', ';')[1]), "opening must not create the file");
        }

        Assert.Equal(["20261130000001_Initial", "20261201000001_HeparinGiven"], RecordStore.Migrate(location));
        Assert.Empty(RecordStore.Migrate(location));
        RecordStore.Open(location);
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void A_store_at_the_first_schema_is_refused_until_migrated_and_keeps_its_records(StoreProvider provider)
    {
        var location = Stores.NewLocation(provider, pg);
        if (provider == StoreProvider.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(location.ConnectionString.Split('=', ';')[1])!);
        }

        using (var db = RecordStore.Connect(location))
        {
            db.GetInfrastructure().GetRequiredService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().Migrate("20261130000001_Initial");
            // A procedure recorded by a Leuka that knew no heparin column.
            db.Database.ExecuteSqlRaw("INSERT INTO procedures (\"RowId\", \"RecordId\", \"Version\", \"RecordedAt\", \"RecordedBy\", \"Voided\", \"PatientId\", \"StartedAt\", \"Origin\", \"Scenario\", \"ProcessedVolumeL\", \"DurationMin\", \"AcVolumeMl\", \"CalciumGivenMmol\", \"Interruptions\", \"RunLog\") VALUES ({0}, {1}, 1, {2}, 'RN', {3}, {4}, {2}, 'entered', '{{}}', 8, 180, 700, 5, 0, '[]')",
                Guid.NewGuid(), Guid.NewGuid(), new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc), false, Guid.NewGuid());
        }

        var e = Assert.Throws<StoreException>(() => RecordStore.Open(location));
        Assert.Contains("20261201000001_HeparinGiven", e.Message, StringComparison.Ordinal);
        Assert.Equal(["20261201000001_HeparinGiven"], RecordStore.Migrate(location));
        var old = RecordStore.Open(location).Read(db => RecordWriter.Current(db.Procedures).Single());
        Assert.Equal((8.0, (double?)null), (old.ProcessedVolumeL, old.HeparinGivenIu));
    }

    [Theory]
    [MemberData(nameof(Stores.Providers), MemberType = typeof(Stores))]
    public void Concurrent_writers_keep_one_unbroken_chain(StoreProvider provider)
    {
        var store = New(provider);
        Add(store, Documents.NewPatient());
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            for (var i = 0; i < 8; i++)
            {
                var json = $$"""{ "patientIdentifier": "MRN-0042", "labs": [ { "takenAt": "2026-11-0{{3 + (k % 5)}}T0{{i}}:00:00Z", "wbc": "{{100 + (k * 10) + i}} x10^9/L" } ] }""";
                Add(store, json);
            }
        });
        var report = store.Verify();
        Assert.True(report.Ok, string.Join("\n", report.Problems));
        Assert.Equal(6 + 32, report.AuditEntries);
    }
}

internal static class RecordWriterTests
{
    public static Guid IdOf(RecordStore store, string analyte) => store.Read(db => RecordWriter.Current(db.Labs).AsNoTracking().Single(l => l.Analyte == analyte).RecordId);
}
