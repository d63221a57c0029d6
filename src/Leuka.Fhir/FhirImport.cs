using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using FhirProcedure = Hl7.Fhir.Model.Procedure;
using Hl7.Fhir.Serialization;
using Leuka.Formats;

namespace Leuka.Fhir;

/// <summary>Something in the bundle that was not used, or that stops the import, named by its resource.</summary>
/// <param name="Resource">The resource, e.g. <c>Observation/o12</c> (<c>Bundle</c> for the whole).</param>
/// <param name="Message">What is wrong and what would do.</param>
/// <param name="Fatal">True when no scenario can be made.</param>
public sealed record FhirProblem(string Resource, string Message, bool Fatal)
{
    /// <inheritdoc />
    public override string ToString() => $"{Resource}: {Message}";
}

/// <summary>One usable value in the bundle.</summary>
/// <param name="Field">The scenario field (<c>weight</c>, <c>labs.wbc</c>, …), or <c>records.X</c> for an analyte the record store keeps but the scenario does not read.</param>
/// <param name="Value">The value with the unit Leuka reads.</param>
/// <param name="When">The observation's time.</param>
/// <param name="Resource">The observation.</param>
/// <param name="PartOfProcedure">True for an observation that is part of a procedure (what a procedure started from, as Leuka exports it): not a lab result of its own.</param>
public sealed record FhirValue(string Field, string Value, DateTimeOffset When, string Resource, bool PartOfProcedure = false);

/// <summary>The scenario made from a bundle (null when a problem is fatal), every problem, and which resource gave each value.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Problems">Everything not used, and why.</param>
/// <param name="Used">What was used, one line each.</param>
public sealed record FhirImportResult(JsonObject? Scenario, IReadOnlyList<FhirProblem> Problems, IReadOnlyList<string> Used)
{
    /// <summary>The patient's identifier in the hospital (the first <c>Patient.identifier</c>), or <c>Patient/id</c>.</summary>
    public string? Identifier { get; init; }

    /// <summary>The patient's birth date.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Every usable value at or before the time (not only the newest), with its time and resource.</summary>
    public IReadOnlyList<FhirValue> Values { get; init; } = [];
}

/// <summary>
/// A patient and their labs from a FHIR R4 bundle (a collection, a transaction, or a server's search
/// results saved as JSON) into a Leuka scenario. Observations are chosen by LOINC code, the newest
/// at or before the given time; values are converted exactly from their UCUM code, and anything
/// without a convertible unit is reported by its resource id, never guessed. Codes: docs/fhir.md.
/// </summary>
public static class FhirImport
{
    private const string Loinc = "http://loinc.org";
    private const string Ucum = "http://unitsofmeasure.org";

    // Declared before Codes, which uses it.
    private static readonly IReadOnlyDictionary<string, string> Counts = Map(("10*9/L", "x10^9/L"), ("10*3/uL", "x10^3/uL"), ("/uL", "/uL"), ("10*6/L", "x10^6/L"), ("/mm3", "/mm3"));

    /// <summary>LOINC code → scenario field and the UCUM codes accepted, each with the unit Leuka reads.</summary>
    public static IReadOnlyDictionary<string, (string Field, IReadOnlyDictionary<string, string> Units)> Codes { get; } = new Dictionary<string, (string, IReadOnlyDictionary<string, string>)>
    {
        ["29463-7"] = ("weight", Map(("kg", "kg"), ("g", "g"), ("[lb_av]", "lb"))),
        ["8302-2"] = ("height", Map(("cm", "cm"), ("m", "m"), ("[in_i]", "in"))),
        ["6690-2"] = ("labs.wbc", Counts),
        ["777-3"] = ("labs.platelets", Counts),
        ["4544-3"] = ("labs.hematocrit", Map(("%", "%"))),
        ["718-7"] = ("labs.hemoglobin", Map(("g/dL", "g/dL"), ("g/L", "g/L"))),
        ["1994-3"] = ("labs.ionizedCalcium", Map(("mmol/L", "mmol/L"), ("mg/dL", "mg/dL"))),
        ["2823-3"] = ("labs.potassium", Map(("mmol/L", "mmol/L"), ("meq/L", "mEq/L"), ("mEq/L", "mEq/L"))),
        ["42808-4"] = ("labs.cd34", Counts),
        ["8122-4"] = ("labs.cd3", Counts),
        ["26446-5"] = ("labs.differential.blasts", Map(("%", "%"))),
        ["770-8"] = ("labs.differential.neutrophils", Map(("%", "%"))),
        ["736-9"] = ("labs.differential.lymphocytes", Map(("%", "%"))),
        ["5905-5"] = ("labs.differential.monocytes", Map(("%", "%"))),
        ["731-0"] = ("records.lymphocytes", Counts),
        ["751-8"] = ("records.neutrophils", Counts),
    };

