using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Formats;

/// <summary>
/// One change to a typed scenario, named by its scenario-file path and read from the value a data
/// file gives for it (validation cases vary inputs this way). The value is parsed and checked
/// against the field's hard limits once, when the edit is made; applying it is a plain
/// <c>with</c> on the typed scenario, never a re-parse.
/// </summary>
/// <param name="Path">The scenario-file path, e.g. <c>patient.labs.wbc</c>.</param>
/// <param name="Text">The value as the data file wrote it.</param>
/// <param name="Apply">The change.</param>
public sealed record ScenarioEdit(string Path, string Text, Func<Scenario, Scenario> Apply)
{
    /// <summary>The paths an edit can name.</summary>
    public static IReadOnlyList<string> Paths { get; } =
    [
        "patient.sex", "patient.ageYears", "patient.height", "patient.weight", "patient.diagnosis", "patient.labs.wbc", "patient.labs.differential", "patient.labs.hematocrit", "patient.labs.platelets", "patient.labs.cd34",
        "procedure.inletFlow", "procedure.collectFlow", "procedure.inletToAcRatio", "procedure.prime", "procedure.calciumProphylaxis", "procedure.calciumProphylaxis.infusion", "procedure.magnesiumProphylaxis.infusion", "procedure.magnesiumProphylaxis.perAc", "procedure.sampleVolume", "procedure.setVolume", "procedure.heparin.perAc", "procedure.heparin.bolus",
        "procedure.device", "procedure.collectHematocrit", "procedure.anticoagulant", "procedure.stop.bloodVolumes", "procedure.stop.duration", "procedure.stop.processedVolume",
    ];

    /// <summary>The edit that sets <paramref name="path"/> to <paramref name="value"/>; <see cref="FormatException"/> naming the path when either is not valid.</summary>
    public static ScenarioEdit Parse(string path, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "null";
        // Each value is read now, so that a bad value fails when the data file is read; the change is applied later.
        Func<Scenario, Scenario> apply = path switch
        {
            "patient.sex" => Set(Word(path, value, ScenarioWords.Sexes), (s, x) => s with { Patient = s.Patient with { Sex = x } }),
            "patient.ageYears" => Set(Number(path, value, 0, ScenarioLimits.MaxAgeYears), (s, x) => s with { Patient = s.Patient with { AgeYears = x } }),
            "patient.height" => Set(Q(path, value, ScenarioLimits.Height), (s, x) => s with { Patient = s.Patient with { Height = x } }),
            "patient.labs.differential" => Set(Differential(path, value), (s, x) => Labs(s, l => l with { Differential = x, DifferentialAssumed = false })),
            "procedure.prime" => Set(Word(path, value, ScenarioWords.Primes), (s, x) => Procedure(s, p => p with { Prime = x, PrimeHematocrit = x == PrimeFluid.RedCells ? p.PrimeHematocrit : null })),
            "procedure.device" => Set(SeparatorDevice.All[Word(path, value, ScenarioWords.Devices)], WithDevice),
            "procedure.anticoagulant" => Set(Anticoagulant.All[Word(path, value, ScenarioWords.Anticoagulants)], (s, x) => Procedure(s, p => p with { Anticoagulant = x })),
            "procedure.collectHematocrit" => Set(Q(path, value, ScenarioLimits.CollectHematocrit), WithCollectHematocrit),
            "patient.weight" => Set(Q(path, value, ScenarioLimits.Weight), (s, x) => s with { Patient = s.Patient with { Weight = x } }),
            "patient.diagnosis" => Set(Word(path, value, ScenarioWords.Diagnoses), (s, x) => s with { Patient = s.Patient with { Diagnosis = x, Labs = s.Patient.Labs.DifferentialAssumed ? s.Patient.Labs with { Differential = Leuka.Patients.Differential.TypicalFor(x) } : s.Patient.Labs } }),
            "patient.labs.wbc" => Set(Q(path, value, ScenarioLimits.Wbc), (s, x) => Labs(s, l => l with { Wbc = x })),
            "patient.labs.hematocrit" => Set(Q(path, value, ScenarioLimits.Hematocrit), (s, x) => Labs(s, l => l with { Hematocrit = x })),
            "patient.labs.platelets" => Set(Q(path, value, ScenarioLimits.Platelets), (s, x) => Labs(s, l => l with { Platelets = x })),
            "patient.labs.cd34" => Set(Q(path, value, ScenarioLimits.Subset), (s, x) => Labs(s, l => l with { Cd34 = x })),
            "procedure.inletFlow" => Set(Q(path, value, ScenarioLimits.InletFlow), (s, x) => Procedure(s, p => p with { InletFlow = x })),
            "procedure.collectFlow" => Set(Q(path, value, ScenarioLimits.CollectFlow), (s, x) => Procedure(s, p => p with { CollectFlow = x })),
            "procedure.inletToAcRatio" => Set(Number(path, value, ScenarioLimits.MinInletToAcRatio, ScenarioLimits.MaxInletToAcRatio), (s, x) => Procedure(s, p => p with { InletToAcRatio = x })),
            "procedure.calciumProphylaxis" => Set(Q(path + ".infusion", value?["infusion"], ScenarioLimits.CalciumInfusion), (s, x) => Procedure(s, p => p with { CalciumProphylaxis = new CalciumProphylaxis(x) })),
            "procedure.calciumProphylaxis.infusion" => Set(Q(path, value, ScenarioLimits.CalciumInfusion), (s, x) => Procedure(s, p => p with { CalciumProphylaxis = new CalciumProphylaxis(x) })),
            "procedure.magnesiumProphylaxis.infusion" => Set(Q(path, value, ScenarioLimits.MagnesiumInfusion), (s, x) => Procedure(s, p => p with { MagnesiumInfusion = x, MagnesiumPerAc = null })),
            "procedure.magnesiumProphylaxis.perAc" => Set(Q(path, value, ScenarioLimits.MagnesiumPerAc, t => SubstanceConcentration.Parse(t, Substance.Magnesium)), (s, x) => Procedure(s, p => p with { MagnesiumPerAc = x, MagnesiumInfusion = null })),
            "procedure.sampleVolume" => Set(Q(path, value, ScenarioLimits.SampleVolume), (s, x) => Procedure(s, p => p with { SampleVolume = x })),
            "procedure.setVolume" => Set(Q(path, value, ScenarioLimits.SetVolume), (s, x) => Procedure(s, p => p with { SetVolume = x })),
            "procedure.heparin.perAc" => Set(Q(path, value, ScenarioLimits.HeparinPerAc), (s, x) => WithHeparin(s, h => (h ?? new HeparinRegimen(x)) with { PerAc = x })),
            "procedure.heparin.bolus" => HeparinBolus(path, value),
            "procedure.stop.bloodVolumes" => Set(Number(path, value, 0.1, ScenarioLimits.MaxBloodVolumes), (s, x) => Procedure(s, p => p with { Stop = new BloodVolumesStop(x) })),
            "procedure.stop.duration" => Set(Q(path, value, ScenarioLimits.RunDuration), (s, x) => Procedure(s, p => p with { Stop = new DurationStop(x) })),
            "procedure.stop.processedVolume" => Set(Q(path, value, ScenarioLimits.ProcessedVolume), (s, x) => Procedure(s, p => p with { Stop = new ProcessedVolumeStop(x) })),
            _ => throw new FormatException($"{path}: cannot be varied; the paths that can: {string.Join(", ", Paths)}"),
        };

        return new ScenarioEdit(path, text, apply);
    }

