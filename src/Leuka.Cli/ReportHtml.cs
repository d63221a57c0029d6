using System.Globalization;
using System.Net;
using System.Text;
using Leuka.Formats;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Scenarios;
using ScottPlot;

namespace Leuka.Cli;

/// <summary>
/// report.html: one self-contained file (inline CSS and SVG plots, no scripts, nothing fetched) a
/// clinician can open offline: patient and settings, key results, plots, alarms and warnings.
/// </summary>
internal static class ReportHtml
{
    public static string Write(Scenario scenario, ProcedureResult r, IReadOnlyList<TimeSeriesRow> rows)
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
          .Append(".alarm-absolute{color:#b00020;font-weight:600}.alarm-safety{color:#c05800}.alarm-warning{color:#7a6000}.note{color:#5a6570;font-size:.9em}svg{max-width:100%;height:auto}")
          .Append("</style></head><body>\n");
        sb.Append("<h1>").Append(H(r.Name)).Append("</h1>\n");
        sb.Append("<p class=\"note\">Simulated with Leuka (model pages in docs/model/). A simulation, not a measurement: check every decision against the patient.</p>\n");

        sb.Append("<div class=\"grid\"><div><h2>Patient</h2><table>");
        Row(sb, "Sex, age", F($"{ScenarioWords.Of(patient.Sex)}, {patient.AgeYears:0.#} years"));
        Row(sb, "Height, weight", F($"{patient.Height.Centimeters:0} cm, {patient.Weight.Kilograms:0.#} kg"));
        Row(sb, "Diagnosis", ScenarioWords.Of(patient.Diagnosis));
        Row(sb, "Total blood volume", F($"{volume.Total.Liters:0.00} L ({ScenarioWords.Of(volume.Method)})"));
        Row(sb, "WBC, platelets", F($"{patient.Labs.Wbc.E9PerLiter:0.#} and {patient.Labs.Platelets.E9PerLiter:0} ×10^9/L"));
        Row(sb, "Hematocrit", F($"{patient.Labs.Hematocrit.Percent:0.#} %"));
        sb.Append("</table></div><div><h2>Settings</h2><table>");
        Row(sb, "Procedure", ScenarioWords.Of(settings.Kind) + ", " + ScenarioWords.Of(settings.CollectionMode));
        Row(sb, "Inlet flow, inlet:AC", F($"{settings.InletFlow.MillilitersPerMinute:0.#} mL/min, {settings.InletToAcRatio:0.#}:1"));
        Row(sb, "Collect flow", F($"{settings.CollectFlow.MillilitersPerMinute:0.##} mL/min"));
        Row(sb, "Stop", ScenarioWords.Of(settings.Stop));
        Row(sb, "AC limit", F($"{settings.AcInfusionRateLimit.MillilitersPerMinutePerLiter:0.0#} mL/min per L of TBV"));
        Row(sb, "Calcium prophylaxis", settings.CalciumProphylaxis.Infusion.MillimolesPerHour > 0 ? F($"{settings.CalciumProphylaxis.Infusion.MillimolesPerHour:0.##} mmol/h") : "none");
        Row(sb, "Prime, access", ScenarioWords.Of(settings.Prime) + ", " + ScenarioWords.Of(settings.Access));
        sb.Append("</table></div></div>\n");

        sb.Append("<h2>Key results</h2><table>");
        Row(sb, "Processed", F($"{r.ProcessedVolumeL:0.00} L whole blood ({r.BloodVolumesProcessed:0.00} blood volumes) in {r.DurationMin:0} min; stopped: {r.StopReason}"));
        Row(sb, "White count", F($"{r.Wbc.Pre:0.#} → {r.Wbc.Post:0.#} ×10^9/L (−{r.Wbc.ReductionPercent:0.#} %)"));
        Row(sb, "Platelets", F($"{r.Platelets.Pre:0} → {r.Platelets.Post:0} ×10^9/L (−{r.Platelets.ReductionPercent:0.#} %)"));
        Row(sb, "Hematocrit", F($"{r.Hematocrit.PrePercent:0.#} → {r.Hematocrit.PostPercent:0.#} %"));
        var p = r.Product;
        Row(sb, "Product", F($"{p.VolumeMl:0} mL, Hct {p.HematocritPercent:0.#} %; WBC {p.WbcE9:0.#} ×10^9 ({p.GranulocytePercentOfWbc:0} % granulocytes); CD34+ {p.Cd34E6:0} ×10^6 ({p.Cd34PerKgE6:0.##} ×10^6/kg); CD3+ {p.Cd3E9:0.##} ×10^9; platelets {p.PlateletsE9:0} ×10^9"));
        var ce = r.CollectionEfficiency;
        Row(sb, "Collection efficiency (CE1 / CE2)", F($"WBC {ce.Wbc.Ce1:0}/{ce.Wbc.Ce2:0} %, MNC {ce.Mnc.Ce1:0}/{ce.Mnc.Ce2:0} %, CD34+ {ce.Cd34.Ce1:0}/{ce.Cd34.Ce2:0} %, lymphocytes {ce.Lymphocytes.Ce1:0}/{ce.Lymphocytes.Ce2:0} %"));
        Row(sb, "Citrate", F($"AC {r.Citrate.AcVolumeMl:0} mL; peak infusion {r.Citrate.PeakInfusionRateMgPerKgPerMin:0.00} mg/kg/min; peak plasma citrate {r.Citrate.PeakPlasmaMmolPerL:0.00} mmol/L"));
        Row(sb, "Ionized calcium", F($"{r.IonizedCalcium.BaselineMmolPerL:0.00} → nadir {r.IonizedCalcium.NadirMmolPerL:0.00} mmol/L at {r.IonizedCalcium.NadirAtMin:0} min; calcium given {r.IonizedCalcium.GivenMmol:0.#} mmol; citrate-reaction probability {100 * r.IonizedCalcium.ReactionProbability:0} %"));
        Row(sb, "Extracorporeal volume", F($"peak {r.Extracorporeal.PeakMl:0} mL ({r.Extracorporeal.PeakPercentOfTbv:0.#} % of TBV)"));
        Row(sb, "Fluid balance", F($"{r.FluidBalanceMl:+0;−0} mL to the patient"));
        foreach (var f in r.FollowUp)
        {
            Row(sb, F($"Predicted at +{f.After.Hours:0} h"), F($"WBC {f.Wbc.E9PerLiter:0.#}, blasts {f.Blasts.E9PerLiter:0.#}, platelets {f.Platelets.E9PerLiter:0} ×10^9/L"));
        }

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

