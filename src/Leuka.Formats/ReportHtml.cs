using System.Globalization;
using System.Net;
using System.Text;
using Leuka.Patients;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Scenarios;
using ScottPlot;

namespace Leuka.Formats;

/// <summary>
/// report.html: one self-contained file (inline CSS and SVG plots, no scripts, nothing fetched) a
/// clinician can open offline: patient and settings, key results, plots, alarms and warnings.
/// </summary>
public static class ReportHtml
{
    /// <summary>The report; with <paramref name="likeThis"/>, the intervals of the main figures and 5–95 % bands on the plots.</summary>
    public static string Write(Scenario scenario, ProcedureResult r, IReadOnlyList<TimeSeriesRow> rows, CourseResult? course = null, PatientsLikeThis? likeThis = null)
    {
        var patient = scenario.Patient;
        var settings = scenario.Procedure;
        var volume = BloodVolume.Estimate(patient);
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(H(r.Name)).Append(" · Leuka report</title>\n<style>")
          .Append("body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#1d2733}")
          .Append("h1{font-size:1.5em}h2{font-size:1.15em;border-bottom:1px solid #ccd;padding-bottom:.2em;margin-top:2em}")
          .Append("table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .8em;border-bottom:1px solid #e3e6ea;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}")
          .Append(".grid{display:grid;grid-template-columns:1fr 1fr;gap:1.5em}.warn{background:#fff6e0;border-left:4px solid #e0a000;padding:.4em .8em;margin:.4em 0}")
          .Append(".ok{background:#e8f6ec;border-left:4px solid #2a8a4a;padding:.4em .8em}.alarm-absolute{color:#b00020;font-weight:600}.alarm-safety{color:#c05800}.alarm-warning{color:#7a6000}.note{color:#5a6570;font-size:.9em}svg{max-width:100%;height:auto}")
          .Append("</style></head><body>\n");
        sb.Append("<h1>").Append(H(r.Name)).Append("</h1>\n");
        sb.Append("<p class=\"note\">Simulated with Leuka (model pages in docs/model/). A simulation, not a measurement: check every decision against the patient.</p>\n");
        Answer(sb, scenario, r);

        sb.Append("<div class=\"grid\"><div><h2>Patient</h2><table>");
        Row(sb, "Sex, age", F($"{ScenarioWords.Of(patient.Sex)}, {patient.AgeYears:0.#} years"));
        Row(sb, "Height, weight", F($"{patient.Height.Centimeters:0} cm, {patient.Weight.Kilograms:0.#} kg"));
        Row(sb, "Diagnosis", ScenarioWords.Of(patient.Diagnosis));
        Row(sb, "Total blood volume", F($"{volume.Total.Liters:0.00} L ({ScenarioWords.Of(volume.Method)})"));
        Row(sb, "WBC, platelets", F($"{patient.Labs.Wbc.E9PerLiter:0.#} and {patient.Labs.Platelets.E9PerLiter:0} ×10^9/L"));
        Row(sb, "Hematocrit", F($"{patient.Labs.Hematocrit.Percent:0.#} %"));
        sb.Append("</table></div><div><h2>Settings</h2><table>");
        Row(sb, "Procedure", ScenarioWords.Of(settings.Kind) + ", " + ScenarioWords.Of(settings.CollectionMode) + (settings.Device is { } device ? ", " + device.Name : ""));
        var run = rows.Where(x => x.Phase == ProcedurePhase.Run && !x.Paused && x.InletFlow > 0).ToList();
        string Ran(Func<TimeSeriesRow, double> value) => run.Count == 0 ? "" : F($"; run at {Median(run.Select(value)):0.#} mL/min (median)");
        string Default(string field) => settings.Defaulted.Contains(field) ? " (default)" : "";
        Row(sb, "Inlet flow, inlet:AC", F($"{settings.InletFlow.MillilitersPerMinute:0.#} mL/min{Default("inletFlow")}{Ran(x => x.InletFlow)}, {settings.InletToAcRatio:0.#}:1{Default("inletToAcRatio")}"));
        Row(sb, "Collect flow", F($"{settings.CollectFlow.MillilitersPerMinute:0.##} mL/min{Default("collectFlow")}") + (run.Count == 0 ? "" : F($"; run at {Median(run.Select(x => x.CollectFlow)):0.##} mL/min (median)")));
        Row(sb, "Stop", Units(ScenarioWords.Of(settings.Stop)) + Default("stop"));
        Row(sb, "AC limit", F($"{settings.AcInfusionRateLimit.MillilitersPerMinutePerLiter:0.0#} mL/min per L of TBV{Default("acInfusionRateLimit")}"));
        Row(sb, "Calcium prophylaxis", settings.CalciumProphylaxis.Infusion.MillimolesPerHour > 0 ? F($"{settings.CalciumProphylaxis.Infusion.MillimolesPerHour:0.##} mmol/h") : "none");
        Row(sb, "Calcium monitoring", settings.CalciumMonitoringUsed.Mode == CalciumMonitoringMode.Intermittent ? F($"measured at the start and every {settings.CalciumMonitoringUsed.Interval.Minutes:0} min, and on symptoms") : settings.CalciumMonitoringUsed.Word);
        Row(sb, "Anticoagulant", F($"{settings.AnticoagulantUsed.Name} ({settings.AnticoagulantUsed.Citrate.MillimolesPerLiter:0.#} mmol/L citrate)"));
        Row(sb, "Magnesium prophylaxis", settings.MagnesiumInfusion is { } mg && mg.MillimolesPerHour > 0 ? F($"{mg.MillimolesPerHour:0.##} mmol/h")
            : settings.MagnesiumPerAc is { } perAc && perAc.MillimolesPerLiter > 0 ? F($"{perAc.MillimolesPerLiter * Leuka.Quantities.Substance.Magnesium.MolarMassGramsPerMole / 1000:0.###} mg per mL of AC ({perAc.MillimolesPerLiter:0.#} mmol/L)")
            : "none");
        if (settings.Kind != ProcedureKind.CitrateInfusion)
        {
            Row(sb, "Heparin", settings.Heparin is { } heparin
            ? F($"{heparin.PerAc.InternationalUnitsPerMilliliter:0.#} IU per mL of AC") + (heparin.Bolus is { } b ? F($"; bolus {b.InternationalUnits:0} IU") : heparin.BolusPerKg is { } bk ? F($"; bolus {bk.InternationalUnitsPerKilogram:0.#} IU/kg") : "")
            : "none (citrate alone)");
        }

        Row(sb, "Prime, access", ScenarioWords.Of(settings.Prime) + Default("prime") + ", " + ScenarioWords.Of(settings.Access) + Default("access"));
        Row(sb, "Set volume", F($"{settings.SetVolumeUsed.Milliliters:0} mL") + Default("setVolume"));
        sb.Append("</table></div></div>\n");

        if (course is { Days.Count: > 1 })
        {
            // The course first: the rest of the report is the first day's procedure.
            sb.Append("<h2>Course</h2><p>").Append(F($"{course.Days.Count} procedures on consecutive days; WBC −{course.WbcReductionPercent:0.#} %, platelets −{course.PlateletReductionPercent:0.#} % from the first morning to the last evening. Below: day 1."))
              .Append("</p><table><tr><th>day</th><th>WBC before → after ×10^9/L</th><th>change</th><th>processed L</th><th>min</th><th>platelets after</th>");
            var cd34 = course.ShowsCd34;
            if (cd34)
            {
                sb.Append("<th>blood CD34+ before /µL</th><th>product CD34+ ×10^6/kg</th>");
            }

            sb.Append("<th>stopped</th></tr>");
            foreach (var d in course.Days)
            {
                var x = d.Result;
                sb.Append(F($"<tr><td class=\"n\">{d.Day}</td><td class=\"n\">{x.Wbc.Pre:0.#} → {x.Wbc.Post:0.#}</td><td class=\"n\">−{x.Wbc.ReductionPercent:0.#} %</td><td class=\"n\">{x.ProcessedVolumeL:0.00}</td><td class=\"n\">{x.DurationMin:0}</td><td class=\"n\">{x.Platelets.Post:0}</td>"));
                if (cd34)
                {
                    sb.Append(F($"<td class=\"n\">{x.Cd34PerMicroliter.Pre:0.#}</td><td class=\"n\">{x.Product.Cd34PerKgE6:0.##}</td>"));
                }

                sb.Append("<td>").Append(H(x.StopReason)).Append("</td></tr>");
            }

            sb.Append("</table>\n");
        }

        sb.Append("<h2>Key results</h2><table>");
        Row(sb, "Processed", F($"{r.ProcessedVolumeL:0.00} L whole blood ({r.BloodVolumesProcessed:0.00} blood volumes) in {r.DurationMin:0} min; stopped: {r.StopReason}"));
        Row(sb, "White count", F($"{r.Wbc.Pre:0.#} → {r.Wbc.Post:0.#} ×10^9/L (−{r.Wbc.ReductionPercent:0.#} %)"));
        Row(sb, "Platelets", F($"{r.Platelets.Pre:0} → {r.Platelets.Post:0} ×10^9/L (−{r.Platelets.ReductionPercent:0.#} %)"));
        Row(sb, "Hematocrit", F($"{r.Hematocrit.PrePercent:0.#} → {r.Hematocrit.PostPercent:0.#} %"));
        var p = r.Product;
        var labs = patient.Labs;
        var product = new List<string> { F($"{p.VolumeMl:0} mL, Hct {p.HematocritPercent:0.#} %"), F($"WBC {p.WbcE9:0.#} ×10^9 ({p.GranulocytePercentOfWbc:0} % granulocytes)") };
        if (labs.Cd34 is not null)
        {
            product.Add(F($"CD34+ {p.Cd34PerKgE6:0.##} ×10^6/kg ({p.Cd34E6:0} ×10^6)"));
        }

        if (labs.Cd3 is not null || ProductFigures.Cd3Matters(settings))
        {
            product.Add(F($"CD3+ {p.Cd3E9:0.##} ×10^9") + (labs.Cd3 is null ? " (CD3+ share assumed)" : ""));
        }

        product.Add(F($"platelets {p.PlateletsE9:0} ×10^9"));
        Row(sb, "Product", string.Join("; ", product));
        var ce = r.CollectionEfficiency;
        Row(sb, "Collection efficiency (CE1 / CE2)", F($"WBC {ce.Wbc.Ce1:0}/{ce.Wbc.Ce2:0} %, MNC {ce.Mnc.Ce1:0}/{ce.Mnc.Ce2:0} %, ") + (labs.Cd34 is null ? "" : F($"CD34+ {ce.Cd34.Ce1:0}/{ce.Cd34.Ce2:0} %, ")) + F($"lymphocytes {ce.Lymphocytes.Ce1:0}/{ce.Lymphocytes.Ce2:0} %, platelets {ce.Platelets.Ce1:0}/{ce.Platelets.Ce2:0} %"));
        Row(sb, "Citrate", F($"AC {r.Citrate.AcVolumeMl:0} mL; peak infusion {r.Citrate.PeakInfusionRateMgPerKgPerMin:0.00} mg/kg/min; peak plasma citrate {r.Citrate.PeakPlasmaMmolPerL:0.00} mmol/L"));
        Row(sb, "Ionized calcium", F($"{r.IonizedCalcium.BaselineMmolPerL:0.00} → nadir {r.IonizedCalcium.NadirMmolPerL:0.00} mmol/L at {r.IonizedCalcium.NadirAtMin:0} min, end {r.IonizedCalcium.EndMmolPerL:0.00} mmol/L; calcium given {r.IonizedCalcium.GivenMmol:0.#} mmol; citrate-reaction probability {100 * r.IonizedCalcium.ReactionProbability:0} %"));
        Row(sb, "Ionized magnesium", F($"{r.Magnesium.BaselineMmolPerL:0.00} → nadir {r.Magnesium.NadirMmolPerL:0.00}, end {r.Magnesium.EndMmolPerL:0.00} mmol/L (healthy {ClinicalThresholds.IonizedMagnesiumFloor:0.00}–{ClinicalThresholds.IonizedMagnesiumHealthyTop:0.00}); total {r.Magnesium.TotalPreMmolPerL:0.00} → {r.Magnesium.TotalPostMmolPerL:0.00} mmol/L"));
        Row(sb, "Potassium and pH", F($"{r.Potassium.BaselineMmolPerL:0.0} → lowest {r.Potassium.NadirMmolPerL:0.00}, end {r.Potassium.EndMmolPerL:0.00} mmol/L{(labs.Potassium is null ? " (start assumed: enter patient.labs.potassium)" : "")}; bicarbonate +{r.Potassium.BicarbonateGainEndMmolPerL:0.0} mmol/L from metabolised citrate, pH up to {r.Potassium.PeakPh:0.00}"));
        if (r.Heparin is { } h)
        {
            Row(sb, "Heparin", F($"{h.ToPatientUnits:0} IU reached the patient ({h.UnitsPerKg:0.#} IU/kg, {h.UnitsPerKgPerHour:0.#} IU/kg/h{(h.BolusUnits > 0 ? F($", bolus {h.BolusUnits:0} IU included") : "")}); plasma anti-Xa up to {h.PeakAntiXa:0.00}, end {h.EndAntiXa:0.00} IU/mL (therapeutic 0.3–{ClinicalThresholds.HeparinAntiXaCeiling:0.0}), below {Leuka.Physiology.HeparinKinetics.ClearedIuPerMl:0.0} {(h.MinutesToClear > 0 ? F($"about {h.MinutesToClear:0} min after the end") : "at the end")}"));
        }

        var c = r.Circulation;
        Row(sb, "Blood pressure and heart rate", F($"{c.BaselineSystolicMmHg:0}/{c.BaselineDiastolicMmHg:0} mmHg (mean {c.BaselineMeanMmHg:0}), {c.BaselineHeartRate:0}/min{(c.VitalsMeasured ? "" : ", typical for age: enter patient.vitals")} → lowest mean {c.LowestMeanMmHg:0} mmHg at {c.LowestMeanAtMin:0} min, lowest systolic {c.LowestSystolicMmHg:0} (threshold {c.HypotensionThresholdMmHg:0}), highest heart rate {c.HighestHeartRate:0}/min")
            + (c.HypotensionAtMin is { } lowAt ? F($"; hypotension measured at {lowAt:0} min, {c.SalineBolusesMl:0} mL saline given") : "")
            + F($"; vasovagal risk {100 * c.VasovagalRisk:0.#} %"));
        Row(sb, "Extracorporeal volume", F($"peak {r.Extracorporeal.PeakMl:0} mL ({r.Extracorporeal.PeakPercentOfTbv:0.#} % of TBV)"));
        Row(sb, "Fluid balance", F($"{r.FluidBalanceMl:+0;−0} mL to the patient"));
        Row(sb, "Blood drawn for samples", F($"{r.SampledMl:0} mL (ionized calcium)"));

        sb.Append("</table>\n");

        sb.Append("<h2>Warnings</h2>");
        if (r.Warnings.Count == 0)
        {
            sb.Append("<p>None.</p>");
        }

        foreach (var w in r.Warnings)
        {
            sb.Append("<div class=\"warn\"><b>").Append(H(w.Code)).Append("</b>: ").Append(H(w.Message)).Append("</div>");
        }

        sb.Append("\n<h2>Alarms</h2>");
        if (r.Alarms.IsEmpty)
        {
            sb.Append("<p>None.</p>");
        }
        else
        {
            sb.Append("<table><tr><th>min</th><th>code</th><th>tier</th><th>response</th><th>what happened</th></tr>");
            foreach (var a in r.Alarms)
            {
                var tier = a.Severity.ToString().ToLowerInvariant();
                sb.Append(F($"<tr><td class=\"n\">{a.AtMinutes:0.#}</td><td class=\"alarm-{tier}\">")).Append(H(a.Code)).Append("</td><td>").Append(tier)
                  .Append("</td><td>").Append(a.Response.ToString().ToLowerInvariant()).Append("</td><td>").Append(H(a.Message)).Append("</td></tr>");
            }

            sb.Append("</table>");
        }

        if (likeThis is not null)
        {
            LikeThisTable(sb, likeThis);
        }

        sb.Append("\n<h2>Course of the procedure</h2>");
        if (likeThis is not null)
        {
            sb.Append(F($"<p class=\"note\">Lines: this patient as entered. Shaded: 5–95 % of {likeThis.Patients} patients like this one (random effects drawn from their priors); a procedure that has ended holds its last value.</p>"));
        }

        sb.Append("<div class=\"grid\">");
        var t = rows.Select(x => x.TimeMin).ToArray();
        TimeBand? B(string header) => likeThis?.Band(header);
        sb.Append(Chart("Blood counts", "×10^9/L", t, r, 0, ("WBC", rows.Select(x => x.Wbc), B("WBC(10^9/L)")), ("platelets", rows.Select(x => x.Platelets), B("Platelets(10^9/L)")), ("blasts", rows.Select(x => x.Blasts), B("Blasts(10^9/L)"))));
        sb.Append(Chart("Hematocrit", "%", t, r, 10, ("Hct", rows.Select(x => x.HematocritPercent), B("Hematocrit(%)"))));
        sb.Append(Chart("Ionized calcium and citrate", "mmol/L", t, r, 0.6, ("ionized Ca", rows.Select(x => x.IonizedCalcium), B("IonizedCalcium(mmol/L)")), ("plasma citrate", rows.Select(x => x.PlasmaCitrate), B("PlasmaCitrate(mmol/L)"))));
        sb.Append(Chart("Blood pressure and heart rate", "mmHg, /min", t, r, 20, ("mean pressure", rows.Select(x => x.MeanPressure), B("MeanArterialPressure(mmHg)")), ("systolic", rows.Select(x => x.SystolicPressure), B("SystolicPressure(mmHg)")), ("heart rate", rows.Select(x => x.HeartRate), B("HeartRate(/min)"))));
        sb.Append(Chart("Volumes and fluid balance", "mL", t, r, 0, ("extracorporeal", rows.Select(x => x.ExtracorporealMl), null), ("product", rows.Select(x => x.ProductMl), null), ("fluid balance", rows.Select(x => x.FluidBalanceMl), B("FluidBalance(mL)"))));
        sb.Append(Chart("Product accumulation", "×10^9 (CD34+: ×10^6)", t, r, 0, ("WBC", rows.Select(x => x.ProductWbcE9), B("ProductWBC(10^9)")), ("platelets", rows.Select(x => x.ProductPlateletsE9), null), ("CD34+", rows.Select(x => x.ProductCd34E6), B("ProductCD34(10^6)"))));
        sb.Append(Chart("Pumps", "mL/min", t, r, 0, ("inlet", rows.Select(x => x.InletFlow), null), ("collect ×10", rows.Select(x => x.CollectFlow * 10), null), ("AC ×10", rows.Select(x => x.AcFlow * 10), null)));
        sb.Append("</div>\n");
        sb.Append(AlarmTimeline(r, t.Length > 0 ? t[^1] : 0));

        var changes = SettingChanges(r).Count();
        if (changes > MarkedChanges)
        {
            sb.Append(F($"<p>{changes} setting changes: the plots mark the first {MarkedChanges}; the table below lists them all.</p>\n"));
        }

        sb.Append("<h2>Phases and events</h2><table>");
        var timeline = r.Phases.Select(x => (At: x.AtMinutes, What: "phase: " + SummaryJson.PhaseWord(x.Phase), Order: 0))
            .Concat(r.Events.Select(x => (At: x.AtMinutes, x.What, Order: 1)))
            .OrderBy(x => x.At).ThenBy(x => x.Order);
        foreach (var (at, what, _) in timeline)
        {
            sb.Append(F($"<tr><td class=\"n\">{at:0.#} min</td><td>")).Append(H(what)).Append("</td></tr>");
        }

        sb.Append("</table>\n</body></html>\n");
        return sb.ToString();
    }

