using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>One time-series row per report interval (and at the end): the patient, the pumps, the set and the bag.</summary>
internal sealed class TimeSeriesRecorder
{
    public List<TimeSeriesRow> Rows { get; } = [];

    // One row per time: a run that ends on a report minute (a fault) replaces that minute's row
    // with the final state instead of adding a second row at the same time.
    public void Record(double time, ProcedurePhase phase, bool paused, PatientPhysiologyState p, RunLedger ledger, PumpReadings pumps, InterfaceControlState control, double extracorporealMl, Compartment bag, Haemodynamics circulation)
    {
        var row = new TimeSeriesRow(
            time,
            phase,
            paused,
            p.Wbc.E9PerLiter,
            p.Platelets.E9PerLiter,
            p.Hematocrit.Percent,
            p.Concentration(CellSpecies.Blasts).E9PerLiter,
            p.Concentration(CellSpecies.Lymphocytes).E9PerLiter,
            p.Concentration(CellSpecies.Cd34).PerMicroliter,
            ledger.ProcessedMl,
            pumps.Inlet.MillilitersPerMinute,
            pumps.Ac.MillilitersPerMinute,
            pumps.Collect.MillilitersPerMinute,
            control.PlasmaFlow.MillilitersPerMinute,
            pumps.Return.MillilitersPerMinute,
            p.PlasmaCitrate.MillimolesPerLiter,
            p.IonizedCalcium.MillimolesPerLiter,
            p.IonizedMagnesium.MillimolesPerLiter,
            pumps.CitrateMgPerKgPerMin,
            extracorporealMl,
            bag.VolumeMl,
            bag.Cells[0] + bag.Cells[1] + bag.Cells[2] + bag.Cells[3],
            bag.Cells[(int)CellSpecies.Cd34] * 1000,
            bag.Cells[(int)CellSpecies.Platelets],
            ledger.FluidBalanceMl,
            pumps.AccessPressureMmHg,
            pumps.ReturnPressureMmHg,
            control.OpenLoop)
        {
            MeanPressure = circulation.MeanMmHg,
            SystolicPressure = circulation.SystolicMmHg,
            DiastolicPressure = circulation.DiastolicMmHg,
            HeartRate = circulation.HeartRatePerMin,
            Potassium = p.Potassium.MillimolesPerLiter,
            Ph = p.Ph,
            AntiXa = p.AntiXa.InternationalUnitsPerMilliliter,
        };
        if (Rows.Count > 0 && Rows[^1].TimeMin == time)
        {
            Rows[^1] = row;
        }
        else
        {
            Rows.Add(row);
        }
    }
}
