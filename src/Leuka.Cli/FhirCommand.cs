using System.CommandLine;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Leuka.Fhir;
using Leuka.Records;

namespace Leuka.Cli;

/// <summary>
/// <c>leuka fhir import</c> (a scenario, and with --record a patient and labs, from a FHIR R4 bundle),
/// <c>leuka fhir export</c> (a recorded patient or procedure as a bundle) and <c>leuka fhir validate</c>
/// (offline, with Firely's validator). Mapping: docs/fhir.md.
/// </summary>
internal static class FhirCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var bundle = new Argument<string>("BUNDLE") { Description = "A FHIR R4 Bundle in JSON (a collection, a transaction, or search results saved from a FHIR server)." };
        var kind = new Option<string?>("--kind") { Description = "The procedure the scenario is for: leukocyte-depletion, mnc-collection, cd34-collection, … (as the scenario's procedure.kind); not with --procedure, which has its own." };
        var at = new Option<string?>("--at") { Description = "Take the newest values at or before this time, with its offset (default: now, or the --procedure's start)." };
        var procedure = new Option<string?>("--procedure") { Description = "The Procedure resource id of a procedure Leuka exported: its scenario again, from its settings and the values it started from." };
        var patient = new Option<string?>("--patient") { Description = "The Patient resource id, when the bundle holds several." };
        var output = new Option<string?>("--out") { Description = "Write the scenario here (default: standard output)." };
        var record = new Option<bool>("--record") { Description = "Also record the patient (when new) and the lab values taken in the record store (--db)." };
        var db = RecordsCommand.DbOption();
        var actor = RecordsCommand.ActorOption();
        var import = new Command("import", "Make a scenario from a patient and their labs in a FHIR bundle; every value not used is reported by its resource id.") { bundle, kind, at, patient, procedure, output, record, db, actor };
        import.SetAction(p =>
        {
            var path = p.GetValue(bundle)!;
            if (!File.Exists(path))
            {
                stderr.WriteLine($"BUNDLE: \"{path}\" does not exist");
                return ExitCodes.InvalidInput;
            }

            DateTimeOffset? when = null;
            if (p.GetValue(at) is { } text)
            {
                if (RecordTime.WithOffset(text) is not { } given)
                {
                    stderr.WriteLine("--at: " + RecordTime.Problem(text));
                    return ExitCodes.InvalidInput;
                }

                when = given;
            }

            var result = FhirImport.Import(File.ReadAllText(path), when, p.GetValue(kind), p.GetValue(patient), p.GetValue(procedure));
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
        return new Command("fhir", "HL7 FHIR R4 exchange with the hospital record (docs/fhir.md).") { import, Export(stdout, stderr), Validate(stdout, stderr) };
    }

    private static Command Export(TextWriter stdout, TextWriter stderr)
    {
        var patient = new Argument<string>("PATIENT") { Description = "The patient's identifier or record id ('leuka records list')." };
        var procedure = new Option<string?>("--procedure") { Description = "Only this procedure (its number in 'leuka records show', or its record id) and the labs around it (default: the whole record)." };
        var type = new Option<string>("--type") { Description = "collection, or transaction (conditional creates a FHIR server can take as they are).", DefaultValueFactory = _ => "collection" };
        var output = new Option<string?>("--out") { Description = "Write the bundle here (default: standard output)." };
        var validate = new Option<bool>("--validate") { Description = "Validate the bundle offline against the FHIR R4 profiles first, and write nothing if it has errors (takes some seconds)." };
        var db = RecordsCommand.DbOption();
        var export = new Command("export", "A recorded patient, or one procedure, as a FHIR R4 bundle: Patient, Observations, Procedure, BiologicallyDerivedProduct, AdverseEvent, Provenance.") { patient, procedure, type, output, validate, db };
        export.SetAction(p => RecordsCommand.Guard(stderr, () =>
        {
            var kind = p.GetValue(type) switch
            {
                "collection" => Bundle.BundleType.Collection,
                "transaction" => Bundle.BundleType.Transaction,
                var other => throw new RecordInputException("--type", $"\"{other}\" is not a bundle type Leuka writes: collection or transaction"),
            };
            var timeline = PatientRecords.Timeline(RecordStore.Open(StoreLocation.Resolve(p.GetValue(db))), p.GetValue(patient)!);
            var chosen = p.GetValue(procedure) is { } which ? FhirExport.FindProcedure(timeline, which) : null;
            var bundle = FhirExport.Bundle(timeline, chosen, kind);
            if (p.GetValue(validate))
            {
                var issues = FhirValidation.Validate(bundle);
                foreach (var issue in issues.Where(i => i.Severity != "information"))
                {
                    stderr.WriteLine(issue);
                }

                if (issues.Any(i => i.IsError))
                {
                    stderr.WriteLine("the bundle does not validate: nothing written (please report this: an export must always validate)");
                    return ExitCodes.Failure;
                }

                stderr.WriteLine($"valid: {bundle.Entry.Count} resources, no errors");
            }

            RecordsCommand.WriteOut(p.GetValue(output), FhirExport.Json(bundle), stdout, $" ({bundle.Entry.Count} resources)");
            return ExitCodes.Success;
        }));
        return export;
    }

    private static Command Validate(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "A FHIR R4 resource in JSON (a Bundle validates every entry)." };
        var validate = new Command("validate", "Validate a FHIR R4 resource offline against the core profiles (structure, cardinality, invariants, required codes).") { file };
        validate.SetAction(p =>
        {
            var path = p.GetValue(file)!;
            if (!File.Exists(path))
            {
                stderr.WriteLine($"FILE: \"{path}\" does not exist");
                return ExitCodes.InvalidInput;
            }

            Resource resource;
            var parsing = new List<FhirIssue>();
            try
            {
                resource = JsonSerializer.Deserialize<Resource>(File.ReadAllText(path), new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector))
                    ?? throw new JsonException("empty");
            }
            catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
            {
                // What the reader could not take (a missing required element, a wrong type) is reported, and the rest validated.
                resource = partial;
                parsing.AddRange(e.Exceptions.Select(x => new FhirIssue("error", "(file)", x.Message)));
            }
            catch (Exception e) when (e is JsonException or DeserializationFailedException or FormatException)
            {
                stderr.WriteLine($"FILE: not a FHIR R4 resource in JSON ({e.Message.Split('\n')[0]})");
                return ExitCodes.InvalidInput;
            }

            var issues = FhirValidation.Validate(resource).ToList();
            if (!issues.Any(i => i.IsError))
            {
                // The validator sees only what was read: a reading error it cannot see still makes the file invalid.
                issues.InsertRange(0, parsing);
            }

            foreach (var issue in issues)
            {
                stdout.WriteLine(issue);
            }

            var errors = issues.Count(i => i.IsError);
            stdout.WriteLine($"{resource.TypeName}: {errors} errors, {issues.Count(i => i.Severity == "warning")} warnings");
            return errors == 0 ? ExitCodes.Success : ExitCodes.InvalidInput;
        });
        return validate;
    }
}
