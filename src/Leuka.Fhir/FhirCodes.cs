using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;

namespace Leuka.Fhir;

/// <summary>
/// The code systems and Leuka's own codes used in exchange, in one place (docs/fhir.md lists each
/// with where it was checked). Leuka's own systems are URNs under <see cref="Local"/>: names, not
/// addresses, because no standard code was verified for what they name.
/// </summary>
public static class FhirCodes
{
    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>UCUM.</summary>
    public const string Ucum = "http://unitsofmeasure.org";

    /// <summary>Leuka's namespace for its own code systems and extensions.</summary>
    public const string Local = "urn:leuka:fhir:";

    /// <summary>Leuka's record ids (every exported resource but Provenance carries one, so a transaction can be posted twice without duplicates).</summary>
    public const string RecordSystem = Local + "record";

    /// <summary>The unit's patient identifier: Leuka keeps its value, not the hospital's system.</summary>
    public const string PatientIdentifierSystem = Local + "patient-identifier";

    /// <summary>The procedure kinds (the scenario's procedure.kind).</summary>
    public const string ProcedureKindSystem = Local + "procedure-kind";

    /// <summary>Procedure quantities with no verified LOINC code (processed volume, anticoagulant, …).</summary>
    public const string ObservationSystem = Local + "observation";

    /// <summary>The adverse-event types of the record store.</summary>
    public const string AdverseEventSystem = Local + "adverse-event-type";

    /// <summary>One scenario field of the procedure (path and value): a complex extension on Procedure.</summary>
    public const string SettingExtension = Local + "StructureDefinition/scenario-setting";

    /// <summary>The CTCAE grade (1–5) of an adverse event.</summary>
    public const string CtcaeExtension = Local + "StructureDefinition/ctcae-grade";

    /// <summary>The WAA registry severity (1–4) of an adverse event.</summary>
    public const string WaaExtension = Local + "StructureDefinition/waa-severity";

    /// <summary>ISBT 128 product description codes as FHIR names them (R5 and later; R4 binds no system).</summary>
    public const string Isbt128System = "http://hl7.org/fhir/biologicallyderived-productcodes";

    /// <summary>Observation categories.</summary>
    public const string CategorySystem = "http://terminology.hl7.org/CodeSystem/observation-category";

    /// <summary>
    /// Leuka's observation codes: what the procedure did (<c>partOf</c> the Procedure) and what the
    /// product holds (<c>focus</c> the BiologicallyDerivedProduct), with their UCUM unit.
    /// </summary>
    public static IReadOnlyDictionary<string, (string Display, string Ucum)> LocalObservations { get; } = new Dictionary<string, (string, string)>(StringComparer.Ordinal)
    {
        ["processed-volume"] = ("Whole blood processed", "L"),
        ["duration"] = ("Run time", "min"),
        ["anticoagulant-volume"] = ("Anticoagulant given", "mL"),
        ["calcium-given"] = ("Calcium given", "mmol"),
        ["heparin-given"] = ("Heparin given (with the anticoagulant and as a bolus)", "[iU]"),
        ["interruptions"] = ("Interruptions (pauses)", "1"),
        ["ionized-calcium-nadir"] = ("Lowest ionized calcium measured during the procedure", "mmol/L"),
        ["product-volume"] = ("Product volume", "mL"),
        ["product-hematocrit"] = ("Product haematocrit", "%"),
        ["product-wbc"] = ("Product white cells", "10*9"),
        ["product-cd34"] = ("Product CD34+ cells", "10*6"),
        ["product-cd3"] = ("Product CD3+ cells", "10*9"),
        ["product-platelets"] = ("Product platelets", "10*9"),
    };

    /// <summary>A coding.</summary>
    public static CodeableConcept Concept(string system, string code, string? display = null) => new(system, code, display, null);

    /// <summary>A UCUM quantity.</summary>
    public static Quantity Quantity(decimal value, string ucum, string? unit = null) =>
        new() { Value = value, Unit = unit ?? ucum.Replace("10*", "10^", StringComparison.Ordinal), System = Ucum, Code = ucum };

    /// <summary>A stable id for a resource Leuka derives from a record (the same record gives the same id every time).</summary>
    public static string DerivedId(Guid record, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(record.ToString("D") + "/" + name));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
