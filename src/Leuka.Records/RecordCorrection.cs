using System.Text.Json;
using System.Text.Json.Nodes;

namespace Leuka.Records;

/// <summary>
/// A correction: the record's new content, written as that kind of entry is written in a record
/// file and checked the same way, stored as the record's next version with the reason. Patients,
/// courses, lab results and adverse events can be corrected; a procedure or a product is voided and
/// entered again (its scenario and its counts belong together).
/// </summary>
public static class RecordCorrection
{
    /// <summary>The kinds that can be corrected.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["patient", "course", "lab", "adverse-event"];

    /// <summary>Writes the corrected version of record <paramref name="id"/> of <paramref name="kind"/> from <paramref name="json"/> (one entry, as in a record file).</summary>
    public static VersionedRow Apply(RecordWriter writer, string kind, Guid id, string json, string reason)
    {
        ArgumentNullException.ThrowIfNull(writer);
        JsonNode entry;
        try
        {
            entry = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new RecordInputException("$", "expected one entry as a JSON object, written as in a record file");
        }
        catch (JsonException e)
        {
            throw new RecordInputException("$", $"not valid JSON ({e.Message})");
        }

        RecordDocument Parse(JsonObject document) => RecordDocument.Parse(document.ToJsonString(), writer.Now);
        switch (kind)
        {
            case "patient":
            {
                var p = Parse(new JsonObject { ["patient"] = entry }).Patient!;
                if (writer.Current<PatientRow>().Any(x => x.Identifier == p.Identifier && x.RecordId != id))
                {
                    throw new RecordInputException("patient.identifier", $"\"{p.Identifier}\" belongs to another patient");
                }

                return writer.Correct<PatientRow>(id, r => (r.Identifier, r.Sex, r.BirthDate, r.HeightCm, r.WeightKg, r.Diagnosis) = (p.Identifier, p.Sex, p.BirthDate, p.HeightCm, p.WeightKg, p.Diagnosis), reason);
            }

            case "course":
            {
                var c = Parse(new JsonObject { ["patientIdentifier"] = "-", ["course"] = entry }).Course!;
                return writer.Correct<CourseRow>(id, r => (r.Indication, r.Goal, r.Mobilisation, r.StartDate) = (c.Indication, c.Goal, c.Mobilisation, c.StartDate), reason);
            }

            case "lab":
            {
                var labs = Parse(new JsonObject { ["patientIdentifier"] = "-", ["labs"] = new JsonArray(entry) }).Labs;
                var current = writer.Find<LabRow>(id) ?? throw new RecordInputException("id", $"no current lab result {id}");
                if (labs is not [var l] || l.Analyte != current.Analyte)
                {
                    throw new RecordInputException("labs[0]", $"give takenAt and one value of the same analyte ({current.Analyte}); a different analyte is a void and a new result");
                }

                return writer.Correct<LabRow>(id, r => (r.TakenAt, r.Value, r.Unit, r.Entered, r.Loinc) = (l.TakenAt, l.Value, l.Unit, l.Entered, l.Loinc), reason);
            }

            case "adverse-event":
            {
                var e = Parse(new JsonObject { ["patientIdentifier"] = "-", ["adverseEvents"] = new JsonArray(entry) }).AdverseEvents[0];
                return writer.Correct<AdverseEventRow>(id, r => (r.OccurredAt, r.Type, r.WaaSeverity, r.CtcaeGrade, r.Intervention, r.Outcome, r.Interrupted) = (e.OccurredAt, e.Type, e.WaaSeverity, e.CtcaeGrade, e.Intervention, e.Outcome, e.Interrupted), reason);
            }

            default:
                throw new RecordInputException("kind", $"\"{kind}\" cannot be corrected; the kinds that can: {string.Join(", ", Kinds)} (a procedure or product is voided and entered again)");
        }
    }
}
