using System.Globalization;
using System.Text.Json;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Formats;

/// <summary>
/// Reads a scenario file (docs/reference/scenario.md §2) into immutable records. Every problem is reported at once, one
/// per line as <c>path: what is wrong; what would be valid</c>; nothing is guessed.
/// </summary>
public static partial class ScenarioLoader
{
    private static readonly string[] RootFields = ["name", "patient", "procedure", "events", "seed", "course"];
    private static readonly string[] PatientFields = ["sex", "ageYears", "height", "weight", "bloodVolume", "labs", "diagnosis", "malignantDoublingTime", "liverDisease", "variation", "vitals", "priorProcedures"];
    private static readonly string[] BloodVolumeFields = ["method", "liters", "expansionFactor"];
    private static readonly string[] LabFields = ["wbc", "hematocrit", "platelets", "differential", "cd34", "cd3", "ionizedCalcium", "hemoglobin", "potassium"];
    private static readonly string[] DifferentialFields = ["neutrophils", "lymphocytes", "monocytes", "eosinophils", "basophils", "blasts", "immatureGranulocytes"];
    private static readonly string[] ProcedureFields = ["kind", "inletFlow", "inletToAcRatio", "collectFlow", "collectionMode", "stop", "acInfusionRateLimit", "centrifuge", "calciumProphylaxis", "prime", "access", "device", "collectHematocrit", "calciumMonitoring", "anticoagulant", "primeHematocrit", "magnesiumProphylaxis", "citrateInfusion", "sampleVolume", "setVolume", "heparin"];
    private static readonly string[] StopFields = ["processedVolume", "bloodVolumes", "duration", "targetPostWbc", "targetCd34Dose", "targetCd3Yield"];
    private static readonly string[] EventFields = ["at", "set", "give", "pause", "resume", "end", "fault", "position"];
    private static readonly string[] EventActions = ["set", "give", "pause", "resume", "end", "fault", "position"];
    private static readonly string[] SetFields = ["inletFlow", "inletToAcRatio", "collectFlow", "centrifugeSpeed", "collectHematocrit"];
    /// <summary>Reads and validates a scenario file. A missing, unreadable or oversized file is an input error at <c>$</c>.</summary>
    public static ScenarioLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            // Read at most one character past the limit: a device such as /dev/zero never ends.
            using var reader = new StreamReader(path);
            var buffer = new char[ScenarioLimits.MaxScenarioCharacters + 1];
            var read = reader.ReadBlock(buffer, 0, buffer.Length);
            if (read > ScenarioLimits.MaxScenarioCharacters)
            {
                return new(null, [new ScenarioError("$", string.Create(CultureInfo.InvariantCulture, $"{path}: the file is larger than {ScenarioLimits.MaxScenarioCharacters / (1024 * 1024)} MB; a scenario is a few kB (give the scenario .json file)"))], []);
            }

            json = new string(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var what = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : $"cannot be read ({e.Message})";
            return new(null, [new ScenarioError("$", $"{path}: {what}; give the path of a scenario .json file, e.g. examples/adult-aml-hyperleukocytosis.json")], []);
        }

