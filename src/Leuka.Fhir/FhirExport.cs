using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Quantities;
using Hl7.Fhir.Model;
using FhirProcedure = Hl7.Fhir.Model.Procedure;
using Hl7.Fhir.Serialization;
using Leuka.Records;

namespace Leuka.Fhir;

/// <summary>
/// A patient's record as FHIR R4 resources: the Patient, every lab result, and for each procedure
/// as done (not a simulated one) the Procedure with its settings, what it did, the collected
/// product and its content, the adverse events, the lots, and a Provenance naming Leuka and its
/// version. Ids are the record ids (or derived from them), so the same record always gives the same
/// resources. References are relative (<c>Patient/id</c>) for the server, or <c>urn:uuid</c> in a
/// bundle. Every field both ways: docs/fhir.md.
/// </summary>
public static partial class FhirExport
{
    /// <summary>The patient's resources; only <paramref name="procedure"/> (and the labs around it) when given.</summary>
    public static IReadOnlyList<Resource> Resources(PatientTimeline t, ProcedureRow? procedure = null, bool urn = false)
    {
        ArgumentNullException.ThrowIfNull(t);
        var r = new Builder(t, urn);
        var entered = t.Procedures.Where(p => p.Origin == "entered").ToList();
        var chosen = procedure is null ? entered : [procedure];
        r.Add(Patient(t.Patient));
        r.Add(LeukaDevice);
        var labs = procedure is null ? t.Labs : t.Labs.Where(l => l.TakenAt >= procedure.StartedAt.AddHours(-24) && l.TakenAt < FollowUpEnd(entered, procedure)).ToList();
        foreach (var l in labs)
        {
            r.Add(Lab(r, l));
        }

        foreach (var p in chosen)
        {
            r.AddProcedure(p);
        }

        // The whole record: also the events of no procedure (or of one no longer current).
        if (procedure is null)
        {
            foreach (var e in t.AdverseEvents.Where(e => e.ProcedureId is not { } id || entered.All(p => p.RecordId != id)))
            {
                r.Add(r.Event(e, null));
            }
        }

        return r.Resources;
    }

    /// <summary>The same as a Bundle: <c>collection</c>, or a <c>transaction</c> of conditional creates (posted twice, it creates nothing new but the Provenance).</summary>
    public static Bundle Bundle(PatientTimeline t, ProcedureRow? procedure = null, Bundle.BundleType type = Hl7.Fhir.Model.Bundle.BundleType.Collection)
    {
        var bundle = new Bundle { Type = type, Id = FhirCodes.DerivedId(procedure?.RowId ?? t?.Patient.RowId ?? Guid.Empty, "bundle") };
        foreach (var resource in Resources(t!, procedure, urn: true))
        {
            var entry = new Bundle.EntryComponent { FullUrl = "urn:uuid:" + resource.Id, Resource = resource };
            if (type == Hl7.Fhir.Model.Bundle.BundleType.Transaction)
            {
                var identifier = (resource as Patient)?.Identifier.FirstOrDefault() ?? Identifiers(resource).FirstOrDefault();
                entry.Request = new Bundle.RequestComponent
                {
                    Method = Hl7.Fhir.Model.Bundle.HTTPVerb.POST,
                    Url = resource.TypeName,
                    IfNoneExist = identifier is null ? null : $"identifier={identifier.System}|{identifier.Value}",
                };
            }

            bundle.Entry.Add(entry);
        }

        return bundle;
    }