    private static readonly string[] Required = ["sex", "ageYears", "height", "weight", "labs.wbc", "labs.hematocrit", "labs.platelets"];

    /// <summary>
    /// Reads <paramref name="bundleJson"/> and makes a scenario of <paramref name="kind"/> for the
    /// patient (<paramref name="patientId"/> when the bundle has several) as of <paramref name="time"/>
    /// (default: now). With <paramref name="procedureId"/>, a procedure Leuka exported: its settings,
    /// and the values it started from, give that procedure's scenario again (at its start by default).
    /// </summary>
    public static FhirImportResult Import(string bundleJson, DateTimeOffset? time, string? kind, string? patientId = null, string? procedureId = null)
    {
        var problems = new List<FhirProblem>();
        var used = new List<string>();
        Bundle bundle;
        try
        {
            bundle = JsonSerializer.Deserialize<Bundle>(bundleJson, new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector))
                ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or DeserializationFailedException or FormatException)
        {
            return Fail(problems, "Bundle", $"not a FHIR R4 Bundle in JSON ({First(e.Message)})");
        }

        var resources = bundle.Entry.Where(e => e.Resource is not null).Select(e => (FullUrl: (string?)e.FullUrl, Resource: e.Resource!)).ToList();
        var patients = resources.Where(r => r.Resource is Patient).Select(r => (r.FullUrl, Patient: (Patient)r.Resource)).ToList();
        if (patients.Count == 0)
        {
            return Fail(problems, "Bundle", "holds no Patient resource");
        }

        var chosen = patientId is null ? patients : patients.Where(p => p.Patient.Id == patientId).ToList();
        if (chosen.Count != 1)
        {
            return Fail(problems, "Bundle", patientId is null
                ? $"holds {patients.Count} patients ({string.Join(", ", patients.Select(p => "Patient/" + p.Patient.Id))}); name one with --patient"
                : $"has no Patient/{patientId}; it holds {string.Join(", ", patients.Select(p => "Patient/" + p.Patient.Id))}");
        }

        var (fullUrl, patient) = chosen[0];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var name = "Patient/" + patient.Id;
        var references = new HashSet<string>(StringComparer.Ordinal) { name };
        if (fullUrl is not null)
        {
            references.Add(fullUrl);
        }

