using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Formats;
using Leuka.Patients;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Records;

/// <summary>One patient's current records, oldest first.</summary>
public sealed record PatientTimeline(
    PatientRow Patient,
    IReadOnlyList<CourseRow> Courses,
    IReadOnlyList<LabRow> Labs,
    IReadOnlyList<ProcedureRow> Procedures,
    IReadOnlyList<ProductRow> Products,
    IReadOnlyList<AdverseEventRow> AdverseEvents,
    IReadOnlyList<CalibrationRow> Calibrations)
{
    /// <summary>The newest value of an analyte, or null.</summary>
    public LabRow? Newest(string analyte) => Labs.Where(l => l.Analyte == analyte).MaxBy(l => l.TakenAt);
}

/// <summary>A calibration and what it changes for the next session.</summary>
/// <param name="Fit">The posterior.</param>
/// <param name="Observed">The procedures it was fitted to.</param>
/// <param name="Next">The next session's scenario: the last procedure's settings, the newest labs, and the patient's calibrated variation.</param>
/// <param name="Typical">The next session's post-procedure WBC for patients like this one (the priors).</param>
/// <param name="Calibrated">The same for this patient (the posterior).</param>
/// <param name="Stored">The calibration record written.</param>
public sealed record CalibrationOutcome(CalibrationResult Fit, IReadOnlyList<ObservedProcedure> Observed, Scenario Next, WbcPrediction Typical, WbcPrediction Calibrated, CalibrationRow Stored);

/// <summary>Reads a patient's records, exports them, and calibrates the model to them.</summary>
public static class PatientRecords
{
    /// <summary>Counts later than this after a procedure's end are not used as its follow-up.</summary>
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromHours(72);

    /// <summary>Leuka's version, as calibrations record it.</summary>
    public static string EngineVersion { get; } =
        typeof(PatientCalibration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>The patient with this identifier (or record id) and their current records; <see cref="RecordInputException"/> when there is none.</summary>
    public static PatientTimeline Timeline(RecordStore store, string patient)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.Read(db =>
        {
            var p = RecordWriter.Current(db.Patients).FirstOrDefault(x => x.Identifier == patient)
                ?? (Guid.TryParse(patient, out var id) ? RecordWriter.Current(db.Patients).FirstOrDefault(x => x.RecordId == id) : null)
                ?? throw new RecordInputException("patient", $"no current patient \"{patient}\" (give the identifier or record id; 'leuka records list' shows them)");
            var pid = p.RecordId;
            return new PatientTimeline(
                p,
                [.. RecordWriter.Current(db.Courses).Where(x => x.PatientId == pid).OrderBy(x => x.StartDate)],
                [.. RecordWriter.Current(db.Labs).Where(x => x.PatientId == pid).OrderBy(x => x.TakenAt).ThenBy(x => x.Analyte)],
                [.. RecordWriter.Current(db.Procedures).Where(x => x.PatientId == pid).OrderBy(x => x.StartedAt)],
                [.. RecordWriter.Current(db.Products).Where(x => x.PatientId == pid)],
                [.. RecordWriter.Current(db.AdverseEvents).Where(x => x.PatientId == pid).OrderBy(x => x.OccurredAt)],
                [.. RecordWriter.Current(db.Calibrations).Where(x => x.PatientId == pid).OrderBy(x => x.RecordedAt)]);
        });
    }