    /// <summary><c>path = value</c>.</summary>
    public override string ToString() => Path + " = " + Text;

    private static Func<Scenario, Scenario> Set<T>(T value, Func<Scenario, T, Scenario> change) => s => change(s, value);

    // The reader's rules for a device, applied to the scenario it edits: a protocol for the right
    // kind, a collect-line set point only with collect control, and the device's collection mode
    // unless the file chose one.
    // The collect preference a nurse sets at the machine: only a device with collect control has one.
    private static Scenario WithCollectHematocrit(Scenario s, Fraction hct)
    {
        var p = s.Procedure;
        if (p.DeviceUsed.CollectHematocrit is null)
        {
            throw new FormatException($"procedure.collectHematocrit: {DeviceRules.NoCollectControl} (the scenario's device is \"{p.DeviceUsed.Word}\")");
        }

        return s with { Procedure = p with { CollectHematocrit = hct } };
    }

    private static Scenario WithDevice(Scenario s, SeparatorDevice device)
    {
        var p = s.Procedure;
        if (DeviceRules.ForKind(device, p.Kind) is { } kindProblem)
        {
            throw new FormatException($"procedure.device: {kindProblem}");
        }

        if (device.CollectHematocrit is null && (p.CollectHematocrit is not null || s.Events.Any(e => e.Action is SetAction { CollectHematocrit: not null })))
        {
            throw new FormatException($"procedure.collectHematocrit: {DeviceRules.NoCollectControl} (the edit set procedure.device to \"{device.Word}\")");
        }

        var chosen = !p.Defaulted.Contains("collectionMode");
        if (chosen && DeviceRules.ForMode(device, p.CollectionMode) is { } modeProblem)
        {
            throw new FormatException($"procedure.collectionMode: {modeProblem} (the edit set procedure.device to \"{device.Word}\")");
        }

        return Procedure(s, x => x with { Device = device, CollectionMode = chosen ? x.CollectionMode : device.Mode ?? ProtocolDefaults.For(x.Kind).CollectionMode });
    }