        // References that name a procedure: "Procedure/id", or the fullUrl of a Procedure entry.
        var procedures = resources.Where(r => r.Resource is FhirProcedure).SelectMany(r => new[] { "Procedure/" + r.Resource.Id, r.FullUrl }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        JsonObject? settings = null;
        HashSet<string>? chosenProcedure = null;
        if (procedureId is not null)
        {
            var found = resources.FirstOrDefault(r => r.Resource is FhirProcedure x && x.Id == procedureId && x.Subject?.Reference is { } s && references.Contains(s));
            if (found.Resource is not FhirProcedure procedure)
            {
                return Fail(problems, "Bundle", $"has no Procedure/{procedureId} of {name}; its procedures: {string.Join(", ", resources.Where(r => r.Resource is FhirProcedure).Select(r => "Procedure/" + r.Resource.Id).DefaultIfEmpty("none"))}");
            }

            var resource = "Procedure/" + procedureId;
            var read = new List<string>();
            settings = FhirSettings.Read(procedure.Extension, read);
            problems.AddRange(read.Select(m => new FhirProblem(resource, m, true)));
            if (read.Count > 0)
            {
                return new(null, problems, used);
            }

            if (settings["procedure"]?["kind"]?.ToString() is not { } recorded)
            {
                return Fail(problems, resource, $"carries no Leuka settings ({FhirCodes.SettingExtension}): only a procedure Leuka exported gives its scenario back; leave out --procedure and give --kind");
            }

            if (kind is not null && kind != recorded)
            {
                return Fail(problems, resource, $"was a {recorded} procedure, not {kind}: leave out --kind");
            }

            kind = recorded;
            time ??= procedure.Performed is Period { StartElement: { } start } ? start.ToDateTimeOffset(TimeSpan.Zero) : null;
            if (time is null)
            {
                return Fail(problems, resource, "has no performed start: give --at");
            }

            chosenProcedure = [resource, .. found.FullUrl is { } u ? [u] : Array.Empty<string>()];
        }

        if (kind is null)
        {
            return Fail(problems, "Bundle", "which procedure is the scenario for? give --kind (or --procedure for a procedure Leuka exported)");
        }

        var at = time ?? DateTimeOffset.UtcNow;
        switch (patient.Gender)
        {
            case AdministrativeGender.Female: values["sex"] = "female"; break;
            case AdministrativeGender.Male: values["sex"] = "male"; break;
            default: problems.Add(new(name, $"gender {patient.Gender?.ToString() ?? "missing"} cannot be used: the model needs female or male (its blood volume and citrate formulas are sex-specific); set patient.sex in the scenario by hand", false)); break;
        }

        if (DateOnly.TryParseExact(patient.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            && (at.UtcDateTime - birth.ToDateTime(TimeOnly.MinValue)).TotalDays is var days && days >= 0)
        {
            values["ageYears"] = (Math.Floor(days / 365.2425 * 10) / 10).ToString(CultureInfo.InvariantCulture);
            used.Add($"ageYears from {name}.birthDate");
        }
        else
        {
            problems.Add(new(name, $"birth date \"{patient.BirthDate ?? "missing"}\" is not a full date before {at:yyyy-MM-dd} (needed for the age; a year or month alone is not enough)", false));
        }

        // Observations of this patient, by field: the newest at or before the time. For a procedure
        // Leuka exported, only what it started from (the observations that are part of it).
        var candidates = new Dictionary<string, List<(DateTimeOffset When, string Value, string Resource, bool PartOf)>>(StringComparer.Ordinal);
        foreach (var o in resources.Select(r => r.Resource).OfType<Observation>())
        {
            var id = "Observation/" + o.Id;
            if (o.Subject?.Reference is not { } subject || !references.Contains(subject))
            {
                continue;
            }

            var partOf = o.PartOf.Any(r => r.Reference is { } x && (procedures.Contains(x) || x.StartsWith("Procedure/", StringComparison.Ordinal)));
            if (chosenProcedure is not null && !o.PartOf.Any(r => r.Reference is { } x && chosenProcedure.Contains(x)))
            {
                continue;
            }

            if (o.Status is not (ObservationStatus.Final or ObservationStatus.Amended or ObservationStatus.Corrected))
            {
                problems.Add(new(id, $"status {o.Status?.ToString().ToLowerInvariant() ?? "missing"}: only final, amended or corrected results are used", false));
                continue;
            }

            var coding = o.Code?.Coding.FirstOrDefault(c => c.System == Loinc);
            if (coding is null)
            {
                problems.Add(new(id, $"has no LOINC code (systems: {string.Join(", ", o.Code?.Coding.Select(c => c.System ?? "none") ?? [])}); Leuka reads observations by LOINC ({Loinc})", false));
                continue;
            }

            if (!Codes.TryGetValue(coding.Code ?? "", out var target))
            {
                problems.Add(new(id, $"LOINC {coding.Code} ({coding.Display ?? "no display"}) is not one Leuka reads; not used", false));
                continue;
            }

            if (Effective(o) is not { } when)
            {
                problems.Add(new(id, "has no effective time: it cannot be placed before or after the procedure", false));
                continue;
            }

            if (when > at)
            {
                continue;
            }

            if (o.Value is not Quantity q || q.Value is null)
            {
                problems.Add(new(id, $"LOINC {coding.Code}: no numeric value with a unit", false));
                continue;
            }

            if (q.System != Ucum || q.Code is null)
            {
                problems.Add(new(id, $"LOINC {coding.Code}: the unit has no UCUM code (unit \"{q.Unit ?? "none"}\", system {q.System ?? "none"}); units are never guessed: send the UCUM code ({string.Join(", ", target.Units.Keys)})", false));
                continue;
            }

            if (!target.Units.TryGetValue(q.Code, out var unit))
            {
                problems.Add(new(id, $"LOINC {coding.Code}: UCUM \"{q.Code}\" cannot be converted for {target.Field}; accepted: {string.Join(", ", target.Units.Keys)}", false));
                continue;
            }

            var text = q.Value.Value.ToString(CultureInfo.InvariantCulture) + " " + unit;
            (candidates.TryGetValue(target.Field, out var list) ? list : candidates[target.Field] = []).Add((when, text, id, partOf));
        }

        // Every usable value (for the record store), leaving out times with two different values.
        var taken = candidates.SelectMany(c => c.Value.GroupBy(x => x.When).Where(g => g.Select(x => x.Value).Distinct().Count() == 1)
            .SelectMany(g => g.DistinctBy(x => x.PartOf)).Select(x => new FhirValue(c.Key, x.Value, x.When, x.Resource, x.PartOf))).ToList();
        foreach (var (field, list) in candidates.Where(c => !c.Key.StartsWith("records.", StringComparison.Ordinal)))
        {
            var newest = list.Max(c => c.When);
            var atNewest = list.Where(c => c.When == newest).ToList();
            if (atNewest.Select(c => c.Value).Distinct().Count() > 1)
            {
                problems.Add(new(string.Join(", ", atNewest.Select(c => c.Resource)), $"{field}: different values at the same time ({string.Join(" vs ", atNewest.Select(c => c.Value))}); none is chosen", false));
                continue;
            }

            values[field] = atNewest[0].Value;
            used.Add($"{field} = {atNewest[0].Value} from {atNewest[0].Resource} ({newest:yyyy-MM-ddTHH:mm}Z)");
        }

        if (settings?["patient"]?["ageYears"] is JsonValue age)
        {
            values.TryAdd("ageYears", age.ToString());
        }

        var missing = Required.Where(r => !values.ContainsKey(r)).ToList();
        if (missing.Count > 0)
        {
            problems.Add(new(name, $"no usable value at or before {at:yyyy-MM-ddTHH:mm}Z for {string.Join(", ", missing)}; the scenario needs them", true));
            return new(null, problems, used);
        }

        return new(Scenario(values, kind, name, at, settings), problems, used)
        {
            Identifier = patient.Identifier.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value))?.Value ?? name,
            BirthDate = DateOnly.TryParseExact(patient.BirthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var b) ? b : null,
            Values = taken,
        };
    }

    private static JsonObject Scenario(Dictionary<string, string> values, string kind, string name, DateTimeOffset at, JsonObject? settings)
    {
        var labs = new JsonObject();
        var differential = new JsonObject();
        foreach (var (field, value) in values.Where(v => v.Key.StartsWith("labs.", StringComparison.Ordinal)))
        {
            if (field.StartsWith("labs.differential.", StringComparison.Ordinal))
            {
                differential[field["labs.differential.".Length..]] = value;
            }
            else
            {
                labs[field["labs.".Length..]] = value;
            }
        }

        if (differential.Count > 0)
        {
            labs["differential"] = differential;
        }

        if (settings is not null)
        {
            // A procedure Leuka exported: its own fields, with the patient's from the resources.
            var root = (JsonObject)settings.DeepClone();
            var patient = root["patient"] as JsonObject ?? [];
            root["patient"] = patient;
            patient["sex"] = values["sex"];
            patient["height"] = values["height"];
            patient["weight"] = values["weight"];
            patient["labs"] = labs;
            if (!patient.ContainsKey("ageYears"))
            {
                patient["ageYears"] = double.Parse(values["ageYears"], CultureInfo.InvariantCulture);
            }

            return root;
        }

        return new JsonObject
        {
            ["name"] = $"{name} as of {at.UtcDateTime:yyyy-MM-ddTHH:mm}Z (from FHIR)",
            ["patient"] = new JsonObject
            {
                ["sex"] = values["sex"],
                ["ageYears"] = double.Parse(values["ageYears"], CultureInfo.InvariantCulture),
                ["height"] = values["height"],
                ["weight"] = values["weight"],
                ["labs"] = labs,
            },
            ["procedure"] = new JsonObject { ["kind"] = kind },
            ["seed"] = 1,
        };
    }

    /// <summary>The scenario's JSON, checked by the scenario reader (errors name their path).</summary>
    public static ScenarioLoadResult Check(JsonObject scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return ScenarioLoader.Load(scenario.ToJsonString());
    }

    private static DateTimeOffset? Effective(Observation o) => o.Effective switch
    {
        FhirDateTime d => d.ToDateTimeOffset(TimeSpan.Zero),
        Period p when p.StartElement is { } s => s.ToDateTimeOffset(TimeSpan.Zero),
        Instant i => i.Value,
        _ => null,
    };

    private static IReadOnlyDictionary<string, string> Map(params (string Ucum, string Leuka)[] pairs) => pairs.ToDictionary(p => p.Ucum, p => p.Leuka, StringComparer.Ordinal);

    private static FhirImportResult Fail(List<FhirProblem> problems, string resource, string message)
    {
        problems.Add(new(resource, message, true));
        return new(null, problems, []);
    }

    private static string First(string message) => message.Split('\n')[0];
}
