using System.Globalization;
using System.Text.Json.Nodes;
using Leuka.Records;

namespace Leuka.Fhir;

/// <summary>An imported patient into the record store: the patient (when new) and every lab value taken, each at its own time, as one record file.</summary>
public static class FhirRecords
{
    /// <summary>Writes the import's patient and labs; returns what was added. Checked as a record file is, in one transaction.</summary>
    public static RecordsAdded Record(RecordStore store, FhirImportResult import, string actor)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(import);
        if (import.Scenario?["patient"] is not JsonObject patient || import.Identifier is null || import.BirthDate is null)
        {
            throw new RecordInputException("BUNDLE", "the import made no scenario: nothing to record");
        }

        return store.Write(actor, w =>
        {
            var document = new JsonObject();
            var known = new HashSet<(string, DateTime)>();
            if (w.Current<PatientRow>().FirstOrDefault(p => p.Identifier == import.Identifier) is { } existing)
            {
                document["patientIdentifier"] = import.Identifier;
                // A value imported before (same analyte, same time) is not recorded twice.
                known = [.. w.Current<LabRow>().Where(l => l.PatientId == existing.RecordId).Select(l => new { l.Analyte, l.TakenAt }).AsEnumerable().Select(l => (l.Analyte, l.TakenAt))];
            }
            else
            {
                document["patient"] = new JsonObject
                {
                    ["identifier"] = import.Identifier,
                    ["sex"] = patient["sex"]!.GetValue<string>(),
                    ["birthDate"] = import.BirthDate.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["height"] = patient["height"]!.GetValue<string>(),
                    ["weight"] = patient["weight"]!.GetValue<string>(),
                };
            }

            // One panel per observation time; the differential's percentages are not lab records.
            // What a procedure started from (part of it) is the procedure's, not a lab result of its own.
            document["labs"] = new JsonArray([.. import.Values
                .Where(v => !v.PartOfProcedure && AnalyteOf(v.Field) is not null)
                .Where(v => !known.Contains((AnalyteOf(v.Field)!, Millisecond(v.When.UtcDateTime))))
                .GroupBy(v => v.When)
                .Select(g =>
                {
                    var panel = new JsonObject { ["takenAt"] = g.Key.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) };
                    foreach (var v in g)
                    {
                        panel[AnalyteOf(v.Field)!] = v.Value;
                    }

                    return (JsonNode)panel;
                })]);
            if (document["labs"]!.AsArray().Count == 0 && document["patientIdentifier"] is not null)
            {
                return new RecordsAdded(Guid.Empty, import.Identifier, false, 0, [], 0, 0);
            }

            return RecordDocument.Parse(document.ToJsonString(), w.Now).Apply(w);
        });
    }

    // "labs.wbc" or "records.lymphocytes" → the store's analyte; null for what the store does not keep (weight, the differential).
    private static string? AnalyteOf(string field)
    {
        var dot = field.IndexOf('.', StringComparison.Ordinal);
        var name = dot < 0 ? null : field[(dot + 1)..];
        return name is not null && (field.StartsWith("labs.", StringComparison.Ordinal) || field.StartsWith("records.", StringComparison.Ordinal)) && Analyte.All.ContainsKey(name) ? name : null;
    }

    private static DateTime Millisecond(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