        sb.Append("\n<h2>Course of the procedure</h2><div class=\"grid\">");
        var t = rows.Select(x => x.TimeMin).ToArray();
        sb.Append(Chart("Blood counts", "×10^9/L", t, r, ("WBC", rows.Select(x => x.Wbc)), ("platelets", rows.Select(x => x.Platelets)), ("blasts", rows.Select(x => x.Blasts))));
        sb.Append(Chart("Hematocrit", "%", t, r, ("Hct", rows.Select(x => x.HematocritPercent))));
        sb.Append(Chart("Ionized calcium and citrate", "mmol/L", t, r, ("ionized Ca", rows.Select(x => x.IonizedCalcium)), ("plasma citrate", rows.Select(x => x.PlasmaCitrate))));
        sb.Append(Chart("Volumes and fluid balance", "mL", t, r, ("extracorporeal", rows.Select(x => x.ExtracorporealMl)), ("product", rows.Select(x => x.ProductMl)), ("fluid balance", rows.Select(x => x.FluidBalanceMl))));
        sb.Append(Chart("Product accumulation", "×10^9 (CD34+: ×10^6)", t, r, ("WBC", rows.Select(x => x.ProductWbcE9)), ("platelets", rows.Select(x => x.ProductPlateletsE9)), ("CD34+", rows.Select(x => x.ProductCd34E6))));
        sb.Append(Chart("Pumps", "mL/min", t, r, ("inlet", rows.Select(x => x.InletFlow)), ("collect ×10", rows.Select(x => x.CollectFlow * 10)), ("AC ×10", rows.Select(x => x.AcFlow * 10))));
        sb.Append("</div>\n");
        sb.Append(AlarmTimeline(r, t.Length > 0 ? t[^1] : 0));

        sb.Append("<h2>Phases and events</h2><table>");
        foreach (var (phase, at) in r.Phases)
        {
            sb.Append(F($"<tr><td class=\"n\">{at:0.#} min</td><td>phase: {SummaryJson.PhaseWord(phase)}</td></tr>"));
        }

        foreach (var (at, what) in r.Events)
        {
            sb.Append(F($"<tr><td class=\"n\">{at:0.#} min</td><td>")).Append(H(what)).Append("</td></tr>");
        }

        sb.Append("</table>\n</body></html>\n");
        return sb.ToString();
    }

    private static string Chart(string title, string unit, double[] t, ProcedureResult r, params (string Name, IEnumerable<double> Values)[] series)
    {
        var plot = new Plot();
        foreach (var (name, values) in series)
        {
            var line = plot.Add.Scatter(t, values.ToArray());
            line.LegendText = name;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }

        PhaseLines(plot, r);
        plot.Title(title);
        plot.XLabel("time (min)");
        plot.YLabel(unit);
        plot.ShowLegend(Alignment.UpperRight);
        return "<div>" + plot.GetSvgXml(540, 320) + "</div>\n";
    }

    private static void PhaseLines(Plot plot, ProcedureResult r)
    {
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
            foreach (var a in r.Alarms.Where(a => a.Severity == tier))
            {
                var label = plot.Add.Text(a.Code, a.AtMinutes, (int)tier + 1.25);
                label.LabelFontSize = 11;
                label.OffsetX = 9;
                label.OffsetY = -6;
            }
        }

        PhaseLines(plot, r);
        plot.Axes.SetLimits(0, Math.Max(end, 1), 0, 4);
        plot.Title("Alarms on the timeline (1 warning, 2 safety, 3 absolute)");
        plot.XLabel("time (min)");
        plot.ShowLegend(Alignment.UpperRight);
        return "<div>" + plot.GetSvgXml(1080, 220) + "</div>\n";
    }

    private static void Row(StringBuilder sb, string name, string value) =>
        sb.Append("<tr><th>").Append(H(name)).Append("</th><td>").Append(H(value)).Append("</td></tr>");

    private static string H(string s) => WebUtility.HtmlEncode(s);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