    /// <summary>The patient's current records as a record file (<c>leuka records add</c> reads it back).</summary>
    public static string Export(PatientTimeline t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var p = t.Patient;
        var root = new JsonObject
        {
            ["patient"] = new JsonObject
            {
                ["identifier"] = p.Identifier,
                ["sex"] = p.Sex,
                ["birthDate"] = p.BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["height"] = Num(p.HeightCm) + " cm",
                ["weight"] = Num(p.WeightKg) + " kg",
                ["diagnosis"] = p.Diagnosis,
            },
        };
        if (t.Courses.Count > 0)
        {
            var c = t.Courses[^1];
            root["course"] = new JsonObject { ["indication"] = c.Indication, ["goal"] = c.Goal, ["mobilisation"] = c.Mobilisation, ["startDate"] = c.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        }

        // One panel per time; a second result for the same analyte at the same time goes into a panel of its own.
        var panels = new List<JsonObject>();
        foreach (var g in t.Labs.GroupBy(l => l.TakenAt))
        {
            var mine = new List<JsonObject>();
            foreach (var l in g)
            {
                var panel = mine.FirstOrDefault(x => !x.ContainsKey(l.Analyte));
                if (panel is null)
                {
                    panel = new JsonObject { ["takenAt"] = Time(g.Key) };
                    mine.Add(panel);
                }

                panel[l.Analyte] = Num(l.Value) + " " + l.Unit;
            }

            panels.AddRange(mine);
        }

        root["labs"] = new JsonArray([.. panels]);
        root["procedures"] = new JsonArray([.. t.Procedures.Select(x =>
        {
            var o = new JsonObject
            {
                ["startedAt"] = Time(x.StartedAt),
                ["origin"] = x.Origin,
                ["scenario"] = JsonNode.Parse(x.Scenario),
                ["processedVolume"] = Num(x.ProcessedVolumeL) + " L",
                ["duration"] = Num(x.DurationMin) + " min",
                ["acVolume"] = Num(x.AcVolumeMl) + " mL",
                ["calciumGiven"] = Num(x.CalciumGivenMmol) + " mmol",
                ["interruptions"] = x.Interruptions,
                ["runLog"] = JsonNode.Parse(x.RunLog),
            };
            Optional(o, "disposableLot", x.DisposableLot);
            Optional(o, "anticoagulantLot", x.AnticoagulantLot);
            Optional(o, "operator", x.Operator);
            if (x.HeparinGivenIu is { } heparin)
            {
                o["heparinGiven"] = Num(heparin) + " IU";
            }

            if (t.Products.FirstOrDefault(y => y.ProcedureId == x.RecordId) is { } pr)
            {
                var po = new JsonObject { ["volume"] = Num(pr.VolumeMl) + " mL" };
                Optional(po, "hematocrit", pr.HematocritPercent is { } h ? Num(h) + " %" : null);
                Optional(po, "wbc", pr.WbcE9 is { } w ? Num(w) + " x10^9" : null);
                Optional(po, "cd34", pr.Cd34E6 is { } c34 ? Num(c34) + " x10^6" : null);
                Optional(po, "cd3", pr.Cd3E9 is { } c3 ? Num(c3) + " x10^9" : null);
                Optional(po, "platelets", pr.PlateletsE9 is { } pl ? Num(pl) + " x10^9" : null);
                Optional(po, "isbt128", pr.Isbt128);
                o["product"] = po;
            }

            o["adverseEvents"] = new JsonArray([.. t.AdverseEvents.Where(e => e.ProcedureId == x.RecordId).Select(Event)]);
            return (JsonNode)o;
        })]);
        // Events of a procedure that is no longer current stay with the patient.
        root["adverseEvents"] = new JsonArray([.. t.AdverseEvents.Where(e => e.ProcedureId is not { } pid || t.Procedures.All(x => x.RecordId != pid)).Select(Event)]);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// The patient's procedures as observations: each scenario run to the volume actually
    /// processed, the WBC counts from its end until the next procedure (at most 72 h), and the
    /// product's measured content. Only procedures as entered (what happened) count: runs recorded
    /// from a simulation are neither observations nor the end of another's follow-up.
    /// </summary>
    public static IReadOnlyList<ObservedProcedure> Observations(PatientTimeline t) => Observed(t).Select(x => x.Observed).ToList();

    /// <summary>As <see cref="Observations"/>, with the procedure each came from, and the procedures whose stored scenario this version cannot read.</summary>
    public static IReadOnlyList<(ProcedureRow Procedure, int Number, ObservedProcedure Observed)> Observed(PatientTimeline t) => Observed(t, out _);

    /// <summary>As <see cref="Observations"/>, with the procedure each came from (and its number in the course), and the procedures skipped because their stored scenario no longer loads.</summary>
    public static IReadOnlyList<(ProcedureRow Procedure, int Number, ObservedProcedure Observed)> Observed(PatientTimeline t, out IReadOnlyList<ProcedureRow> unreadable)
    {
        ArgumentNullException.ThrowIfNull(t);
        var list = new List<(ProcedureRow, int, ObservedProcedure)>();
        var skipped = new List<ProcedureRow>();
        var entered = t.Procedures.Where(p => p.Origin == "entered").ToList();
        for (var i = 0; i < entered.Count; i++)
        {
            var x = entered[i];
            var end = x.StartedAt.AddMinutes(x.DurationMin);
            var until = i + 1 < entered.Count ? Min(entered[i + 1].StartedAt, end + FollowUpWindow) : end + FollowUpWindow;
            var counts = t.Labs.Where(l => l.Analyte == "wbc" && l.TakenAt >= end && l.TakenAt < until)
                .Select(l => new FollowUpCount(Duration.FromMinutes((l.TakenAt - end).TotalMinutes), CellConcentration.FromE9PerLiter(l.Value))).ToList();
            var product = t.Products.FirstOrDefault(p => p.ProcedureId == x.RecordId) is { } pr ? new ProductCounts(pr.WbcE9, pr.Cd3E9, pr.Cd34E6) : null;
            if (counts.Count == 0 && product is null)
            {
                continue;
            }

            if (ScenarioLoader.Load(x.Scenario).Scenario is not { } scenario)
            {
                skipped.Add(x);
                continue;
            }

            scenario = scenario with { Procedure = scenario.Procedure with { Stop = new ProcessedVolumeStop(Volume.FromLiters(x.ProcessedVolumeL)) }, Course = null };
            list.Add((x, t.Procedures.ToList().IndexOf(x) + 1, new ObservedProcedure(scenario, counts, product)));
        }

        unreadable = skipped;
        return list;
    }

    /// <summary>
    /// The separator cache calibration and its predictions use, so that the counts shown beside the
    /// measured ones are computed as the calibration computed them: a coarser cache for the many
    /// draws (within 0.02 of the reference grid in every efficiency, tested), its channel states from
    /// the response grid's shared nodes (bounded against the full solve in SeparatorResponseTests):
    /// each draw's blastVolume makes its own blood, which would otherwise settle anew.
    /// </summary>
    public static SeparatorCache CalibrationCache() => new(SeparatorModel.Default, 0.1, ResponseGrid.Default);

    /// <summary>Fits the patient's parameters to their records, stores the calibration, and predicts the next session with and without it.</summary>
    public static CalibrationOutcome Calibrate(RecordStore store, string patient, string actor, int draws = 300, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(store);
        var t = Timeline(store, patient);
        var used = Observed(t, out var unreadable);
        var observed = used.Select(x => x.Observed).ToList();
        if (observed.Count == 0)
        {
            throw new RecordInputException("patient", $"\"{t.Patient.Identifier}\" has no procedure with a WBC count after it or a measured product: nothing to calibrate to");
        }

        var cache = CalibrationCache();
        var fit = PatientCalibration.Fit(observed, draws, seed, cache);
        var next = NextSession(t, fit);
        var typical = PatientCalibration.PredictWbcAfter(next, null, seed: seed, cache: cache);
        var calibrated = PatientCalibration.PredictWbcAfter(next, fit, seed: seed, cache: cache);
        var posterior = new JsonObject
        {
            ["method"] = "importance sampling, two stages (docs/records.md)",
            ["draws"] = draws,
            ["seed"] = seed,
            ["effectiveSampleSize"] = Math.Round(fit.EffectiveSampleSize, 1),
            ["parameters"] = new JsonArray([.. fit.Parameters.Select(p => (JsonNode)new JsonObject
            {
                ["name"] = p.Name, ["acts"] = p.Acts, ["median"] = Math.Round(p.Median, 3), ["low95"] = Math.Round(p.Low, 3), ["high95"] = Math.Round(p.High, 3),
                ["priorLow95"] = Math.Round(p.PriorLow, 3), ["priorHigh95"] = Math.Round(p.PriorHigh, 3),
            })]),
            ["nextSession"] = new JsonObject
            {
                ["typical"] = Prediction(typical),
                ["calibrated"] = Prediction(calibrated),
            },
        };
        // Exactly what went into the fit: the procedures and the counts after them, by version.
        var observations = new JsonArray([.. used.SelectMany(x =>
        {
            var end = x.Procedure.StartedAt.AddMinutes(x.Procedure.DurationMin);
            var labs = x.Observed.Counts.Select(c => t.Labs.First(l => l.Analyte == "wbc" && Math.Abs((l.TakenAt - end).TotalMinutes - c.AfterEnd.Minutes) < 1e-6 && l.Value == c.Wbc.E9PerLiter));
            return new[] { (JsonNode)new JsonObject { ["procedure"] = x.Procedure.RecordId.ToString(), ["version"] = x.Procedure.Version } }
                .Concat(labs.Select(l => (JsonNode)new JsonObject { ["lab"] = l.RecordId.ToString(), ["version"] = l.Version }));
        })]);
        if (unreadable.Count > 0)
        {
            posterior["skipped"] = new JsonArray([.. unreadable.Select(x => (JsonNode)$"procedure {x.RecordId}: its scenario no longer loads in this version")]);
        }

        var row = store.Write(actor, w => w.Find<PatientRow>(t.Patient.RecordId) is null
            ? throw new RecordInputException("patient", $"\"{patient}\" was voided meanwhile")
            : w.Create(new CalibrationRow
        {
            PatientId = t.Patient.RecordId,
            EngineVersion = EngineVersion,
            Posterior = posterior.ToJsonString(),
            Observations = observations.ToJsonString(),
        }));
        return new CalibrationOutcome(fit, observed, next, typical, calibrated, row);
    }

    /// <summary>The next session: the last procedure's scenario with the newest counts and this patient's calibrated variation.</summary>
    public static Scenario NextSession(PatientTimeline t, CalibrationResult fit)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(fit);
        var lastDone = t.Procedures.Last(p => p.Origin == "entered");
        var last = ScenarioLoader.Load(lastDone.Scenario).Scenario
            ?? throw new RecordInputException("patient", $"the last procedure's scenario ({lastDone.RecordId}) no longer loads in this version of Leuka");
        foreach (var (analyte, path) in new[] { ("wbc", "patient.labs.wbc"), ("hematocrit", "patient.labs.hematocrit"), ("platelets", "patient.labs.platelets") })
        {
            if (t.Newest(analyte) is { } lab && lab.TakenAt > lastDone.StartedAt)
            {
                last = ScenarioEdit.Parse(path, JsonValue.Create($"{Num(lab.Value)} {lab.Unit}")).Apply(last);
            }
        }

        return PatientCalibration.WithVariation(last with { Name = $"{t.Patient.Identifier}: next session (calibrated)", Course = null }, fit.Median);
    }

    /// <summary>
    /// The posterior medians a stored calibration holds, read by parameter name: a calibration
    /// stored when there were fewer random effects still reads, with the missing ones typical (1).
    /// Null when it holds none that Leuka knows.
    /// </summary>
    public static PatientVariation? CalibratedVariation(CalibrationRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (JsonNode.Parse(row.Posterior)?["parameters"] is not JsonArray parameters)
        {
            return null;
        }

        var medians = parameters.OfType<JsonObject>()
            .Where(p => p["name"] is JsonValue && p["median"] is JsonValue)
            .ToDictionary(p => p["name"]!.GetValue<string>(), p => p["median"]!.GetValue<double>());
        var values = PatientVariation.Priors.Select(prior => medians.GetValueOrDefault(prior.Name, 1)).ToArray();
        return PatientVariation.Priors.Any(prior => medians.ContainsKey(prior.Name)) ? PatientVariation.From(values) : null;
    }

    private static JsonObject Prediction(WbcPrediction p) => new()
    {
        ["wbcAfterMedian"] = Math.Round(p.MedianE9PerL, 1),
        ["wbcAfterLow95"] = Math.Round(p.LowE9PerL, 1),
        ["wbcAfterHigh95"] = Math.Round(p.HighE9PerL, 1),
    };

    private static JsonNode Event(AdverseEventRow e)
    {
        var o = new JsonObject { ["occurredAt"] = Time(e.OccurredAt), ["type"] = e.Type, ["waaSeverity"] = e.WaaSeverity, ["ctcaeGrade"] = e.CtcaeGrade, ["interrupted"] = e.Interrupted };
        Optional(o, "intervention", e.Intervention);
        Optional(o, "outcome", e.Outcome);
        return o;
    }

    private static void Optional(JsonObject o, string key, string? value)
    {
        if (value is not null)
        {
            o[key] = value;
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static string Time(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
