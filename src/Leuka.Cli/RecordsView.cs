using System.Globalization;
using Leuka.Patients;
using Leuka.Planning;
using Leuka.Records;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>What <c>leuka records show</c> and <c>leuka records calibrate</c> print.</summary>
internal static class RecordsView
{
    private static string F(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);

    private static string T(DateTime t) => t.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    public static void Show(PatientTimeline t, IAnsiConsole console, TextWriter stdout)
    {
        var p = t.Patient;
        stdout.WriteLine($"{p.Identifier} ({p.RecordId}): {p.Sex}, born {p.BirthDate:yyyy-MM-dd}, {F(p.HeightCm)} cm, {F(p.WeightKg)} kg, diagnosis {p.Diagnosis}");
        foreach (var c in t.Courses)
        {
            stdout.WriteLine($"course from {c.StartDate:yyyy-MM-dd}: {c.Indication}; goal: {c.Goal}{(c.Mobilisation is null ? "" : "; with " + c.Mobilisation)}");
        }

        var labs = new Table().AddColumns("taken", "analyte", "value", "unit", "LOINC", "record id");
        foreach (var l in t.Labs)
        {
            labs.AddRow(T(l.TakenAt), l.Analyte, F(l.Value, "0.###"), Markup.Escape(l.Unit), l.Loinc, l.RecordId.ToString());
        }

        console.Write(labs);
        var procedures = new Table().AddColumns("started", "processed L", "min", "AC mL", "Ca mmol", "product", "adverse events", "record id");
        foreach (var x in t.Procedures)
        {
            var product = t.Products.FirstOrDefault(y => y.ProcedureId == x.RecordId);
            var events = t.AdverseEvents.Where(e => e.ProcedureId == x.RecordId).Select(e => $"{e.Type} (WAA {e.WaaSeverity}, CTCAE {e.CtcaeGrade})");
            procedures.AddRow(T(x.StartedAt), F(x.ProcessedVolumeL), F(x.DurationMin, "0"), F(x.AcVolumeMl, "0"), F(x.CalciumGivenMmol),
                product is null ? "–" : Markup.Escape($"{F(product.VolumeMl, "0")} mL, WBC {(product.WbcE9 is { } w ? F(w) + " ×10^9" : "–")}, CD3 {(product.Cd3E9 is { } c3 ? F(c3, "0.##") + " ×10^9" : "–")}"),
                Markup.Escape(string.Join("; ", events)), x.RecordId.ToString());
        }

        console.Write(procedures);
        foreach (var e in t.AdverseEvents.Where(e => e.ProcedureId is null))
        {
            stdout.WriteLine($"adverse event {T(e.OccurredAt)}: {e.Type}, WAA {e.WaaSeverity}, CTCAE {e.CtcaeGrade}");
        }

        FollowUp(t, console);
        if (t.Calibrations.Count > 0)
        {
            var c = t.Calibrations[^1];
            stdout.WriteLine($"latest calibration {T(c.RecordedAt)} by {c.RecordedBy} (Leuka {c.EngineVersion}): {c.Posterior}");
        }
    }

    // Each follow-up count beside what the model predicted for it: the typical patient, and this
    // patient's latest calibration when there is one.
    private static void FollowUp(PatientTimeline t, IAnsiConsole console)
    {
        var observed = PatientRecords.Observed(t).Where(x => x.Observed.Counts.Count > 0).ToList();
        if (observed.Count == 0)
        {
            return;
        }

        var calibrated = t.Calibrations.Count > 0 ? PatientRecords.CalibratedVariation(t.Calibrations[^1]) : null;
        var cache = PatientRecords.CalibrationCache();
        var table = new Table().Title("WBC after each procedure: measured and predicted (×10^9/L)").AddColumns("procedure", "hours after its end", "measured", "typical patient", calibrated is null ? "calibrated: none yet" : "this patient (calibrated)");
        foreach (var (_, number, o) in observed)
        {
            var times = o.Counts.Select(c => c.AfterEnd).ToList();
            var typical = PatientCalibration.Predict(o.Scenario, PatientVariation.Typical, times, cache);
            var own = calibrated is null ? null : PatientCalibration.Predict(o.Scenario, calibrated, times, cache);
            for (var k = 0; k < o.Counts.Count; k++)
            {
                table.AddRow(number.ToString(CultureInfo.InvariantCulture), F(o.Counts[k].AfterEnd.Hours), F(o.Counts[k].Wbc.E9PerLiter), F(typical[k]), own is null ? "–" : F(own[k]));
            }
        }

        console.Write(table);
    }

    public static void Calibration(CalibrationOutcome outcome, IAnsiConsole console, TextWriter stdout)
    {
        var fit = outcome.Fit;
        stdout.WriteLine($"calibrated on {outcome.Observed.Count} procedures and {fit.Observations} measured values; {fit.Samples.Length} draws, effective sample size {F(fit.EffectiveSampleSize)}");
        var table = new Table().AddColumns("parameter", "acts on", "prior 95 %", "this patient: median", "95 %", "interval vs prior");
        foreach (var p in fit.Parameters)
        {
            table.AddRow(p.Name, Markup.Escape(p.Acts), $"{F(p.PriorLow, "0.00")}–{F(p.PriorHigh, "0.00")}", F(p.Median, "0.00"), $"{F(p.Low, "0.00")}–{F(p.High, "0.00")}", F(100 * p.Narrowing, "0") + " %");
        }

        console.Write(table);
        var (a, b) = (outcome.Typical, outcome.Calibrated);
        stdout.WriteLine($"next session ({outcome.Next.Name}): WBC after, typical patient {F(a.MedianE9PerL)} ({F(a.LowE9PerL)}–{F(a.HighE9PerL)}) ×10^9/L; this patient {F(b.MedianE9PerL)} ({F(b.LowE9PerL)}–{F(b.HighE9PerL)}); 95 % interval {F(100 * (b.HighE9PerL - b.LowE9PerL) / Math.Max(1e-9, a.HighE9PerL - a.LowE9PerL), "0")} % as wide");
        stdout.WriteLine($"stored as calibration {outcome.Stored.RecordId}");
    }
}
