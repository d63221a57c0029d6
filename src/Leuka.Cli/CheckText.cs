using System.Globalization;
using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Physiology;
using Leuka.Scenarios;
using Spectre.Console;

namespace Leuka.Cli;

/// <summary>The human-readable output of <c>leuka check</c>.</summary>
internal static class CheckText
{
    public static void Write(IAnsiConsole console, Scenario scenario, IReadOnlyList<ScenarioWarning> warnings)
    {
        var patient = scenario.Patient;
        var labs = patient.Labs;
        var a = PatientAssessment.Of(patient);
        var p = scenario.Procedure;

        console.MarkupLine($"[bold]{Markup.Escape(scenario.Name)}[/]");
        console.MarkupLine("[green]Scenario is valid.[/]");
        console.WriteLine();

        var table = new Table().Border(TableBorder.Simple).AddColumn("Patient").AddColumn("Value");
        Row(table, "Sex, age", $"{ScenarioWords.Of(patient.Sex)}, {F(patient.AgeYears, "0.##")} years");
        var doubling = patient.MalignantDoublingTime is { } dt ? $", doubling time {F(dt.Days, "0.#")} d" : string.Empty;
        var liver = patient.LiverDisease ? ", liver disease" : string.Empty;
        Row(table, "Diagnosis", $"{ScenarioWords.Of(patient.Diagnosis)}{doubling}{liver}");
        Row(table, "Height, weight", $"{F(patient.Height.Centimeters, "0.#")} cm, {F(patient.Weight.Kilograms, "0.#")} kg (BMI {F(a.BodyMassIndex, "0.0")} kg/m²)");
        var expansion = a.BloodVolume.ExpansionFactor != 1 ? $" × expansion {F(a.BloodVolume.ExpansionFactor, "0.##")}" : string.Empty;
        Row(table, "Total blood volume", $"{F(a.BloodVolume.Total.Liters, "0.00")} L ({ScenarioWords.Of(a.BloodVolume.Method)}{expansion}; {F(a.BloodVolume.MillilitersPerKilogram, "0")} mL/kg)");
        Row(table, "Plasma volume", $"{F(a.PlasmaVolume.Liters, "0.00")} L");
        Row(table, "Red-cell volume", $"{F(a.RedCellVolume.Liters, "0.00")} L");
        Row(table, "Leukocrit", $"{F(a.Leukocrit.Percent, "0.0#")} %");
        Row(table, "WBC", $"{F(labs.Wbc.E9PerLiter, "0.##")} ×10^9/L ({F(a.CirculatingWbc.E9, "0")} ×10^9 circulating)");
        Row(table, "Differential", Differential(labs));
        Row(table, "Haematocrit", $"{F(labs.Hematocrit.Percent, "0.#")} %");
        Row(table, "Platelets", $"{F(labs.Platelets.E9PerLiter, "0.#")} ×10^9/L");
        if (labs.Cd34 is { } cd34)
        {
            Row(table, "CD34+", $"{F(cd34.PerMicroliter, "0.#")} /µL ({F(a.CirculatingCd34!.Value.E6, "0")} ×10^6 circulating)");
        }

        if (labs.Cd3 is { } cd3)
        {
            Row(table, "CD3+", $"{F(cd3.PerMicroliter, "0")} /µL");
        }

        Row(table, "Ionized calcium", labs.IonizedCalcium is { } ica ? $"{F(ica.MillimolesPerLiter, "0.00")} mmol/L" : "not given (1.20 mmol/L assumed)");
        Row(table, "Potassium", labs.Potassium is { } k ? $"{F(k.MillimolesPerLiter, "0.0")} mmol/L" : "not given (4.0 mmol/L assumed)");
        var vitals = scenario.Patient.Vitals ?? CirculationParameters.TypicalFor(scenario.Patient.AgeYears);
        Row(table, "Blood pressure, heart rate", $"{F(vitals.SystolicMmHg, "0")}/{F(vitals.DiastolicMmHg, "0")} mmHg, {F(vitals.HeartRatePerMin, "0")} /min" + (scenario.Patient.Vitals is null ? " (not given: typical for age)" : "") + $"; hypotension below {F(CirculationParameters.ThresholdFor(scenario.Patient.AgeYears, vitals.SystolicMmHg), "0")} mmHg systolic");
        Row(table, "Earlier apheresis procedures", scenario.Patient.PriorProcedures == 0 ? "none (first procedure)" : $"{scenario.Patient.PriorProcedures}");
        if (labs.Hemoglobin is { } hb)
        {
            Row(table, "Haemoglobin", $"{F(hb.GramsPerDeciliter, "0.#")} g/dL");
        }

        console.Write(table);

        var procedure = new Table().Border(TableBorder.Simple).AddColumn("Procedure").AddColumn("Setting");
        Row(procedure, "Kind", ScenarioWords.Of(p.Kind));
        Row(procedure, "Inlet flow", $"{F(p.InletFlow.MillilitersPerMinute, "0.#")} mL/min{D(p, "inletFlow")}");
        Row(procedure, "Inlet:AC ratio", $"{F(p.InletToAcRatio, "0.#")} (AC {F(p.AcFlow.MillilitersPerMinute, "0.##")} mL/min){D(p, "inletToAcRatio")}");
        Row(procedure, "Collect flow", $"{F(p.CollectFlow.MillilitersPerMinute, "0.##")} mL/min, {ScenarioWords.Of(p.CollectionMode)}{D(p, "collectFlow")}");
        Row(procedure, "Stop", $"{ScenarioWords.Of(p.Stop)}{D(p, "stop")}");
        Row(procedure, "AC rate limit", $"{F(p.AcInfusionRateLimit.MillilitersPerMinutePerLiter, "0.##")} mL/min/L TBV{D(p, "acInfusionRateLimit")}");
        Row(procedure, "Centrifuge", p.CentrifugeSpeed is { } speed ? $"{F(speed.RevolutionsPerMinute, "0")} rpm" : "protocol speed");
        if (p.Kind != ProcedureKind.CitrateInfusion)
        {
            // What hangs on the AC pole: the citrate solution, and heparin when it is added.
            Row(procedure, "Anticoagulant", $"{p.AnticoagulantUsed.Name}{D(p, "anticoagulant")}"
                + (p.Heparin is { } h ? $", heparin {F(h.PerAc.InternationalUnitsPerMilliliter, "0.#")} IU/mL of AC" + (h.Bolus is { } b ? $", bolus {F(b.InternationalUnits, "0")} IU" : h.BolusPerKg is { } bk ? $", bolus {F(bk.InternationalUnitsPerKilogram, "0.#")} IU/kg" : "") : ""));
        }

        Row(procedure, "Calcium", p.CalciumProphylaxis.Infusion.MillimolesPerHour > 0 ? $"{F(p.CalciumProphylaxis.Infusion.MillimolesPerHour, "0.##")} mmol/h continuous" : $"none{D(p, "calciumProphylaxis")}");
        Row(procedure, "Prime, access", $"{ScenarioWords.Of(p.Prime)}, {ScenarioWords.Of(p.Access)}");
        Row(procedure, "Set volume", string.Create(CultureInfo.InvariantCulture, $"{p.SetVolumeUsed.Milliliters:0} mL{D(p, "setVolume")}"));
        foreach (var e in scenario.Events)
        {
            Row(procedure, $"At {F(e.At.Minutes, "0.#")} min", ScenarioWords.Of(e.Action));
        }

        console.Write(procedure);

        if (warnings.Count > 0)
        {
            console.MarkupLine($"[yellow]Warnings ({warnings.Count}):[/]");
            foreach (var warning in warnings)
            {
                console.MarkupLine($"  [yellow]![/] {Markup.Escape(warning.Message)} [grey]({Markup.Escape(warning.Path)})[/]");
            }
        }
        else
        {
            console.WriteLine("No warnings.");
        }
    }

    private static string Differential(Labs labs)
    {
        var d = labs.Differential;
        var parts = new (string Name, double Percent)[]
        {
            ("blasts", d.Blasts.Percent), ("neutrophils", d.Neutrophils.Percent), ("immature granulocytes", d.ImmatureGranulocytes.Percent),
            ("lymphocytes", d.Lymphocytes.Percent), ("monocytes", d.Monocytes.Percent), ("eosinophils", d.Eosinophils.Percent), ("basophils", d.Basophils.Percent),
        };
        var text = string.Join(", ", parts.Where(x => x.Percent > 0).Select(x => $"{x.Name} {F(x.Percent, "0.#")} %"));
        return labs.DifferentialAssumed ? $"{text} (assumed normal)" : text;
    }

    private static string D(ProcedureSettings p, string field) => p.Defaulted.Contains(field) ? " (default)" : string.Empty;

    private static void Row(Table table, string name, string value) => table.AddRow(Markup.Escape(name), Markup.Escape(value));

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
