using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Procedure;

/// <summary>
/// The result of a run: counts before and after, the product, collection efficiencies (CE2 on the
/// pre-procedure count, CE1 on the mean of pre and post), citrate and calcium, volumes, alarms,
/// warnings and the follow-up prediction.
/// </summary>
internal static class ResultBuilder
{
    public static ProcedureResult Build(Scenario scenario, PatientPhysiologyParameters parameters, PatientPhysiologyState start, PatientPhysiologyState end, RunState run)
    {
        var ledger = run.Ledger;
        var bag = run.Set.Bag;
        var tbvMl = parameters.EstimatedBloodVolume.Milliliters;
        var weightKg = scenario.Patient.Weight.Kilograms;
        var wholeBloodL = ledger.ProcessedMl / 1000;
        double Ce(double product, double pre, double post, bool mean) => pre <= 0 || wholeBloodL <= 0 ? 0 : 100 * product / ((mean ? (pre + post) / 2 : pre) * wholeBloodL);
        double Pre(CellSpecies s) => start.Concentration(s).E9PerLiter;
        double Post(CellSpecies s) => end.Concentration(s).E9PerLiter;
        double Bag(CellSpecies s) => bag.Cells[(int)s];
        (double, double) Both(double product, double pre, double post) => (Ce(product, pre, post, true), Ce(product, pre, post, false));
        (double, double) Of(CellSpecies s) => Both(Bag(s), Pre(s), Post(s));

        var wbcPre = start.Wbc.E9PerLiter;
        var wbcPost = end.Wbc.E9PerLiter;
        var wbcProduct = Bag(CellSpecies.Granulocytes) + Bag(CellSpecies.Lymphocytes) + Bag(CellSpecies.Monocytes) + Bag(CellSpecies.Blasts);
        var mncProduct = Bag(CellSpecies.Lymphocytes) + Bag(CellSpecies.Monocytes) + Bag(CellSpecies.Blasts);
        var mncPre = Pre(CellSpecies.Lymphocytes) + Pre(CellSpecies.Monocytes) + Pre(CellSpecies.Blasts);
        var mncPost = Post(CellSpecies.Lymphocytes) + Post(CellSpecies.Monocytes) + Post(CellSpecies.Blasts);
        var postPlatelets = end.Platelets.E9PerLiter;
        var follow = PatientPhysiology.FollowUp(end, parameters, [Duration.FromHours(6), Duration.FromHours(24)]);
        return new ProcedureResult(
            scenario.Name,
            scenario.Procedure.Kind,
            tbvMl / 1000,
            ledger.ProcessedMl / 1000,
            ledger.ProcessedMl / tbvMl,
            run.Time,
            StopReason(scenario, run, wbcPost),
            new CountChange(wbcPre, wbcPost),
            new CountChange(start.Platelets.E9PerLiter, postPlatelets),
            (start.Hematocrit.Percent, end.Hematocrit.Percent),
            new ProductSummary(
                bag.VolumeMl,
                bag.VolumeMl > 0 ? 100 * bag.RedMl / bag.VolumeMl : 0,
                wbcProduct,
                Bag(CellSpecies.Platelets),
                wbcProduct > 0 ? 100 * Bag(CellSpecies.Granulocytes) / wbcProduct : 0,
                Bag(CellSpecies.Lymphocytes),
                Bag(CellSpecies.Monocytes),
                Bag(CellSpecies.Blasts),
                Bag(CellSpecies.Cd34) * 1000,
                Bag(CellSpecies.Lymphocytes) * run.Cd3Share,
                Bag(CellSpecies.Cd34) * 1000 / weightKg),
            new Efficiencies(Both(wbcProduct, wbcPre, wbcPost), Both(mncProduct, mncPre, mncPost), Of(CellSpecies.Cd34), Of(CellSpecies.Lymphocytes))
            {
                Platelets = Both(Bag(CellSpecies.Platelets), start.Platelets.E9PerLiter, postPlatelets),
            },
            Pharmacokinetics(scenario, run, new CitrateSummary(ledger.AcMl, ledger.PeakCitrateRate, ledger.PeakCitrate, ledger.CitrateToPatientMmol)),
            new CalciumSummary(
                start.IonizedCalcium.MillimolesPerLiter,
                ledger.NadirCalcium,
                ledger.NadirAt,
                ledger.CalciumGivenMmol,
                run.Orders.ProbabilityAtSymptoms ?? PatientPhysiology.CitrateReactionProbability(end, parameters, weightKg, ledger.CitrateToPatientMmol, run.Time),
                PatientPhysiology.TotalCalcium(start, parameters).MillimolesPerLiter,
                PatientPhysiology.TotalCalcium(end, parameters).MillimolesPerLiter,
                end.IonizedCalcium.MillimolesPerLiter) { SymptomsAtMin = run.Orders.SymptomsAt },
            (ledger.PeakExtracorporealMl, 100 * ledger.PeakExtracorporealMl / tbvMl),
            ledger.FluidBalanceMl,
            [.. run.Log.Alarms],
            Warnings(scenario, run, wholeBloodL, postPlatelets, wbcPost),
            [.. run.Phases.History],
            [.. run.Log.Entries],
            [.. follow],
            run.SeparatorCells,
            new CountChange(Pre(CellSpecies.Lymphocytes), Post(CellSpecies.Lymphocytes)),
            (start.Concentration(CellSpecies.Cd34).PerMicroliter, end.Concentration(CellSpecies.Cd34).PerMicroliter),
            start.Pools[(int)CellSpecies.Cd34].Circulating.E6)
        {
            SampledMl = ledger.SampledMl,
            Magnesium = new MagnesiumSummary(
                start.IonizedMagnesium.MillimolesPerLiter,
                ledger.NadirMagnesium,
                end.IonizedMagnesium.MillimolesPerLiter,
                PatientPhysiology.TotalMagnesium(start, parameters).MillimolesPerLiter,
                PatientPhysiology.TotalMagnesium(end, parameters).MillimolesPerLiter,
                ledger.MagnesiumGivenMmol),
            Circulation = Circulation(scenario, parameters, run.Circulation, run),
            Potassium = new PotassiumSummary(
                start.Potassium.MillimolesPerLiter,
                ledger.NadirPotassium,
                end.Potassium.MillimolesPerLiter,
                end.AcidBase.BicarbonateGain(parameters.AcidBase),
                ledger.PeakPh),
            Heparin = scenario.Procedure.Heparin is null ? null : new HeparinSummary(
                ledger.HeparinToPatientUnits,
                ledger.HeparinBolusUnits,
                ledger.HeparinToPatientUnits / weightKg,
                run.Time > 0 ? (ledger.HeparinToPatientUnits - ledger.HeparinBolusUnits) / weightKg / (run.Time / 60) : 0,
                end.AntiXaPeak.InternationalUnitsPerMilliliter,
                end.AntiXa.InternationalUnitsPerMilliliter,
                HeparinKinetics.MinutesToClear(end.AntiXa.InternationalUnitsPerMilliliter, parameters.HeparinHalfLifeMinutes)),
        };
    }

