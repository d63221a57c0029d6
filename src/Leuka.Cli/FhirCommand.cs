using System.CommandLine;
using System.Text.Json;
using Leuka.Fhir;
using Leuka.Records;

namespace Leuka.Cli;

/// <summary><c>leuka fhir import BUNDLE --kind KIND [--at TIME] [--patient ID] [--out FILE]</c>: a scenario from a hospital's FHIR R4 bundle (docs/fhir.md).</summary>
internal static class FhirCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bundle = new Argument<string>("BUNDLE") { Description = "A FHIR R4 Bundle in JSON (a collection, a transaction, or search results saved from a FHIR server)." };
        var kind = new Option<string>("--kind") { Description = "The procedure the scenario is for: leukocyte-depletion, mnc-collection, cd34-collection, … (as the scenario's procedure.kind).", Required = true };
        var at = new Option<string?>("--at") { Description = "Take the newest values at or before this time, with its offset (default: now)." };
        var patient = new Option<string?>("--patient") { Description = "The Patient resource id, when the bundle holds several." };
        var output = new Option<string?>("--out") { Description = "Write the scenario here (default: standard output)." };
        var record = new Option<bool>("--record") { Description = "Also record the patient (when new) and the lab values taken in the record store (--db)." };
        var db = RecordsCommand.DbOption();
        var actor = RecordsCommand.ActorOption();
        var import = new Command("import", "Make a scenario from a patient and their labs in a FHIR bundle; every value not used is reported by its resource id.") { bundle, kind, at, patient, output, record, db, actor };
        import.SetAction(p =>
        {
            var path = p.GetValue(bundle)!;
            if (!File.Exists(path))
            {
                stderr.WriteLine($"BUNDLE: \"{path}\" does not exist");
                return ExitCodes.InvalidInput;
            }

            var when = DateTimeOffset.UtcNow;
            if (p.GetValue(at) is { } text)
            {
                if (RecordTime.WithOffset(text) is not { } given)
                {
                    stderr.WriteLine("--at: " + RecordTime.Problem(text));
                    return ExitCodes.InvalidInput;
                }

                when = given;
            }

            var result = FhirImport.Import(File.ReadAllText(path), when, p.GetValue(kind)!, p.GetValue(patient));
            foreach (var problem in result.Problems)
            {
                stderr.WriteLine((problem.Fatal ? "error " : "not used ") + problem);
            }

            if (result.Scenario is null)
            {
                return ExitCodes.InvalidInput;
            }

            var loaded = FhirImport.Check(result.Scenario);
            if (!loaded.IsValid)
            {
                foreach (var e in loaded.Errors)
                {
                    stderr.WriteLine("error in the scenario made: " + e);
                }

                return ExitCodes.InvalidInput;
            }

            foreach (var u in result.Used)
            {
                stderr.WriteLine("used " + u);
            }

            if (p.GetValue(record) && RecordsCommand.Guard(stderr, () =>
            {
                var added = FhirRecords.Record(RecordStore.Open(StoreLocation.Resolve(p.GetValue(db))), result, RecordsCommand.Actor(p.GetValue(actor)));
                stderr.WriteLine($"recorded {(added.NewPatient ? "new patient" : "patient")} {added.Identifier}: {added.Labs} lab results");
                return ExitCodes.Success;
            }) is var recorded and not ExitCodes.Success)
            {
                return recorded;
            }

            var json = result.Scenario.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
            RecordsCommand.WriteOut(p.GetValue(output), json, stdout, $": check it with 'leuka check {p.GetValue(output)}'");
            return ExitCodes.Success;
        });
        return new Command("fhir", "HL7 FHIR R4 exchange with the hospital record (docs/fhir.md).") { import };
    }
}
