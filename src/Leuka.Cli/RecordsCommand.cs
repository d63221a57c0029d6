using System.CommandLine;
using System.Globalization;
using Leuka.Formats;
using Leuka.Records;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka db migrate|verify</c> and <c>leuka records add|list|show|export|void|calibrate</c>:
/// the record store (docs/records.md). The store is <c>--db</c>, else <c>LEUKA_DB</c>, else the
/// default SQLite file; a PostgreSQL connection string selects PostgreSQL.
/// </summary>
internal static class RecordsCommand
{
    public static Command Db(TextWriter stdout, TextWriter stderr)
    {
        var db = DbOption();
        var migrate = new Command("migrate", "Create the record store or bring its schema up to this version.") { db };
        migrate.SetAction(p => Guard(stderr, () =>
        {
            var location = StoreLocation.Resolve(p.GetValue(db));
            var applied = RecordStore.Migrate(location);
            stdout.WriteLine(applied.Count == 0 ? $"{location.Display}: schema is current" : $"{location.Display}: applied {string.Join(", ", applied)}");
            return ExitCodes.Success;
        }));
        var verify = new Command("verify", "Check the audit log's hash chain, every record against its audit entry, and the database's integrity.") { db };
        verify.SetAction(p => Guard(stderr, () =>
        {
            var store = RecordStore.Open(StoreLocation.Resolve(p.GetValue(db)));
            var report = store.Verify();
            stdout.WriteLine($"{store.Location.Display}: {report.AuditEntries} audit entries, {report.Rows} record versions; {report.Integrity}");
            foreach (var problem in report.Problems)
            {
                stdout.WriteLine("  " + problem);
            }

            stdout.WriteLine(report.Ok ? "verified: the chain is unbroken and every row is as its entry recorded it" : $"NOT verified: {report.Problems.Count} problem(s)");
            stdout.WriteLine($"head: {report.Head} (keep it outside the database: a later verify whose chain no longer passes through it was rewritten)");
            return report.Ok ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return new Command("db", "The record store's database: create, migrate, verify.") { migrate, verify };
    }

    public static Command Records(TextWriter stdout, TextWriter stderr, IAnsiConsole console)
    {
        var db = DbOption();
        var actor = ActorOption();
        var file = new Argument<string>("FILE") { Description = "A record file (JSON): a patient or patientIdentifier, and any of course, labs, procedures, adverseEvents." };
        var patient = new Argument<string>("PATIENT") { Description = "The patient's identifier (or record id)." };

        var add = new Command("add", "Add the records in a file (all or nothing).") { file, db, actor };
        add.SetAction(p => Guard(stderr, () =>
        {
            var path = p.GetValue(file)!;
            if (!File.Exists(path))
            {
                throw new RecordInputException("FILE", $"\"{path}\" does not exist");
            }

            var store = Open(p.GetValue(db));
            var json = File.ReadAllText(path);
            var added = store.Write(Actor(p.GetValue(actor)), w => RecordDocument.Parse(json, w.Now).Apply(w));
            stdout.WriteLine($"{(added.NewPatient ? "new patient" : "patient")} {added.Identifier} ({added.PatientId}): {added.Labs} lab results, {added.Procedures.Count} procedures, {added.Products} products, {added.AdverseEvents} adverse events recorded");
            return ExitCodes.Success;
        }));

        var list = new Command("list", "List current patients.") { db };
        list.SetAction(p => Guard(stderr, () =>
        {
            var store = Open(p.GetValue(db));
            var rows = store.Read(d => RecordWriter.Current(d.Patients).OrderBy(x => x.Identifier).Select(x => new
            {
                x.Identifier, x.Sex, x.BirthDate, x.Diagnosis, x.RecordId,
                Procedures = RecordWriter.Current(d.Procedures).Count(y => y.PatientId == x.RecordId),
            }).ToList());
            var table = new Table().AddColumns("identifier", "sex", "born", "diagnosis", "procedures", "record id");
            foreach (var r in rows)
            {
                table.AddRow(Markup.Escape(r.Identifier), r.Sex, r.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Diagnosis, r.Procedures.ToString(CultureInfo.InvariantCulture), r.RecordId.ToString());
            }

            console.Write(table);
            stdout.WriteLine($"{rows.Count} patients in {store.Location.Display}");
            return ExitCodes.Success;
        }));

        var show = new Command("show", "A patient's course: labs, procedures, products, adverse events and calibrations, with the model's prediction beside each follow-up count.") { patient, db };
        show.SetAction(p => Guard(stderr, () =>
        {
            RecordsView.Show(PatientRecords.Timeline(Open(p.GetValue(db)), p.GetValue(patient)!), console, stdout);
            return ExitCodes.Success;
        }));

        var outFile = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        var export = new Command("export", "A patient's current records as a record file ('leuka records add' reads it back).") { patient, db, outFile };
        export.SetAction(p => Guard(stderr, () =>
        {
            var json = PatientRecords.Export(PatientRecords.Timeline(Open(p.GetValue(db)), p.GetValue(patient)!));
            WriteOut(p.GetValue(outFile), json, stdout, "");
            return ExitCodes.Success;
        }));

        var kind = new Argument<string>("KIND") { Description = "patient, course, lab, procedure, product, adverse-event or calibration." };
        kind.AcceptOnlyFromAmong([.. RecordWriter.Kinds]);
        var id = new Argument<string>("ID") { Description = "The record id." };
        var reason = new Option<string>("--reason") { Description = "Why (required).", Required = true };
        var voidCommand = new Command("void", "Remove a record: a new version marked void with the reason; every earlier version stays.") { kind, id, reason, db, actor };
        voidCommand.SetAction(p => Guard(stderr, () =>
        {
            if (!Guid.TryParse(p.GetValue(id), out var recordId))
            {
                throw new RecordInputException("ID", $"\"{p.GetValue(id)}\" is not a record id (a GUID, as 'leuka records show' prints)");
            }

            var store = Open(p.GetValue(db));
            var who = Actor(p.GetValue(actor));
            var why = p.GetValue(reason)!;
            var version = store.Write(who, w => w.Void(p.GetValue(kind)!, recordId, why)).Version;
            stdout.WriteLine($"{p.GetValue(kind)} {recordId}: void as version {version} ({why})");
            return ExitCodes.Success;
        }));

        var correctKind = new Argument<string>("KIND") { Description = "patient, course, lab or adverse-event." };
        correctKind.AcceptOnlyFromAmong([.. RecordCorrection.Kinds]);
        var correctId = new Argument<string>("ID") { Description = "The record id." };
        var entryFile = new Argument<string>("FILE") { Description = "The corrected entry, as it is written in a record file (e.g. a lab panel with takenAt and one value)." };
        var correctReason = new Option<string>("--reason") { Description = "Why (required).", Required = true };
        var correct = new Command("correct", "Correct a record: its next version, checked as a record file is; every earlier version stays.") { correctKind, correctId, entryFile, correctReason, db, actor };
        correct.SetAction(p => Guard(stderr, () =>
        {
            if (!Guid.TryParse(p.GetValue(correctId), out var recordId))
            {
                throw new RecordInputException("ID", $"\"{p.GetValue(correctId)}\" is not a record id (a GUID, as 'leuka records show' prints)");
            }

            var path = p.GetValue(entryFile)!;
            if (!File.Exists(path))
            {
                throw new RecordInputException("FILE", $"\"{path}\" does not exist");
            }

            var json = File.ReadAllText(path);
            var row = Open(p.GetValue(db)).Write(Actor(p.GetValue(actor)), w => RecordCorrection.Apply(w, p.GetValue(correctKind)!, recordId, json, p.GetValue(correctReason)!));
            stdout.WriteLine($"{p.GetValue(correctKind)} {recordId}: corrected as version {row.Version} ({row.Reason})");
            return ExitCodes.Success;
        }));

        var draws = new Option<int>("--draws") { Description = "Prior draws simulated (20–5000).", DefaultValueFactory = _ => 300 };
        var seed = new Option<int>("--seed") { Description = "Seed of the draws.", DefaultValueFactory = _ => 1 };
        var next = new Option<string?>("--out") { Description = "Write the next session's scenario, with this patient's calibrated variation, to this file." };
        var calibrate = new Command("calibrate", "Fit this patient's variation parameters to their procedures and follow-up counts, store the calibration, and predict the next session with and without it.") { patient, db, actor, draws, seed, next };
        calibrate.SetAction(p => Guard(stderr, () =>
        {
            if (p.GetValue(draws) is < 20 or > 5000)
            {
                throw new RecordInputException("--draws", $"{p.GetValue(draws)} is out of range; give 20 to 5000");
            }

            var outcome = PatientRecords.Calibrate(Open(p.GetValue(db)), p.GetValue(patient)!, Actor(p.GetValue(actor)), p.GetValue(draws), p.GetValue(seed));
            RecordsView.Calibration(outcome, console, stdout);
            if (p.GetValue(next) is { } path)
            {
                File.WriteAllText(path, ScenarioWriter.Write(outcome.Next));
                stdout.WriteLine($"wrote {path}: the next session with this patient's variation ('leuka plan' and 'leuka simulate' read it)");
            }

            return ExitCodes.Success;
        }));

        var scenarioFile = new Argument<string>("SCENARIO") { Description = "The scenario that was run (as 'leuka simulate' reads it)." };
        var forPatient = new Option<string>("--patient") { Description = "The patient's identifier (or record id).", Required = true };
        var at = new Option<string?>("--at") { Description = "When it started, with its offset (e.g. 2026-11-02T08:00:00Z); default now." };
        var addRun = new Command("add-run", "Simulate a scenario and record it as this patient's procedure (origin: simulated), with its product and alarms.") { scenarioFile, forPatient, at, db, actor };
        addRun.SetAction(p => Guard(stderr, () =>
        {
            var path = p.GetValue(scenarioFile)!;
            if (!File.Exists(path))
            {
                throw new RecordInputException("SCENARIO", $"\"{path}\" does not exist");
            }

            DateTime? started = null;
            if (p.GetValue(at) is { } text)
            {
                started = RecordTime.WithOffset(text)?.UtcDateTime ?? throw new RecordInputException("--at", RecordTime.Problem(text));
            }

            var (procedure, product, result) = RecordedRun.Record(Open(p.GetValue(db)), p.GetValue(forPatient)!, File.ReadAllText(path), started, Actor(p.GetValue(actor)));
            stdout.WriteLine($"recorded simulated procedure {procedure.RecordId}: {result.ProcessedVolumeL:0.00} L in {result.DurationMin:0} min, {result.Alarms.Length} alarms; product {product.VolumeMl:0} mL");
            return ExitCodes.Success;
        }));

        return new Command("records", "Patients, labs, procedures, products and adverse events; follow-up and per-patient calibration (docs/records.md).")
        {
            add, addRun, list, show, export, correct, voidCommand, calibrate,
        };
    }

    internal static Option<string?> DbOption() => new("--db") { Description = $"The record store: a SQLite file path or a PostgreSQL connection string (default: {StoreLocation.Variable}, else {StoreLocation.DefaultPath})." };

    private static RecordStore Open(string? db) => RecordStore.Open(StoreLocation.Resolve(db));

    // A file when --out names one (and a line saying so), else standard output.
    internal static void WriteOut(string? path, string text, TextWriter stdout, string note)
    {
        if (path is null)
        {
            stdout.Write(text);
            return;
        }

        File.WriteAllText(path, text);
        stdout.WriteLine($"wrote {path}{note}");
    }

    internal static Option<string?> ActorOption() => new("--actor") { Description = "Who makes the change (default: LEUKA_ACTOR, else the login name)." };

    internal static string Actor(string? given) =>
        !string.IsNullOrWhiteSpace(given) ? given : Environment.GetEnvironmentVariable("LEUKA_ACTOR") is { Length: > 0 } a ? a : Environment.UserName;

    // Input problems exit 2 naming the field; a store that is missing, unreachable or newer exits 1 saying what to do.
    internal static int Guard(TextWriter stderr, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (RecordInputException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (FormatException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (StoreException e)
        {
            stderr.WriteLine(e.Message);
            return ExitCodes.Failure;
        }
    }
}