    // A citrate infusion's clearance and half-life, computed from the plasma curve as a
    // pharmacokinetic study would: a log-linear fit of the excess over baseline from 15 min after
    // the infusion stops, and dose / AUC with the tail extrapolated by that fit.
    private static CitrateSummary Pharmacokinetics(Scenario scenario, RunState run, CitrateSummary citrate)
    {
        if (scenario.Procedure.CitrateInfusion is not { } infusion || citrate.ToPatientMmol <= 0)
        {
            return citrate;
        }

        var rows = run.Recorder.Rows;
        var baseline = rows[0].PlasmaCitrate;
        var fall = rows.Where(r => r.TimeMin >= infusion.For.Minutes + 15 && r.PlasmaCitrate - baseline > 1e-6).ToArray();
        if (fall.Length < 5)
        {
            return citrate;
        }

        var (_, slope) = MathNet.Numerics.Fit.Line([.. fall.Select(r => r.TimeMin)], [.. fall.Select(r => Math.Log(r.PlasmaCitrate - baseline))]);
        if (slope >= 0)
        {
            return citrate;
        }

        var auc = 0.0;
        for (var i = 1; i < rows.Count; i++)
        {
            auc += (rows[i].TimeMin - rows[i - 1].TimeMin) * ((rows[i].PlasmaCitrate + rows[i - 1].PlasmaCitrate) / 2 - baseline);
        }

        auc += (rows[^1].PlasmaCitrate - baseline) / -slope;
        return citrate with { ClearanceMlPerMin = 1000 * citrate.ToPatientMmol / auc, HalfLifeMin = Math.Log(2) / -slope };
    }