    // minSpan: the least height of the value axis, so that a small change does not fill the plot.
    // A series with a band: the band first (under every line), in the line's colour, paler.
    private static string Chart(string title, string unit, double[] t, ProcedureResult r, double minSpan, params (string Name, IEnumerable<double> Values, TimeBand? Band)[] series)
    {
        var plot = new Plot();
        var all = new List<double>();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < series.Length; i++)
        {
            if (series[i].Band is { Time.Count: > 1 } b)
            {
                var band = plot.Add.FillY([.. b.Time], [.. b.Low], [.. b.High]);
                band.FillColor = palette.GetColor(i).WithAlpha(0.22);
                band.LineWidth = 0;
                all.AddRange(b.Low);
                all.AddRange(b.High);
            }
        }

        for (var i = 0; i < series.Length; i++)
        {
            var ys = series[i].Values.ToArray();
            all.AddRange(ys);
            var line = plot.Add.Scatter(t, ys);
            line.Color = palette.GetColor(i);
            line.LegendText = series[i].Name;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }

        PhaseLines(plot, r);
        if (all.Count > 0 && all.Max() - all.Min() < minSpan)
        {
            var middle = (all.Max() + all.Min()) / 2;
            plot.Axes.AutoScaleX();
            plot.Axes.SetLimitsY(middle - (minSpan / 2), middle + (minSpan / 2));
        }

