using Microsoft.EntityFrameworkCore;

namespace Leuka.Records;

/// <summary>What one record file added.</summary>
/// <param name="PatientId">The patient's record id.</param>
/// <param name="Identifier">The patient's identifier.</param>
/// <param name="NewPatient">Whether the patient was created by this file.</param>
/// <param name="Labs">Lab results added.</param>
/// <param name="Procedures">Procedures added, with their record ids.</param>
/// <param name="Products">Products added.</param>
/// <param name="AdverseEvents">Adverse events added.</param>
public sealed record RecordsAdded(Guid PatientId, string Identifier, bool NewPatient, int Labs, IReadOnlyList<Guid> Procedures, int Products, int AdverseEvents);

public sealed partial class RecordDocument
{
    /// <summary>Writes the file's records; checks what needs the store (the patient exists or is new, times after birth).</summary>
    public RecordsAdded Apply(RecordWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        PatientRow patient;
        if (Patient is { } p)
        {
            var existing = writer.Current<PatientRow>().AsNoTracking().FirstOrDefault(x => x.Identifier == p.Identifier);
            if (existing is not null)
            {
                throw new RecordInputException("patient.identifier", $"\"{p.Identifier}\" is already recorded (patient {existing.RecordId}); to add to that patient, give \"patientIdentifier\": \"{p.Identifier}\" instead of \"patient\"");
            }

            patient = writer.Create(p);
        }
        else
        {
            patient = writer.Current<PatientRow>().AsNoTracking().FirstOrDefault(x => x.Identifier == PatientIdentifier)
                ?? throw new RecordInputException("patientIdentifier", $"no current patient \"{PatientIdentifier}\"; record the patient first (\"patient\": {{ \"identifier\": … }})");
        }

        var birth = patient.BirthDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(-1);
        void AfterBirth(DateTime t, string path)
        {
            if (t < birth)
            {
                throw new RecordInputException(path, $"{t:yyyy-MM-dd} is before the patient's birth ({patient.BirthDate:yyyy-MM-dd})");
            }
        }

        Guid? courseId = null;
        if (Course is { } c)
        {
            AfterBirth(c.StartDate.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), "course.startDate");
            c.PatientId = patient.RecordId;
            courseId = writer.Create(c).RecordId;
        }

        foreach (var (lab, i) in Labs.Select((l, i) => (l, i)))
        {
            AfterBirth(lab.TakenAt, $"labs: {lab.Analyte}");
            lab.PatientId = patient.RecordId;
            writer.Create(lab);
        }

        var procedures = new List<Guid>();
        var products = 0;
        var events = 0;
        foreach (var ((procedure, product, procedureEvents), i) in Procedures.Select((x, i) => (x, i)))
        {
            AfterBirth(procedure.StartedAt, $"procedures[{i}].startedAt");
            procedure.PatientId = patient.RecordId;
            procedure.CourseId = courseId;
            var id = writer.Create(procedure).RecordId;
            procedures.Add(id);
            if (product is not null)
            {
                product.PatientId = patient.RecordId;
                product.ProcedureId = id;
                writer.Create(product);
                products++;
            }

            foreach (var e in procedureEvents)
            {
                AfterBirth(e.OccurredAt, $"procedures[{i}].adverseEvents: occurredAt");
                e.PatientId = patient.RecordId;
                e.ProcedureId = id;
                writer.Create(e);
                events++;
            }
        }

        foreach (var e in AdverseEvents)
        {
            AfterBirth(e.OccurredAt, "adverseEvents: occurredAt");
            e.PatientId = patient.RecordId;
            writer.Create(e);
            events++;
        }

        return new RecordsAdded(patient.RecordId, patient.Identifier, Patient is not null, Labs.Count, procedures, products, events);
    }
}