    // The risk at the start, and twice the odds for a man whose product turned out large.
    private static double VasovagalRiskAfter(Scenario scenario, PatientPhysiologyParameters parameters, RunState run)
    {
        var patient = scenario.Patient;
        var female = patient.Sex == Sex.Female;
        return VasovagalRisk.LargeCollection(female, Volume.FromMilliliters(run.Set.Bag.VolumeMl), parameters.EstimatedBloodVolume)
            ? VasovagalRisk.Probability(female, patient.PriorProcedures == 0, parameters.EstimatedBloodVolume, patient.AgeYears, largeCollection: true)
            : parameters.VasovagalRisk;
    }

    private static CirculationSummary Circulation(Scenario scenario, PatientPhysiologyParameters parameters, CirculationCare care, RunState run)
    {
        var c = parameters.Circulation;
        var lowest = double.IsPositiveInfinity(care.LowestMean.MeanMmHg) ? (c.MeanPressureMmHg, run.Time) : care.LowestMean;
        return new CirculationSummary(
            c.BaselineSystolicMmHg,
            c.BaselineDiastolicMmHg,
            c.MeanPressureMmHg,
            c.HeartRatePerMin,
            lowest.Item1,
            lowest.Item2,
            Math.Min(care.LowestSystolic, c.BaselineSystolicMmHg),
            Math.Max(care.HighestHeartRate, c.HeartRatePerMin),
            c.HypotensionSystolicMmHg,
            care.MinutesHypotensive,
            care.HypotensionAt,
            care.SalineGivenMl,
            c.Measured) { VasovagalRisk = VasovagalRiskAfter(scenario, parameters, run) };
    }

    // A WBC target is judged on the count after rinseback: the reason says the value reached.
    private static string StopReason(Scenario scenario, RunState run, double wbcPost) =>
        run.Phases.StoppedAtTarget && run.Phases.Finished && scenario.Procedure.Stop is TargetPostWbcStop w
            ? Text.F($"white count {wbcPost:0.##} ×10^9/L after rinseback, {(wbcPost <= w.Wbc.E9PerLiter ? "at or below" : "above")} the target {w.Wbc.E9PerLiter:0.##}")
            : run.Phases.StopReason;