    // Heparin is added to the anticoagulant: a citrate infusion has none to add it to.
    private static Scenario WithHeparin(Scenario s, Func<HeparinRegimen?, HeparinRegimen> change) =>
        s.Procedure.Kind == ProcedureKind.CitrateInfusion
            ? throw new FormatException("procedure.heparin: is added to the anticoagulant, and a citrate infusion (procedure.kind) has none")
            : Procedure(s, p => p with { Heparin = change(p.Heparin) });

    // A bolus in IU or by weight in IU/kg; it needs heparin in the AC (procedure.heparin.perAc) to go with.
    private static Func<Scenario, Scenario> HeparinBolus(string path, JsonNode? value)
    {
        var perKg = value is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimEnd().EndsWith("/kg", StringComparison.OrdinalIgnoreCase);
        HeparinRegimen Given(HeparinRegimen? h) => h ?? throw new FormatException("procedure.heparin.bolus: give procedure.heparin.perAc first (the bolus goes with heparin in the AC)");
        if (perKg)
        {
            var dose = Q(path, value, ScenarioLimits.HeparinBolusPerKg);
            return s => WithHeparin(s, h => Given(h) with { Bolus = null, BolusPerKg = dose });
        }

        var units = Q(path, value, ScenarioLimits.HeparinBolus, HeparinText.ParseBolus);
        return s => WithHeparin(s, h => Given(h) with { BolusPerKg = null, Bolus = units });
    }

    private static Scenario Labs(Scenario s, Func<Labs, Labs> change) => s with { Patient = s.Patient with { Labs = change(s.Patient.Labs) } };

    private static Scenario Procedure(Scenario s, Func<ProcedureSettings, ProcedureSettings> change) => s with { Procedure = change(s.Procedure) };

    private static T Q<T>(string path, JsonNode? value, Limit<T> limit, Func<string?, ParseResult<T>>? parse = null)
        where T : struct, IQuantity<T>
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (text is null)
        {
            throw new FormatException($"{path}: expected a {T.Units.Kind} as a string with its unit, e.g. \"{T.Units.Example}\"; found {value?.ToJsonString() ?? "nothing"}");
        }

        var parsed = (parse ?? T.Parse)(text);
        if (!parsed.TryGetValue(out var q))
        {
            throw new FormatException($"{path}: {parsed.Error}");
        }

        return limit.Contains(q) ? q : throw new FormatException($"{path}: {q} is outside {limit.HardMin} – {limit.HardMax} ({limit.Why})");
    }

    // As the scenario file reads it: classes left out count as 0 %, and they sum to 100 % ± 2 %.
    private static Differential Differential(string path, JsonNode? value)
    {
        if (value is not JsonObject o)
        {
            throw new FormatException($"{path}: expected an object of white-cell classes, e.g. {{ \"blasts\": \"85 %\", \"neutrophils\": \"15 %\" }}");
        }

        string[] classes = ["neutrophils", "lymphocytes", "monocytes", "eosinophils", "basophils", "blasts", "immatureGranulocytes"];
        foreach (var (key, _) in o)
        {
            if (!classes.Contains(key))
            {
                throw new FormatException($"{path}.{key}: not a white-cell class; the classes: {string.Join(", ", classes)}");
            }
        }

        var whole = new Limit<Fraction>(Fraction.Zero, Fraction.FromPercent(100), "a share of the white cells");
        var f = classes.Select(c => o.ContainsKey(c) ? Q(path + "." + c, o[c], whole) : Fraction.Zero).ToArray();
        var differential = new Differential(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
        var total = differential.Total.Percent;
        return differential.SumsToWhole
            ? differential
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{path}: the classes sum to {total:0.##} %; they must sum to 100 % ± 2 %"));
    }

    private static double Number(string path, JsonNode? value, double min, double max)
    {
        // Any JSON number, whatever type the node was built from (an int from code is a number too).
        double x;
        if (value is not JsonValue v || !(v.TryGetValue(out x) || (v.GetValueKind() == JsonValueKind.Number && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out x))))
        {
            throw new FormatException($"{path}: expected a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; found {value?.ToJsonString() ?? "nothing"}");
        }

        return x >= min && x <= max ? x : throw new FormatException($"{path}: {x.ToString(CultureInfo.InvariantCulture)} is outside {min.ToString(CultureInfo.InvariantCulture)} – {max.ToString(CultureInfo.InvariantCulture)}");
    }

    private static TEnum Word<TEnum>(string path, JsonNode? value, (string Word, TEnum Value)[] words)
    {
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        foreach (var (word, e) in words)
        {
            if (word == text)
            {
                return e;
            }
        }

        throw new FormatException($"{path}: expected one of {string.Join(", ", words.Select(w => w.Word))}; found {value?.ToJsonString() ?? "nothing"}");
    }
}
