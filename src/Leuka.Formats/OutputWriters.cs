using System.Globalization;
using System.Text;
using System.Text.Json;
using Leuka.Planning;
using Leuka.Procedure;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>
/// summary.json (docs/reference/scenario.md §4). Numbers are rounded to fixed decimals so that the same scenario and
/// seed give byte-identical files; contract fields come first, extensions after.
/// </summary>
public static class SummaryJson
{
    /// <summary>Contract version written in every summary.</summary>
    public const int ContractVersion = 1;

    /// <summary>The summary as indented JSON with a trailing newline.</summary>
    public static string Write(ProcedureResult r) => Write(r, null);

    /// <summary>
    /// A course's summary: the first day's, as for one procedure, and a <c>course</c> object with
    /// every day's figures and the change over the whole course (docs/model/courses.md).
    /// </summary>
    public static string Write(CourseResult course)
    {
        ArgumentNullException.ThrowIfNull(course);
        return Write(course.Days[0].Result, course.Days.Count > 1 ? course : null);
    }

    private static string Write(ProcedureResult r, CourseResult? course)
    {
        ArgumentNullException.ThrowIfNull(r);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("contractVersion", ContractVersion);
            N(w, "totalBloodVolumeL", r.TotalBloodVolumeL, 3);
            N(w, "processedVolumeL", r.ProcessedVolumeL, 3);
            N(w, "bloodVolumesProcessed", r.BloodVolumesProcessed, 3);
            N(w, "durationMin", r.DurationMin, 1);
            w.WriteStartObject("wbc");
            N(w, "preE9PerL", r.Wbc.Pre, 3);
            N(w, "postE9PerL", r.Wbc.Post, 3);
            N(w, "reductionPercent", r.Wbc.ReductionPercent, 2);
            w.WriteEndObject();
            w.WriteStartObject("platelets");
            N(w, "preE9PerL", r.Platelets.Pre, 2);
            N(w, "postE9PerL", r.Platelets.Post, 2);
            N(w, "reductionPercent", r.Platelets.ReductionPercent, 2);
            w.WriteEndObject();
            w.WriteStartObject("hematocrit");
            N(w, "prePercent", r.Hematocrit.PrePercent, 2);
            N(w, "postPercent", r.Hematocrit.PostPercent, 2);
            w.WriteEndObject();
            w.WriteStartObject("product");
            var p = r.Product;
            N(w, "volumeMl", p.VolumeMl, 1);
            N(w, "hematocritPercent", p.HematocritPercent, 2);
            N(w, "wbcE9", p.WbcE9, 3);
            N(w, "plateletsE9", p.PlateletsE9, 2);
            N(w, "granulocytePercentOfWbc", p.GranulocytePercentOfWbc, 2);
            N(w, "lymphocytesE9", p.LymphocytesE9, 3);
            N(w, "monocytesE9", p.MonocytesE9, 3);
            N(w, "cd34E6", p.Cd34E6, 2);
            N(w, "cd3E9", p.Cd3E9, 3);
            N(w, "blastsE9", p.BlastsE9, 3);
            N(w, "cd34PerKgE6", p.Cd34PerKgE6, 3);
            w.WriteEndObject();
            w.WriteStartObject("collectionEfficiencyPercent");
            Ce(w, "wbc", r.CollectionEfficiency.Wbc);
            Ce(w, "mnc", r.CollectionEfficiency.Mnc);
            Ce(w, "cd34", r.CollectionEfficiency.Cd34);
            Ce(w, "lymphocytes", r.CollectionEfficiency.Lymphocytes);
            Ce(w, "platelets", r.CollectionEfficiency.Platelets);
            w.WriteEndObject();
            w.WriteStartObject("citrate");
            N(w, "acVolumeMl", r.Citrate.AcVolumeMl, 1);
            N(w, "peakInfusionRateMgPerKgPerMin", r.Citrate.PeakInfusionRateMgPerKgPerMin, 3);
            N(w, "peakPlasmaMmolPerL", r.Citrate.PeakPlasmaMmolPerL, 3);
            N(w, "toPatientMmol", r.Citrate.ToPatientMmol, 2);
            if (r.Citrate.ClearanceMlPerMin is { } clearance && r.Citrate.HalfLifeMin is { } halfLife)
            {
                N(w, "clearanceMlPerMin", clearance, 1);
                N(w, "halfLifeMin", halfLife, 1);
            }

            w.WriteEndObject();
            w.WriteStartObject("ionizedCalcium");
            N(w, "baselineMmolPerL", r.IonizedCalcium.BaselineMmolPerL, 3);
            N(w, "nadirMmolPerL", r.IonizedCalcium.NadirMmolPerL, 3);
            N(w, "nadirAtMin", r.IonizedCalcium.NadirAtMin, 1);
            N(w, "endMmolPerL", r.IonizedCalcium.EndMmolPerL, 3);
            N(w, "calciumGivenMmol", r.IonizedCalcium.GivenMmol, 2);
            N(w, "citrateReactionProbability", r.IonizedCalcium.ReactionProbability, 3);
            if (r.IonizedCalcium.SymptomsAtMin is { } symptoms)
            {
                N(w, "citrateSymptomsAtMin", symptoms, 1);
            }

            N(w, "totalCalciumPreMmolPerL", r.IonizedCalcium.TotalPreMmolPerL, 3);
            N(w, "totalCalciumPostMmolPerL", r.IonizedCalcium.TotalPostMmolPerL, 3);
            w.WriteEndObject();
            w.WriteStartObject("ionizedMagnesium");
            N(w, "baselineMmolPerL", r.Magnesium.BaselineMmolPerL, 3);
            N(w, "nadirMmolPerL", r.Magnesium.NadirMmolPerL, 3);
            N(w, "endMmolPerL", r.Magnesium.EndMmolPerL, 3);
            N(w, "totalMagnesiumPreMmolPerL", r.Magnesium.TotalPreMmolPerL, 3);
            N(w, "totalMagnesiumPostMmolPerL", r.Magnesium.TotalPostMmolPerL, 3);
            N(w, "givenMmol", r.Magnesium.GivenMmol, 2);
            w.WriteEndObject();
            w.WriteStartObject("potassium");
            N(w, "baselineMmolPerL", r.Potassium.BaselineMmolPerL, 2);
            N(w, "nadirMmolPerL", r.Potassium.NadirMmolPerL, 2);
            N(w, "endMmolPerL", r.Potassium.EndMmolPerL, 2);
            N(w, "bicarbonateGainEndMmolPerL", r.Potassium.BicarbonateGainEndMmolPerL, 2);
            N(w, "peakPh", r.Potassium.PeakPh, 3);
            w.WriteEndObject();
            if (r.Heparin is { } h)
            {
                w.WriteStartObject("heparin");
                N(w, "toPatientIu", h.ToPatientUnits, 1);
                N(w, "bolusIu", h.BolusUnits, 1);
                N(w, "iuPerKg", h.UnitsPerKg, 1);
                N(w, "iuPerKgPerHour", h.UnitsPerKgPerHour, 1);
                N(w, "peakAntiXaIuPerMl", h.PeakAntiXa, 2);
                N(w, "endAntiXaIuPerMl", h.EndAntiXa, 2);
                N(w, "minutesToClearAfterEnd", h.MinutesToClear, 1);
                w.WriteEndObject();
            }

            var c = r.Circulation;
            w.WriteStartObject("circulation");
            N(w, "baselineSystolicMmHg", c.BaselineSystolicMmHg, 1);
            N(w, "baselineDiastolicMmHg", c.BaselineDiastolicMmHg, 1);
            N(w, "baselineMeanMmHg", c.BaselineMeanMmHg, 1);
            N(w, "baselineHeartRatePerMin", c.BaselineHeartRate, 1);
            w.WriteBoolean("vitalsMeasured", c.VitalsMeasured);
            N(w, "lowestMeanMmHg", c.LowestMeanMmHg, 1);
            N(w, "lowestMeanAtMin", c.LowestMeanAtMin, 1);
            N(w, "lowestSystolicMmHg", c.LowestSystolicMmHg, 1);
            N(w, "highestHeartRatePerMin", c.HighestHeartRate, 1);
            N(w, "hypotensionThresholdSystolicMmHg", c.HypotensionThresholdMmHg, 1);
            N(w, "minutesHypotensive", c.MinutesHypotensive, 1);
            if (c.HypotensionAtMin is { } hypotensionAt)
            {
                N(w, "hypotensionAtMin", hypotensionAt, 1);
            }

            N(w, "salineBolusesMl", c.SalineBolusesMl, 0);
            N(w, "vasovagalRiskPercent", 100 * c.VasovagalRisk, 2);
            w.WriteEndObject();
            w.WriteStartObject("extracorporealVolume");
            N(w, "peakMl", r.Extracorporeal.PeakMl, 1);
            N(w, "peakPercentOfTbv", r.Extracorporeal.PeakPercentOfTbv, 2);
            w.WriteEndObject();
            N(w, "fluidBalanceMl", r.FluidBalanceMl, 1);
            N(w, "sampledMl", r.SampledMl, 1);
            w.WriteStartArray("alarms");
            foreach (var a in r.Alarms)
            {
                w.WriteStartObject();
                N(w, "atMin", a.AtMinutes, 1);
                w.WriteString("code", a.Code);
                w.WriteString("severity", Word(a.Severity.ToString()));
                w.WriteString("response", Word(a.Response.ToString()));
                w.WriteString("message", a.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("warnings");
            foreach (var x in r.Warnings)
            {
                w.WriteStartObject();
                w.WriteString("code", x.Code);
                w.WriteString("message", x.Message);
                w.WriteEndObject();
            }

            w.WriteEndArray();

            // Extensions.
            w.WriteString("name", r.Name);
            w.WriteString("procedureKind", ScenarioWords.Of(r.Kind));
            w.WriteString("stopReason", r.StopReason);
            w.WriteStartObject("lymphocytes");
            N(w, "preE9PerL", r.Lymphocytes.Pre, 3);
            N(w, "postE9PerL", r.Lymphocytes.Post, 3);
            N(w, "reductionPercent", r.Lymphocytes.ReductionPercent, 2);
            w.WriteEndObject();
            w.WriteStartObject("cd34");
            N(w, "prePerUl", r.Cd34PerMicroliter.Pre, 2);
            N(w, "postPerUl", r.Cd34PerMicroliter.Post, 2);
            N(w, "circulatingPreE6", r.Cd34CirculatingPreE6, 1);
            w.WriteEndObject();
            w.WriteStartArray("phases");
            foreach (var (phase, at) in r.Phases)
            {
                w.WriteStartObject();
                w.WriteString("phase", PhaseWord(phase));
                N(w, "atMin", at, 1);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("events");
            foreach (var (at, what) in r.Events)
            {
                w.WriteStartObject();
                N(w, "atMin", at, 1);
                w.WriteString("what", what);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("followUp");
            foreach (var f in r.FollowUp)
            {
                w.WriteStartObject();
                N(w, "afterHours", f.After.Hours, 1);
                N(w, "wbcE9PerL", f.Wbc.E9PerLiter, 3);
                N(w, "blastsE9PerL", f.Blasts.E9PerLiter, 3);
                N(w, "plateletsE9PerL", f.Platelets.E9PerLiter, 2);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (course is not null)
            {
                WriteCourse(w, course);
            }

            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteCourse(Utf8JsonWriter w, CourseResult course)
    {
        w.WriteStartObject("course");
        w.WriteNumber("days", course.Days.Count);
        N(w, "wbcReductionPercent", course.WbcReductionPercent, 2);
        N(w, "lymphocyteReductionPercent", course.LymphocyteReductionPercent, 2);
        N(w, "plateletReductionPercent", course.PlateletReductionPercent, 2);
        N(w, "processedVolumeL", course.Days.Sum(d => d.Result.ProcessedVolumeL), 3);
        N(w, "productCd34PerKgE6", course.Days.Sum(d => d.Result.Product.Cd34PerKgE6), 3);
        N(w, "productCd3E9", course.Days.Sum(d => d.Result.Product.Cd3E9), 3);
        w.WriteStartArray("perDay");
        foreach (var d in course.Days)
        {
            var r = d.Result;
            w.WriteStartObject();
            w.WriteNumber("day", d.Day);
            N(w, "processedVolumeL", r.ProcessedVolumeL, 3);
            N(w, "durationMin", r.DurationMin, 1);
            N(w, "wbcPreE9PerL", r.Wbc.Pre, 3);
            N(w, "wbcPostE9PerL", r.Wbc.Post, 3);
            N(w, "wbcReductionPercent", r.Wbc.ReductionPercent, 2);
            N(w, "cd34PrePerUl", r.Cd34PerMicroliter.Pre, 2);
            N(w, "cd34PostPerUl", r.Cd34PerMicroliter.Post, 2);
            N(w, "plateletsPostE9PerL", r.Platelets.Post, 2);
            N(w, "hematocritPostPercent", r.Hematocrit.PostPercent, 2);
            N(w, "productVolumeMl", r.Product.VolumeMl, 1);
            N(w, "productCd34PerKgE6", r.Product.Cd34PerKgE6, 3);
            N(w, "productCd3E9", r.Product.Cd3E9, 3);
            N(w, "ionizedCalciumNadirMmolPerL", r.IonizedCalcium.NadirMmolPerL, 3);
            if (r.Heparin is { } h)
            {
                // Each day is its own connection: its own bolus, its own level.
                N(w, "heparinToPatientIu", h.ToPatientUnits, 1);
                N(w, "peakAntiXaIuPerMl", h.PeakAntiXa, 2);
            }

            w.WriteString("stopReason", r.StopReason);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>The phase's word in outputs (kebab case).</summary>
    public static string PhaseWord(ProcedurePhase phase) => phase switch
    {
        ProcedurePhase.Prime => "prime",
        ProcedurePhase.BloodPrime => "blood-prime",
        ProcedurePhase.Run => "run",
        ProcedurePhase.Rinseback => "rinseback",
        _ => "ended",
    };

    private static void Ce(Utf8JsonWriter w, string name, (double Ce1, double Ce2) ce)
    {
        w.WriteStartObject(name);
        N(w, "ce1", ce.Ce1, 2);
        N(w, "ce2", ce.Ce2, 2);
        w.WriteEndObject();
    }

    private static void N(Utf8JsonWriter w, string name, double value, int digits) => w.WriteNumber(name, Fixed.Round(value, digits));

    private static string Word(string pascal) => pascal.ToLowerInvariant();
}

/// <summary>timeseries.csv (docs/reference/scenario.md §5): time first, every header with its unit in parentheses.</summary>
public static class TimeSeriesCsv
{
    // One table: the header, how a row's value is read, and how it is printed. The writer and the
    // validation metrics both read it, so a column cannot mean one thing in the file and another there.
    private static readonly Column[] Columns =
    [
        new("Time(min)", r => r.TimeMin, 2),
        new("WBC(10^9/L)", r => r.Wbc, 3),
        new("Platelets(10^9/L)", r => r.Platelets, 2),
        new("Hematocrit(%)", r => r.HematocritPercent, 2),
        new("ProcessedVolume(mL)", r => r.ProcessedMl, 1),
        new("InletFlow(mL/min)", r => r.InletFlow, 2),
        new("PlasmaCitrate(mmol/L)", r => r.PlasmaCitrate, 4),
        new("IonizedCalcium(mmol/L)", r => r.IonizedCalcium, 4),
        new("ExtracorporealVolume(mL)", r => r.ExtracorporealMl, 1),
        new("ProductVolume(mL)", r => r.ProductMl, 2),
        new("ProductWBC(10^9)", r => r.ProductWbcE9, 3),
        new("Phase(name)", null, 0, r => SummaryJson.PhaseWord(r.Phase)),
        new("Paused(0/1)", r => r.Paused ? 1 : 0, 0),
        new("Blasts(10^9/L)", r => r.Blasts, 3),
        new("Lymphocytes(10^9/L)", r => r.Lymphocytes, 3),
        new("CD34(/uL)", r => r.Cd34PerMicroliter, 2),
        new("AcFlow(mL/min)", r => r.AcFlow, 3),
        new("CollectFlow(mL/min)", r => r.CollectFlow, 3),
        new("PlasmaFlow(mL/min)", r => r.PlasmaFlow, 2),
        new("ReturnFlow(mL/min)", r => r.ReturnFlow, 2),
        new("CitrateInfusionRate(mg/kg/min)", r => r.CitrateRate, 4),
        new("ProductCD34(10^6)", r => r.ProductCd34E6, 2),
        new("ProductPlatelets(10^9)", r => r.ProductPlateletsE9, 2),
        new("FluidBalance(mL)", r => r.FluidBalanceMl, 1),
        new("AccessPressure(mmHg)", r => r.AccessPressure, 1),
        new("ReturnPressure(mmHg)", r => r.ReturnPressure, 1),
        new("InterfaceOpenLoop(0/1)", r => r.OpenLoop ? 1 : 0, 0),
        new("IonizedMagnesium(mmol/L)", r => r.IonizedMagnesium, 4),
        new("MeanArterialPressure(mmHg)", r => r.MeanPressure, 1),
        new("SystolicPressure(mmHg)", r => r.SystolicPressure, 1),
        new("DiastolicPressure(mmHg)", r => r.DiastolicPressure, 1),
        new("HeartRate(/min)", r => r.HeartRate, 1),
        new("Potassium(mmol/L)", r => r.Potassium, 3),
        new("ArterialPH(pH)", r => r.Ph, 3),
        new("AntiXa(IU/mL)", r => r.AntiXa, 3),
    ];

    /// <summary>The contract's columns, then extensions.</summary>
    public static IReadOnlyList<string> Headers { get; } = [.. Columns.Select(c => c.Header)];

    /// <summary>One row's values as the file prints them, by header (for live streams).</summary>
    public static IEnumerable<(string Header, string Text)> Fields(TimeSeriesRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Columns.Select(c => (c.Header, c.Text is { } text ? text(row) : Fixed.Format(c.Value!(row), c.Digits)));
    }

    /// <summary>The whole file, LF line ends.</summary>
    public static string Write(IEnumerable<TimeSeriesRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Headers)).Append('\n');
        foreach (var r in rows)
        {
            sb.Append(string.Join(',', Columns.Select(c => c.Text is { } text ? text(r) : Fixed.Format(c.Value!(r), c.Digits)))).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A numeric column's value in a row, by its header; a clear error for an unknown or text column.</summary>
    public static double Value(TimeSeriesRow row, string header)
    {
        ArgumentNullException.ThrowIfNull(row);
        var column = Columns.FirstOrDefault(c => c.Header == header) ?? throw new FormatException($"timeseries.csv has no column {header}");
        return column.Value is { } value ? value(row) : throw new FormatException($"column {header} is text, not a number");
    }

    private sealed record Column(string Header, Func<TimeSeriesRow, double>? Value, int Digits, Func<TimeSeriesRow, string>? Text = null);
}

/// <summary>Fixed-decimal numbers for the output files: rounded half away from zero, −0 written as 0, so equal runs give equal bytes.</summary>
internal static class Fixed
{
    public static double Round(double value, int digits)
    {
        var rounded = Math.Round(value, digits, MidpointRounding.AwayFromZero);
        return rounded == 0 ? 0 : rounded;
    }

    public static string Format(double value, int digits) => Round(value, digits).ToString("0.#########", CultureInfo.InvariantCulture);
}