        return Load(json);
    }

    /// <summary>Validates scenario JSON text.</summary>
    public static ScenarioLoadResult Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > ScenarioLimits.MaxScenarioCharacters)
        {
            return new(null, [new ScenarioError("$", string.Create(CultureInfo.InvariantCulture, $"the scenario is {json.Length} characters long, more than {ScenarioLimits.MaxScenarioCharacters}; a scenario is a few kB"))], []);
        }

        if (JsonText.LoneSurrogate(json) is { } at)
        {
            return new(null, [new ScenarioError("$", string.Create(CultureInfo.InvariantCulture, $"line {at.Line}, column {at.Column}: half of a UTF-16 character pair (an escape \\uD800–\\uDFFF without its partner) is not valid text; remove it or write the whole character"))], []);
        }

        var diagnostics = new Diagnostics();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ScenarioLimits.MaxNestingDepth });
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            diagnostics.Error("$", string.Create(CultureInfo.InvariantCulture, $"malformed JSON at line {line}, column {column}: {reason}; fix the JSON syntax (quotes around names and strings, commas between fields, matching braces)"));
            return new(null, diagnostics.Errors, diagnostics.Warnings);
        }

        using (document)
        {
            var scenario = ReadScenario(document.RootElement, diagnostics);
            return diagnostics.Errors.Count == 0 && scenario is not null
                ? new(scenario, [], diagnostics.Warnings)
                : new(null, diagnostics.Errors, diagnostics.Warnings);
        }
    }

    private static Scenario? ReadScenario(JsonElement root, Diagnostics d)
    {
        var node = ObjectNode.From(root, string.Empty, d, RootFields, "{ \"name\": …, \"patient\": {…}, \"procedure\": {…} }");
        if (node is null)
        {
            return null;
        }

        var name = node.Text("name", required: true, "\"Adult AML with hyperleukocytosis\"");
        var patient = ReadPatient(node, d, () => SeedOf(node));
        var procedure = ReadProcedure(node, patient, d);
        var events = ReadEvents(node, d);
        var course = ReadCourse(node, d);
        var seed = node.Number("seed", required: false, 0, int.MaxValue, "1");
        if (seed is { } s && s != Math.Floor(s))
        {
            d.Error("seed", string.Create(CultureInfo.InvariantCulture, $"{s} is not a whole number; write an integer from 0 to {int.MaxValue}"));
        }

        if (name is null || patient is null || procedure is null || events is null || d.Errors.Count > 0)
        {
            return null;
        }

        CollectControlFits(node, procedure, d);
        CourseFits(course, patient, d);
        if (d.Errors.Count > 0)
        {
            return null;
        }

        var scenario = new Scenario(name, patient, procedure, events, (int)(seed ?? 0), course);
        var refusals = ScenarioRefusals.For(scenario, scenario.Procedure.SetUsed(EngineOptions.Default.Set));
        foreach (var r in refusals)
        {
            d.Error(r.Path, r.Message);
        }

        if (refusals.Count > 0)
        {
            return null;
        }

        foreach (var w in ScenarioWarnings.For(scenario))
        {
            d.Warn(w.Code, w.Path, w.Message);
        }

        return scenario;
    }

    private static Patient? ReadPatient(ObjectNode root, Diagnostics d, Func<int> seed)
    {
        var node = root.Object("patient", required: true, PatientFields, "{ \"sex\": \"female\", \"ageYears\": 54, \"height\": \"165 cm\", \"weight\": \"70 kg\", \"labs\": {…} }");
        if (node is null)
        {
            return null;
        }

        var sex = node.Choice("sex", required: true, ScenarioWords.Sexes);
        var age = node.Number("ageYears", required: true, 0, ScenarioLimits.MaxAgeYears, "54");
        var height = node.Quantity("height", required: true, ScenarioLimits.Height);
        var weight = node.Quantity("weight", required: true, ScenarioLimits.Weight);
        var bloodVolume = ReadBloodVolume(node, d);
        var labs = ReadLabs(node, d);
        var errorsBefore = d.Errors.Count;
        var diagnosis = node.Choice("diagnosis", required: false, ScenarioWords.Diagnoses) ?? Diagnosis.None;
        var doubling = node.Quantity("malignantDoublingTime", required: false, ScenarioLimits.DoublingTime);
        var liver = node.Flag("liverDisease");
        var variation = ReadVariation(node, d, seed, bloodVolume?.Method == BloodVolumeMethod.Measured);
        var vitals = ReadVitals(node, d);
        var prior = ReadPriorProcedures(node, d);
        if (labs is { DifferentialAssumed: true })
        {
            // Never a healthy differential for a leukaemia: a typical one for the diagnosis, and
            // no guess at all for a leukaemic count without a diagnosis.
            if (diagnosis == Diagnosis.None && labs.Wbc.E9PerLiter > ClinicalThresholds.HyperleukocytosisWbc && d.Errors.Count == errorsBefore)
            {
                d.Error(ObjectNode.Child(ObjectNode.Child(node.Path, "labs"), "differential"), string.Create(CultureInfo.InvariantCulture, $"is missing, and with WBC {labs.Wbc.E9PerLiter:0.#} ×10^9/L and no diagnosis the white-cell classes cannot be assumed (a normal differential would treat leukaemic blasts as healthy granulocytes); give patient.labs.differential, e.g. {{ \"blasts\": \"80 %\", \"neutrophils\": \"15 %\", \"lymphocytes\": \"5 %\" }}, or patient.diagnosis (aml, all, cml or cll) to assume a typical one"));
            }

            labs = labs with { Differential = Differential.TypicalFor(diagnosis) };
        }

        if (doubling is not null && diagnosis == Diagnosis.None && d.Errors.Count == errorsBefore)
        {
            d.Error(ObjectNode.Child(node.Path, "malignantDoublingTime"), "is given but the diagnosis is \"none\"; give patient.diagnosis (aml, all, cml or cll), or leave the doubling time out");
        }

        if (sex is null || age is null || height is null || weight is null || bloodVolume is null || labs is null || prior is null || d.Errors.Count > errorsBefore)
        {
            return null;
        }

        return new Patient(sex.Value, age.Value, height.Value, weight.Value, bloodVolume, labs, diagnosis, doubling, liver ?? false, variation, vitals, prior.Value);
    }

    private static BloodVolumeSpec? ReadBloodVolume(ObjectNode patient, Diagnostics d)
    {
        if (!patient.Has("bloodVolume"))
        {
            return BloodVolumeSpec.Default;
        }

        var node = patient.Object("bloodVolume", required: false, BloodVolumeFields, "{ \"method\": \"nadler\" } or { \"liters\": 5.1 }");
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var method = node.Choice("method", required: false, ScenarioWords.Methods);
        var liters = node.Number("liters", required: false, ScenarioLimits.MeasuredBloodVolume.HardMin.Liters, ScenarioLimits.MeasuredBloodVolume.HardMax.Liters, "5.1");
        var expansion = node.Number("expansionFactor", required: false, 1, ScenarioLimits.MaxExpansionFactor, "1.0");
        if (node.Has("method") && node.Has("liters"))
        {
            d.Error(node.Path, "gives both \"method\" and \"liters\"; give a method to estimate the volume, or a measured volume in \"liters\", not both");
        }

        if (d.Errors.Count > errorsBefore)
        {
            return null;
        }

        return liters is { } l
            ? new BloodVolumeSpec(BloodVolumeMethod.Measured, Volume.FromLiters(l), expansion ?? 1)
            : new BloodVolumeSpec(method, null, expansion ?? 1);
    }

    private static Labs? ReadLabs(ObjectNode patient, Diagnostics d)
    {
        var node = patient.Object("labs", required: true, LabFields, "{ \"wbc\": \"250 x10^9/L\", \"hematocrit\": \"28 %\", \"platelets\": \"60 x10^9/L\" }");
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var wbc = node.Quantity("wbc", required: true, ScenarioLimits.Wbc);
        var hct = node.Quantity("hematocrit", required: true, ScenarioLimits.Hematocrit);
        var platelets = node.Quantity("platelets", required: true, ScenarioLimits.Platelets);
        var differential = ReadDifferential(node, d);
        var cd34 = node.Quantity("cd34", required: false, ScenarioLimits.Subset);
        var cd3 = node.Quantity("cd3", required: false, ScenarioLimits.Subset);
        var ica = node.Quantity("ionizedCalcium", required: false, ScenarioLimits.IonizedCalcium, t => SubstanceConcentration.Parse(t, Substance.Calcium));
        var hb = node.Quantity("hemoglobin", required: false, ScenarioLimits.Hemoglobin);
        var potassium = node.Quantity("potassium", required: false, ScenarioLimits.Potassium, t => SubstanceConcentration.Parse(t, Substance.Potassium));
        if (wbc is { } w)
        {
            if (cd34 > w)
            {
                d.Error(ObjectNode.Child(node.Path, "cd34"), $"{cd34} is more than the whole WBC ({w}); CD34+ cells are a subset of the white cells (check the unit: CD34 is usually given in /uL)");
            }

            if (cd3 > w)
            {
                d.Error(ObjectNode.Child(node.Path, "cd3"), $"{cd3} is more than the whole WBC ({w}); CD3+ cells are a subset of the white cells (check the unit: CD3 is usually given in /uL)");
            }
        }

        if (d.Errors.Count > errorsBefore || wbc is null || hct is null || platelets is null)
        {
            return null;
        }

        return new Labs(wbc.Value, hct.Value, platelets.Value, differential ?? Differential.Normal, differential is null, cd34, cd3, ica, hb, potassium);
    }

    private static Differential? ReadDifferential(ObjectNode labs, Diagnostics d)
    {
        var node = labs.Object("differential", required: false, DifferentialFields, "{ \"blasts\": \"85 %\", \"neutrophils\": \"8 %\", \"lymphocytes\": \"5 %\", \"monocytes\": \"2 %\" }");
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var whole = new Limit<Fraction>(Fraction.Zero, Fraction.FromPercent(100), "a share of the white cells");
        var values = DifferentialFields.Select(f => node.Quantity(f, required: false, whole)).ToArray();
        if (d.Errors.Count > errorsBefore)
        {
            return null;
        }

        if (!node.PresentFields.Any())
        {
            d.Error(node.Path, $"is empty; give the white-cell classes as fractions of the WBC ({string.Join(", ", DifferentialFields)}), or leave the differential out to assume a normal one");
            return null;
        }

        var f = values.Select(v => v ?? Fraction.Zero).ToArray();
        var differential = new Differential(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        var total = differential.Total.Percent;
        if (!differential.SumsToWhole)
        {
            d.Error(node.Path, string.Create(CultureInfo.InvariantCulture, $"the classes sum to {total:0.##} %; they must sum to 100 % ± 2 % (classes left out count as 0 %)"));
            return null;
        }

        return differential;
    }

    private static ProcedureSettings? ReadProcedure(ObjectNode root, Patient? patient, Diagnostics d)
    {
        var node = root.Object("procedure", required: true, ProcedureFields, "{ \"kind\": \"leukocyte-depletion\", \"stop\": { \"bloodVolumes\": 2 } }");
        if (node is null)
        {
            return null;
        }

        var errorsBefore = d.Errors.Count;
        var kind = node.Choice("kind", required: true, ScenarioWords.Kinds);
        var inlet = node.Quantity("inletFlow", required: false, ScenarioLimits.InletFlow);
        var ratio = node.Number("inletToAcRatio", required: false, ScenarioLimits.MinInletToAcRatio, ScenarioLimits.MaxInletToAcRatio, "12");
        var collect = node.Quantity("collectFlow", required: false, ScenarioLimits.CollectFlow);
        var mode = node.Choice("collectionMode", required: false, ScenarioWords.Modes);
        var stop = ReadStop(node, patient, d);
        var acLimit = node.Quantity("acInfusionRateLimit", required: false, ScenarioLimits.AcInfusionRateLimit);
        var speed = ReadCentrifuge(node);
        var calcium = ReadCalcium(node);
        var monitoring = ReadCalciumMonitoring(node, d);
        var sampleVolume = node.Quantity("sampleVolume", required: false, ScenarioLimits.SampleVolume);
        var setVolume = node.Quantity("setVolume", required: false, ScenarioLimits.SetVolume);
        var (magnesium, magnesiumPerAc) = ReadMagnesium(node, kind, d);
        var anticoagulant = node.Choice("anticoagulant", required: false, ScenarioWords.Anticoagulants) is { } ac ? Anticoagulant.All[ac] : null;
        var prime = node.Choice("prime", required: false, ScenarioWords.Primes);
        var primeHct = node.Quantity("primeHematocrit", required: false, ScenarioLimits.PrimeHematocrit);
        if (primeHct is not null && prime != PrimeFluid.RedCells)
        {
            d.Error(ObjectNode.Child(node.Path, "primeHematocrit"), "is the haematocrit of a red-cell prime; give \"prime\": \"red-cells\" with it, or leave it out for a saline prime");
        }
        var access = node.Choice("access", required: false, ScenarioWords.Accesses);
        var device = node.Choice("device", required: false, ScenarioWords.Devices) is { } index ? SeparatorDevice.All[index] : null;
        if (kind is not null && device is not null)
        {
            DeviceFits(node, kind.Value, device, mode, d);
        }

        var collectHct = node.Quantity("collectHematocrit", required: false, ScenarioLimits.CollectHematocrit);
        if (collectHct is not null && (device ?? SeparatorDevice.Generic).CollectHematocrit is null)
        {
            d.Error(ObjectNode.Child(node.Path, "collectHematocrit"), DeviceRules.NoCollectControl);
        }

        var infusion = ReadCitrateInfusion(node, kind, stop, d);
        var heparin = ReadHeparin(node, kind, d);
        if (kind is null || d.Errors.Count > errorsBefore)
        {
            return null;
        }

        var defaults = ProtocolDefaults.For(kind.Value);
        var defaulted = ProcedureFields.Where(f => f != "kind" && f != "centrifuge" && !node.Has(f)).ToArray();
        return new ProcedureSettings(
            kind.Value,
            inlet ?? defaults.InletFlow,
            ratio ?? defaults.InletToAcRatio,
            collect ?? defaults.CollectFlow,
            mode ?? device?.Mode ?? defaults.CollectionMode,
            stop ?? defaults.Stop,
            acLimit ?? ProtocolDefaults.AcInfusionRateLimit,
            speed,
            calcium ?? CalciumProphylaxis.None,
            prime ?? PrimeFluid.Saline,
            access ?? defaults.Access,
            defaulted,
            device,
            collectHct,
            monitoring,
            anticoagulant,
            primeHct,
            magnesium,
            infusion,
            magnesiumPerAc,
            sampleVolume,
            setVolume,
            heparin);
    }

    private static StopCondition? ReadStop(ObjectNode procedure, Patient? patient, Diagnostics d)
    {
        var node = procedure.Object("stop", required: false, StopFields, "{ \"bloodVolumes\": 2 }");
        if (node is null)
        {
            return null;
        }

        var given = node.PresentFields.ToArray();
        if (given.Length != 1)
        {
            d.Error(node.Path, $"{(given.Length == 0 ? "gives no condition" : $"gives {given.Length} conditions ({string.Join(", ", given)})")}; give exactly one of {string.Join(", ", StopFields)}");
            return null;
        }

        var labs = patient?.Labs;
        switch (given[0])
        {
            case "processedVolume":
                return node.Quantity("processedVolume", true, ScenarioLimits.ProcessedVolume) is { } v ? new ProcessedVolumeStop(v) : null;
            case "bloodVolumes":
                return node.Number("bloodVolumes", true, 0.1, ScenarioLimits.MaxBloodVolumes, "2") is { } n ? new BloodVolumesStop(n) : null;
            case "duration":
                return node.Quantity("duration", true, ScenarioLimits.RunDuration) is { } t ? new DurationStop(t) : null;
            case "targetPostWbc":
                var target = node.Quantity("targetPostWbc", true, ScenarioLimits.Wbc);
                if (target is { } wbc && labs is not null && wbc >= labs.Wbc)
                {
                    d.Error(ObjectNode.Child(node.Path, "targetPostWbc"), $"{wbc} is not below the pre-procedure WBC ({labs.Wbc}); write a target below it");
                    return null;
                }

                return target is { } tw ? new TargetPostWbcStop(tw) : null;
            case "targetCd34Dose":
                var dose = node.Quantity("targetCd34Dose", true, ScenarioLimits.Cd34Dose);
                if (dose is not null && labs is not null && labs.Cd34 is null)
                {
                    d.Error(ObjectNode.Child(node.Path, "targetCd34Dose"), "needs the blood CD34+ count to be predicted; add patient.labs.cd34, e.g. \"25 /uL\"");
                    return null;
                }

                return dose is { } cd34 ? new TargetCd34DoseStop(cd34) : null;
            default:
                var cells = node.Quantity("targetCd3Yield", true, ScenarioLimits.Cd3Yield);
                if (cells is not null && labs is not null && labs.Cd3 is null)
                {
                    d.Error(ObjectNode.Child(node.Path, "targetCd3Yield"), "needs the blood CD3+ count to be predicted; add patient.labs.cd3, e.g. \"1200 /uL\"");
                    return null;
                }

                return cells is { } cd3 ? new TargetCd3YieldStop(cd3) : null;
        }
    }

    private static RotationalSpeed? ReadCentrifuge(ObjectNode procedure) =>
        procedure.Object("centrifuge", required: false, ["speed"], "{ \"speed\": \"2400 rpm\" }") is { } node
            ? node.Quantity("speed", required: true, ScenarioLimits.CentrifugeSpeed)
            : null;

    // Magnesium is given continuously (mmol/h) or per mL of anticoagulant (the NIH regimen: 0.2 mg
    // of magnesium per mL of ACD-A), not both; a citrate infusion has no anticoagulant to follow.
    private static (SubstanceRate? Infusion, SubstanceConcentration? PerAc) ReadMagnesium(ObjectNode procedure, ProcedureKind? kind, Diagnostics d)
    {
        if (procedure.Object("magnesiumProphylaxis", required: false, ["infusion", "perAc"], "{ \"infusion\": \"0.5 mmol/h\" } or { \"perAc\": \"0.2 mg/mL\" }") is not { } node)
        {
            return (null, null);
        }

        if (node.Has("infusion") == node.Has("perAc"))
        {
            d.Error(node.Path, "give one dose: \"infusion\" (continuous, e.g. \"0.5 mmol/h\") or \"perAc\" (per mL of anticoagulant, e.g. \"0.2 mg/mL\" of magnesium)");
            return (null, null);
        }

        if (node.Has("perAc") && kind == ProcedureKind.CitrateInfusion)
        {
            d.Error(ObjectNode.Child(node.Path, "perAc"), "follows the anticoagulant pump, and a citrate infusion has none; give \"infusion\" (mmol/h) instead");
            return (null, null);
        }

        return (node.Quantity("infusion", required: false, ScenarioLimits.MagnesiumInfusion),
            node.Quantity("perAc", required: false, ScenarioLimits.MagnesiumPerAc, t => SubstanceConcentration.Parse(t, Substance.Magnesium)));
    }

    // Heparin is added to the anticoagulant (IU per mL of AC), with an optional bolus at connection
    // in IU or IU/kg. A citrate infusion has no anticoagulant to add it to.
    private static HeparinRegimen? ReadHeparin(ObjectNode procedure, ProcedureKind? kind, Diagnostics d)
    {
        if (procedure.Object("heparin", required: false, ["perAc", "bolus"], "{ \"perAc\": \"6 IU/mL\", \"bolus\": \"40 IU/kg\" }") is not { } node)
        {
            return null;
        }

        if (kind == ProcedureKind.CitrateInfusion)
        {
            d.Error(node.Path, "is added to the anticoagulant, and a citrate infusion has none; leave it out");
            return null;
        }

        var perAc = node.Quantity("perAc", required: true, ScenarioLimits.HeparinPerAc);
        Activity? bolus = null;
        ActivityPerBodyMass? bolusPerKg = null;
        if (node.Has("bolus"))
        {
            // One field, two units: a dose in IU, or one by weight in IU/kg.
            if (node.Peek("bolus") is not { } text)
            {
                d.Error(ObjectNode.Child(node.Path, "bolus"), HeparinText.BolusForms);
            }
            else if (text.TrimEnd().EndsWith("/kg", StringComparison.OrdinalIgnoreCase))
            {
                bolusPerKg = node.Quantity("bolus", required: true, ScenarioLimits.HeparinBolusPerKg);
            }
            else
            {
                bolus = node.Quantity("bolus", required: true, ScenarioLimits.HeparinBolus, HeparinText.ParseBolus);
            }
        }

        return perAc is { } p ? new HeparinRegimen(p, bolus, bolusPerKg) : null;
    }

    private static CalciumProphylaxis? ReadCalcium(ObjectNode procedure) =>
        procedure.Object("calciumProphylaxis", required: false, ["infusion"], "{ \"infusion\": \"1.8 mmol/h\" }") is { } node
            && node.Quantity("infusion", required: true, ScenarioLimits.CalciumInfusion) is { } rate
            ? new CalciumProphylaxis(rate)
            : null;
}