    /// <summary>The resource as FHIR JSON, indented.</summary>
    public static string Json(Resource resource) =>
        JsonSerializer.Serialize(resource, new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector).Pretty()) + "\n";

    /// <summary>The procedure named by its number among the patient's procedures (1 is the first, as <c>records show</c> numbers them) or its record id.</summary>
    public static ProcedureRow FindProcedure(PatientTimeline t, string which, string field = "--procedure")
    {
        ArgumentNullException.ThrowIfNull(t);
        ProcedureRow? p = int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= t.Procedures.Count
            ? t.Procedures[n - 1]
            : Guid.TryParse(which, out var id) ? t.Procedures.FirstOrDefault(x => x.RecordId == id) : null;
        if (p is null)
        {
            throw new RecordInputException(field, $"\"{which}\" is not one of {t.Patient.Identifier}'s procedures: give its number (1–{t.Procedures.Count}) or record id");
        }

        return p.Origin == "entered" ? p : throw new RecordInputException(field, $"procedure {which} was simulated, not performed: only procedures as done go to the hospital record");
    }

    private static DateTime FollowUpEnd(List<ProcedureRow> entered, ProcedureRow p)
    {
        var end = p.StartedAt.AddMinutes(p.DurationMin) + PatientRecords.FollowUpWindow;
        var next = entered.FirstOrDefault(x => x.StartedAt > p.StartedAt);
        return next is not null && next.StartedAt < end ? next.StartedAt : end;
    }

    private static IEnumerable<Identifier> Identifiers(Resource r) => r switch
    {
        Observation o => o.Identifier,
        FhirProcedure p => p.Identifier,
        BiologicallyDerivedProduct b => b.Identifier,
        AdverseEvent a => a.Identifier is null ? [] : [a.Identifier],
        Device d => d.Identifier,
        Medication m => m.Identifier,
        _ => [],
    };

    /// <summary>The Device that stands for Leuka (the same id in every export).</summary>
    public static string LeukaDeviceId { get; } = FhirCodes.DerivedId(Guid.Empty, "leuka");

    /// <summary>The software that made the record: the agent of every Provenance.</summary>
    private static Device LeukaDevice => new()
    {
        Id = LeukaDeviceId,
        Identifier = [new Identifier(FhirCodes.RecordSystem, LeukaDeviceId)],
        DeviceName = [new Device.DeviceNameComponent { Name = "Leuka", Type = DeviceNameType.ManufacturerName }],
        Version = [new Device.VersionComponent { Value = PatientRecords.EngineVersion }],
        Type = new CodeableConcept { Text = "Leukapheresis simulator, planner and procedure record (software)" },
    };

    private static Patient Patient(PatientRow p) => new()
    {
        Id = p.RecordId.ToString("D"),
        Identifier = [new Identifier(FhirCodes.PatientIdentifierSystem, p.Identifier)],
        Gender = p.Sex == "female" ? AdministrativeGender.Female : AdministrativeGender.Male,
        BirthDate = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static Observation Lab(Builder r, LabRow l)
    {
        var (ucum, unit) = Ucum(l.Unit);
        return r.Observation(l.RecordId.ToString("D"), "laboratory", FhirCodes.Concept(FhirCodes.Loinc, l.Loinc, l.Analyte), l.TakenAt, FhirCodes.Quantity(Decimal(l.Value), ucum, unit));
    }

    // A stored canonical unit → UCUM.
    internal static (string Ucum, string Unit) Ucum(string unit) => unit switch
    {
        "x10^9/L" => ("10*9/L", "10^9/L"),
        "x10^3/uL" => ("10*3/uL", "10^3/uL"),
        "x10^6/L" => ("10*6/L", "10^6/L"),
        "mEq/L" => ("meq/L", "mEq/L"),
        "lb" => ("[lb_av]", "lb"),
        "in" => ("[in_i]", "in"),
        _ => (unit, unit),
    };

    internal static decimal Decimal(double value) => decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);

    // "250 x10^9/L" → (250, "x10^9/L"), the number kept as a decimal as written.
    internal static (decimal Value, string Unit)? Split(string text) =>
        QuantityParts.Split(text) is { } parts && decimal.TryParse(parts.Number, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? (v, parts.Unit) : null;

    /// <summary>Collects resources and makes references in the chosen style.</summary>
    private sealed partial class Builder(PatientTimeline t, bool urn)
    {
        public List<Resource> Resources { get; } = [];

        public PatientTimeline Timeline => t;

        public void Add(Resource r) => Resources.Add(r);

        public ResourceReference Ref(string type, string id) => new(urn ? "urn:uuid:" + id : type + "/" + id);

        public ResourceReference PatientRef => Ref("Patient", t.Patient.RecordId.ToString("D"));

        public Observation Observation(string id, string category, CodeableConcept code, DateTime at, DataType value) => new()
        {
            Id = id,
            Identifier = [new Identifier(FhirCodes.RecordSystem, id)],
            Status = ObservationStatus.Final,
            Category = [FhirCodes.Concept(FhirCodes.CategorySystem, category)],
            Code = code,
            Subject = PatientRef,
            Effective = new FhirDateTime(new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))),
            Value = value,
        };

        public static JsonObject? Scenario(ProcedureRow p) => JsonNode.Parse(p.Scenario) as JsonObject;
    }
}