    private static List<RunWarning> Warnings(Scenario scenario, RunState run, double wholeBloodL, double postPlatelets, double wbcPost)
    {
        var warnings = new List<RunWarning>(run.Log.Warnings);
        if (run.Phases.StoppedAtTarget && run.Phases.Finished && scenario.Procedure.Stop is TargetPostWbcStop w && wbcPost > w.Wbc.E9PerLiter)
        {
            warnings.Add(new RunWarning(Codes.TargetNotReached.Name, Text.F($"the white count after rinseback is {wbcPost:0.##} ×10^9/L, above the target {w.Wbc.E9PerLiter:0.##}: recruitment during rinseback raised it; plan with a slightly larger volume")));
        }

        var infusionOnly = scenario.Procedure.Kind == ProcedureKind.CitrateInfusion;
        if (scenario.Patient.Labs.Cd34 is null && !infusionOnly)
        {
            warnings.Add(new RunWarning(Codes.Cd34NotMeasured.Name, "no blood CD34+ count was entered: CD34+ collection efficiency reports 0 and the product's CD34+ content is not predicted"));
        }

        if (wholeBloodL <= 0 && !infusionOnly)
        {
            warnings.Add(new RunWarning(Codes.NothingProcessed.Name, "no blood was processed: collection efficiencies report 0"));
        }

        if (run.Phases.Finished && run.Events.Count > 0)
        {
            warnings.Add(new RunWarning(Codes.EventsNotApplied.Name, Text.F($"{run.Events.Count} event(s) were timed after the procedure ended at {run.Time:0.#} min (the first at {run.Events.Peek().At.Minutes:0.#} min) and were not applied")));
        }

        // What the planner would caution about, said after the run too.
        var ledger = run.Ledger;
        if (ledger.PeakCitrateRate > ClinicalThresholds.CitrateRateCeiling)
        {
            warnings.Add(new RunWarning(Codes.CitrateRate.Name, Text.F($"citrate reached the patient at up to {ledger.PeakCitrateRate:0.00} mg/kg/min, above the {ClinicalThresholds.CitrateRateCeiling:0.0} mg/kg/min ceiling: continuous calcium and a close watch for symptoms")));
        }

        var tbvMl = run.TotalBloodVolumeMl;
        if (tbvMl > 0 && 100 * ledger.PeakExtracorporealMl / tbvMl > ClinicalThresholds.ExtracorporealCautionPercent && scenario.Procedure.Prime == PrimeFluid.Saline)
        {
            warnings.Add(new RunWarning(Codes.EcvHigh.Name, Text.F($"the set held {100 * ledger.PeakExtracorporealMl / tbvMl:0.#} % of the blood volume (above {ClinicalThresholds.ExtracorporealCautionPercent:0} %) with a saline prime: consider a red-cell prime")));
        }

        if (tbvMl > 0 && 100 * Math.Abs(ledger.FluidBalanceMl) / tbvMl > ClinicalThresholds.FluidBalancePercentOfTbv)
        {
            warnings.Add(new RunWarning(Codes.FluidBalanceLarge.Name, Text.F($"fluid balance {ledger.FluidBalanceMl:+0;-0} mL is {100 * Math.Abs(ledger.FluidBalanceMl) / tbvMl:0} % of the blood volume (above {ClinicalThresholds.FluidBalancePercentOfTbv:0} %): check volume status")));
        }

        if (scenario.Procedure.Heparin is not null && run.Patient.AntiXaPeak.InternationalUnitsPerMilliliter > ClinicalThresholds.HeparinAntiXaCeiling)
        {
            warnings.Add(new RunWarning(Codes.HeparinHigh.Name, Text.F($"plasma heparin reached {run.Patient.AntiXaPeak.InternationalUnitsPerMilliliter:0.00} IU/mL anti-Xa, above the therapeutic {ClinicalThresholds.HeparinAntiXaCeiling:0.0}: a bleeding risk at the access and when the catheter comes out; check aPTT or anti-Xa, and lower the heparin per mL of AC or the bolus")));
        }

        if (ledger.NadirPotassium < ClinicalThresholds.PotassiumFloor)
        {
            warnings.Add(new RunWarning(Codes.PotassiumLow.Name, Text.F($"plasma potassium fell to {ledger.NadirPotassium:0.00} mmol/L (below {ClinicalThresholds.PotassiumFloor:0.0}) as citrate's bicarbonate moved it into cells: measure potassium after the procedure and replace it")));
        }

        if (ledger.NadirMagnesium < ClinicalThresholds.IonizedMagnesiumFloor)
        {
            warnings.Add(new RunWarning(Codes.MagnesiumLow.Name, Text.F($"ionized magnesium fell to {ledger.NadirMagnesium:0.00} mmol/L, below the healthy range ({ClinicalThresholds.IonizedMagnesiumFloor:0.00}–{ClinicalThresholds.IonizedMagnesiumHealthyTop:0.00}): citrate binds it as it binds calcium, and its fall adds to low calcium's tingling and cramps; it recovers within hours of the end. For long or repeated runs, magnesium can be given with the calcium (procedure.magnesiumProphylaxis), as in children's large-volume collections")));
        }

        if (postPlatelets < ClinicalThresholds.PlateletFloorWithBleeding)
        {
            warnings.Add(new RunWarning(Codes.PlateletsLowAfter.Name, Text.F($"platelets after the procedure {postPlatelets:0} ×10^9/L are below 50 ×10^9/L: check for bleeding risk before another procedure (below 20, consider transfusion)")));
        }

        return warnings;
    }
}