        plot.Title(title);
        plot.XLabel("time (min)");
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperRight);
        return "<div>" + plot.GetSvgXml(540, 320) + "</div>\n";
    }

    // Phase changes and setting changes, as dotted lines with their labels. A run with thousands
    // of setting changes would bury the curves (and make a report of tens of MB): the first
    // MarkedChanges are drawn, and the events table lists them all.
    private const int MarkedChanges = 20;

    private static IEnumerable<(double AtMinutes, string What)> SettingChanges(ProcedureResult r) => r.Events.Where(e => e.What.StartsWith("set:", StringComparison.Ordinal));

    private static void PhaseLines(Plot plot, ProcedureResult r)
    {
        foreach (var (at, _) in SettingChanges(r).Take(MarkedChanges))
        {
            var line = plot.Add.VerticalLine(at);
            line.LinePattern = LinePattern.Dashed;
            line.Color = Colors.DarkGreen;
            line.Text = "settings changed";
        }

        foreach (var (phase, at) in r.Phases)
        {
            if (phase is ProcedurePhase.Run or ProcedurePhase.Rinseback)
            {
                var line = plot.Add.VerticalLine(at);
                line.LinePattern = LinePattern.Dotted;
                line.Color = Colors.Gray;
                line.Text = SummaryJson.PhaseWord(phase);
            }
        }
    }

    private static string AlarmTimeline(ProcedureResult r, double end)
    {
        var plot = new Plot();
        var tiers = new[] { AlarmSeverity.Warning, AlarmSeverity.Safety, AlarmSeverity.Absolute };
        foreach (var tier in tiers)
        {
            var xs = r.Alarms.Where(a => a.Severity == tier).Select(a => a.AtMinutes).ToArray();
            if (xs.Length == 0)
            {
                continue;
            }

            var marks = plot.Add.ScatterPoints(xs, xs.Select(_ => (double)(int)tier + 1).ToArray());
            marks.MarkerSize = 12;
            marks.LegendText = tier.ToString().ToLowerInvariant();
            foreach (var a in r.Alarms.Where(a => a.Severity == tier).DistinctBy(a => a.Code))
            {
                var label = plot.Add.Text(a.Code, a.AtMinutes, (int)tier + 1.25);
                label.LabelFontSize = 11;
                label.OffsetX = 9;
                label.OffsetY = -6;
            }
        }

        PhaseLines(plot, r);
        plot.Axes.SetLimits(0, Math.Max(end, 1), 0.4, 3.8);
        plot.Axes.Left.SetTicks([1, 2, 3], ["warning", "safety", "absolute"]);
        plot.Title(F($"When each alarm started, by tier ({r.Alarms.Length} alarms; labelled at their first start)"));
        plot.XLabel("time (min)");
        plot.ShowLegend(Alignment.UpperRight);
        return "<div>" + plot.GetSvgXml(1080, 220) + "</div>\n";
    }

    // The answer to the goal first: reached or not, by how much, when; then what follows and safety.
    private static void Answer(StringBuilder sb, Scenario scenario, ProcedureResult r)
    {
        var stop = scenario.Procedure.Stop;
        var reached = !r.Warnings.Any(w => w.Code is "target-not-reached" or "run-time-limit" or "pause-timeout" or "set-discarded");
        var goal = stop switch
        {
            TargetPostWbcStop w => F($"white count {r.Wbc.Pre:0.#} → {r.Wbc.Post:0.#} ×10^9/L against the target {w.Wbc.E9PerLiter:0.#}"),
            TargetCd34DoseStop c => F($"CD34+ {r.Product.Cd34PerKgE6:0.##} ×10^6/kg against the target {c.Dose.E6PerKilogram:0.##}"),
            TargetCd3YieldStop y => F($"CD3+ {r.Product.Cd3E9:0.##} ×10^9 against the target {y.Cells.E9:0.##}"),
            _ => F($"white count {r.Wbc.Pre:0.#} → {r.Wbc.Post:0.#} ×10^9/L (−{r.Wbc.ReductionPercent:0} %)"),
        };
        sb.Append("<h2>Answer</h2><p class=\"").Append(reached ? "ok" : "warn").Append("\"><b>").Append(reached ? "Goal reached" : "Goal not reached").Append("</b>: ")
          .Append(H(goal)).Append(H(F($"; {r.ProcessedVolumeL:0.00} L processed in {r.DurationMin:0} min ({Units(r.StopReason)})."))).Append("</p>");
        var blasts = scenario.Patient.Labs.Differential.Blasts.Ratio > 0;
        var after = string.Join("; ", r.FollowUp.Select(f => F($"+{f.After.Hours:0} h: WBC {f.Wbc.E9PerLiter:0.#}") + (blasts ? F($", blasts {f.Blasts.E9PerLiter:0.#}") : "") + F($", platelets {f.Platelets.E9PerLiter:0} ×10^9/L")));
        sb.Append("<p><b>Afterwards (predicted)</b>: ").Append(H(after)).Append(".</p>");
        sb.Append("<p><b>Safety</b>: ").Append(H(F($"ionized calcium nadir {r.IonizedCalcium.NadirMmolPerL:0.00} mmol/L; platelets after {r.Platelets.Post:0} ×10^9/L; ")))
          .Append(H(string.Join(", ", new[] { AlarmSeverity.Absolute, AlarmSeverity.Safety, AlarmSeverity.Warning }.Select(t => F($"{r.Alarms.Count(a => a.Severity == t)} {t.ToString().ToLowerInvariant()}"))) + " alarms"))
          .Append(H(F($"; {r.Warnings.Count} warning{(r.Warnings.Count == 1 ? "" : "s")} (below)."))).Append("</p>\n");
    }

    // The main figures for patients like this one: median and 5–95 %.
    private static void LikeThisTable(StringBuilder sb, PatientsLikeThis likeThis)
    {
        sb.Append(F($"<h2>Patients like this one</h2><p class=\"note\">{likeThis.Patients} patients who differ from this one by their random effects (drawn from their priors, docs/model/variation.md): nine in ten fall between the 5 % and 95 % columns, as far as the priors describe the spread.</p>"))
          .Append("<table><tr><th>figure</th><th>5 %</th><th>median</th><th>95 %</th></tr>");
        foreach (var i in likeThis.Intervals.Where(i => i.High != 0 || i.Low != 0))
        {
            sb.Append("<tr><td>").Append(H(i.Output)).Append(F($"</td><td class=\"n\">{i.Low:0.###}</td><td class=\"n\">{i.Median:0.###}</td><td class=\"n\">{i.High:0.###}</td></tr>"));
        }

        sb.Append("</table>\n");
    }

    // One notation for counts in the report.
    private static string Units(string text) => text.Replace("x10^", "×10^", StringComparison.Ordinal);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static void Row(StringBuilder sb, string name, string value) =>
        sb.Append("<tr><th>").Append(H(name)).Append("</th><td>").Append(H(value)).Append("</td></tr>");

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
