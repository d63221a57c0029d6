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
            document["labs"] = new JsonArray([.. import.Values
                .Where(v => v.Field.StartsWith("labs.", StringComparison.Ordinal) && Analyte.All.ContainsKey(v.Field[5..]))
                .Where(v => !known.Contains((v.Field[5..], Millisecond(v.When.UtcDateTime))))
                .GroupBy(v => v.When)
                .Select(g =>
                {
                    var panel = new JsonObject { ["takenAt"] = g.Key.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) };
                    foreach (var v in g)
                    {
                        panel[v.Field[5..]] = v.Value;
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

    private static DateTime Millisecond(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
}
