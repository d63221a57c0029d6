using Leuka.Patients;
using Leuka.Physiology;

namespace Leuka.Procedure;

/// <summary>
/// The run's totals and extremes (volumes in mL, amounts in mmol), and the mass balances that
/// check them: everything that entered the patient or the set is somewhere now.
/// </summary>
internal sealed class RunLedger(PatientPhysiologyState start)
{
    private readonly double[] _netProduction = new double[DisposableSet.Pools];
    private double _patientCitrateNet;
    private double _heparinNet;
    private double _calciumNet;
    private double _magnesiumNet;

    public double ProcessedMl { get; private set; }

    public double AcMl { get; private set; }

    public double AcCitrateMmol { get; private set; }

    public double SalineMl { get; private set; }

    public double InfusedMl { get; private set; }

    public double DrawnMl { get; private set; }

    public double ReturnedMl { get; private set; }

    public double CitrateToPatientMmol { get; private set; }

    /// <summary>Heparin that reached the patient (with the AC and as a bolus), IU.</summary>
    public double HeparinToPatientUnits { get; private set; }

    /// <summary>The heparin bolus given at connection, IU.</summary>
    public double HeparinBolusUnits { get; private set; }

    /// <summary>Heparin the AC pump carried into the set, IU.</summary>
    public double HeparinPumpedUnits { get; private set; }

    /// <summary>Heparin per mmol of the AC's citrate, IU/mmol (0 without heparin): the set's heparin is its citrate's share.</summary>
    public double HeparinPerCitrateMmol { get; set; }

    public void HeparinToPatient(double units) => HeparinToPatientUnits += units;

    public void HeparinPumped(double units) => HeparinPumpedUnits += units;

    public void HeparinBolus(double units) => HeparinBolusUnits += units;

    public double CalciumGivenMmol { get; private set; }

    public double CalciumRemovedMmol { get; private set; }

    /// <summary>Calcium the circuit gave back with the patient's plasma.</summary>
    public double CalciumReturnedMmol { get; private set; }

    /// <summary>Magnesium drawn into the circuit with the patient's plasma, and given back.</summary>
    public double MagnesiumRemovedMmol { get; private set; }

    public double MagnesiumReturnedMmol { get; private set; }

    /// <summary>Blood drawn from the patient for samples, mL.</summary>
    public double SampledMl { get; private set; }

    /// <summary>Magnesium given to the patient (prophylaxis), mmol.</summary>
    public double MagnesiumGivenMmol { get; private set; }

    /// <summary>The lowest ionized magnesium, mmol/L.</summary>
    public double NadirMagnesium { get; private set; } = start.IonizedMagnesium.MillimolesPerLiter;

    public double PeakCitrateRate { get; private set; }

    public double PeakCitrate { get; private set; }

    public double NadirCalcium { get; private set; } = start.IonizedCalcium.MillimolesPerLiter;

    public double NadirAt { get; private set; }

    public double PeakExtracorporealMl { get; private set; }

    /// <summary>The lowest plasma potassium, mmol/L.</summary>
    public double NadirPotassium { get; private set; } = start.Potassium.MillimolesPerLiter;

    /// <summary>The highest arterial pH.</summary>
    public double PeakPh { get; private set; } = start.Ph;

    private double _bicarbonateNet;

    // Everything that moved through the bicarbonate balance, the scale of its round-off: the net
    // passes through zero early in a run, when the AC's citric acid has arrived before the base.
    private double _bicarbonateGross;
    private double _potassiumShifted;
    private double _potassiumExchanged;

    /// <summary>Potassium drawn into the circuit with the plasma, and given back, mmol.</summary>
    public double PotassiumRemovedMmol { get; private set; }

    public double PotassiumReturnedMmol { get; private set; }

    /// <summary>What the patient received (returned blood, saline, AC, calcium) less what was drawn.</summary>
    public double FluidBalanceMl => ReturnedMl + InfusedMl - DrawnMl;

    /// <summary>One step's exchange: the AC pumped, blood processed, what reached and left the patient.</summary>
    public void Exchange(double acMl, double acCitrateMmol, double processedMl, PatientFlux flux, Compartment returned, double infusedMl, double calciumGivenMmol, double calciumRemovedMmol)
    {
        for (var i = 0; i < DisposableSet.Pools; i++)
        {
            var f = flux.Pools[i];
            _netProduction[i] += f.Produced.E9 - f.Cleared.E9 + f.Grown.E9;
        }

        _bicarbonateNet += flux.AcidBase.Generated - flux.AcidBase.Buffered - flux.AcidBase.Excreted;
        _bicarbonateGross += flux.AcidBase.Generated + flux.AcidBase.Buffered + Math.Abs(flux.AcidBase.Excreted);
        _potassiumShifted += flux.AcidBase.Shifted;
        _potassiumExchanged += flux.AcidBase.PotassiumReturned - flux.AcidBase.PotassiumDrawn;
        PotassiumRemovedMmol += flux.AcidBase.PotassiumDrawn;
        PotassiumReturnedMmol += returned.PotassiumMmol;
        _patientCitrateNet += flux.Citrate.Infused.Millimoles + flux.Citrate.Produced.Millimoles - flux.Citrate.Eliminated.Millimoles;
        _heparinNet += flux.Heparin.Given - flux.Heparin.Eliminated;
        var mg = flux.Magnesium;
        _magnesiumNet += mg.Infused.Millimoles - mg.RenalLoss.Millimoles - mg.Removed.Millimoles + mg.Returned.Millimoles + mg.Exchanged.Millimoles;
        MagnesiumRemovedMmol += mg.Removed.Millimoles;
        MagnesiumGivenMmol += mg.Infused.Millimoles;
        MagnesiumReturnedMmol += returned.MagnesiumMmol;
        _calciumNet += flux.Calcium.Infused.Millimoles + flux.Calcium.Mobilised.Millimoles - flux.Calcium.RenalLoss.Millimoles - flux.Calcium.Removed.Millimoles + flux.Calcium.Returned.Millimoles;
        AcMl += acMl;
        AcCitrateMmol += acCitrateMmol;
        DrawnMl += flux.Fluid.Drawn.Milliliters;
        ReturnedMl += returned.VolumeMl;
        InfusedMl += infusedMl;
        ProcessedMl += processedMl;
        CitrateToPatientMmol += returned.CitrateMmol;
        CalciumGivenMmol += calciumGivenMmol;
        CalciumRemovedMmol += calciumRemovedMmol;
        CalciumReturnedMmol += returned.CalciumMmol;
    }

    /// <summary>Blood drawn for a sample (it left the patient for good).</summary>
    public void Sampled(double ml) => SampledMl += ml;

    /// <summary>The citrate infusion rate during the run (rinseback's return is in the time series, not in the peak).</summary>
    public void ObserveCitrateRate(double citrateRate) => PeakCitrateRate = Math.Max(PeakCitrateRate, citrateRate);

    public void Rinse(double salineMl) => SalineMl += salineMl;

    /// <summary>The extremes after a step.</summary>
    public void Observe(double time, PatientPhysiologyState patient, double extracorporealMl)
    {
        PeakExtracorporealMl = Math.Max(PeakExtracorporealMl, extracorporealMl);
        PeakCitrate = Math.Max(PeakCitrate, patient.PlasmaCitrate.MillimolesPerLiter);
        NadirMagnesium = Math.Min(NadirMagnesium, patient.IonizedMagnesium.MillimolesPerLiter);
        NadirPotassium = Math.Min(NadirPotassium, patient.Potassium.MillimolesPerLiter);
        PeakPh = Math.Max(PeakPh, patient.Ph);
        if (patient.IonizedCalcium.MillimolesPerLiter < NadirCalcium)
        {
            NadirCalcium = patient.IonizedCalcium.MillimolesPerLiter;
            NadirAt = time;
        }
    }

    /// <summary>Mass balances of everything the run moves: what entered = what is held now.</summary>
    public IReadOnlyList<Balance> Balances(PatientPhysiologyState now, PatientPhysiologyParameters parameters, DisposableSet set)
    {
        var list = new List<Balance>();
        var sides = new[] { set.DrawSide, set.ReturnSide, set.Bag, set.Discarded };
        for (var i = 0; i < DisposableSet.Pools; i++)
        {
            var before = start.Pools[i].Total.E9;
            list.Add(new Balance(
                ((CellSpecies)i).ToString(),
                before + _netProduction[i],
                now.Pools[i].Total.E9 + set.DrawSide.Cells[i] + set.ReturnSide.Cells[i] + set.Bag.Cells[i] + set.Discarded.Cells[i],
                before + Math.Abs(_netProduction[i]) + (DrawnMl * start.Concentration((CellSpecies)i).E9PerLiter / 1000)));
        }

        var red0 = start.Fluid.RedCells.Milliliters;
        list.Add(new Balance("RedCells", red0 + set.RedPrimedMl, now.Fluid.RedCells.Milliliters + sides.Sum(c => c.RedMl), red0 + DrawnMl));
        var water0 = start.Fluid.Intravascular.Milliliters + start.Fluid.Interstitial.Milliliters;
        list.Add(new Balance(
            "Water",
            water0 + AcMl + set.PrimeInMl + SalineMl + InfusedMl,
            now.Fluid.Intravascular.Milliliters + now.Fluid.Interstitial.Milliliters + (now.Fluid.Excreted - start.Fluid.Excreted).Milliliters + sides.Sum(c => c.VolumeMl),
            water0 + DrawnMl + AcMl));
        list.Add(new Balance("AcCitrate", AcCitrateMmol, CitrateToPatientMmol + sides.Sum(c => c.CitrateMmol), AcCitrateMmol + 1e-12));
        var citrateVolumeL = parameters.Citrate.DistributionVolume.Liters;
        var citrate0 = start.PlasmaCitrate.MillimolesPerLiter * citrateVolumeL;
        list.Add(new Balance("PatientCitrate", citrate0 + _patientCitrateNet, now.PlasmaCitrate.MillimolesPerLiter * citrateVolumeL, citrate0 + CitrateToPatientMmol));
        var calcium0 = start.Calcium.Total.Millimoles;
        list.Add(new Balance("Calcium", calcium0 + _calciumNet, now.Calcium.Total.Millimoles, calcium0 + CalciumGivenMmol + CalciumRemovedMmol));
        list.Add(new Balance("CircuitCalcium", CalciumRemovedMmol, CalciumReturnedMmol + sides.Sum(c => c.CalciumMmol), CalciumRemovedMmol + 1e-12));
        var magnesium0 = start.Magnesium.Total.Millimoles;
        list.Add(new Balance("Magnesium", magnesium0 + _magnesiumNet, now.Magnesium.Total.Millimoles, magnesium0 + MagnesiumRemovedMmol + 1e-12));
        // Potassium: extracellular plus shifted into cells, with what the circuit drew and gave back;
        // in the circuit it travels with the plasma (product and samples keep theirs).
        var ecf0 = parameters.AcidBase.ExtracellularVolume.Liters;
        var potassium0 = parameters.AcidBase.BaselinePotassium * ecf0;
        var ecf = PatientPhysiology.ExtracellularVolume(now.Fluid, parameters).Liters;
        list.Add(new Balance("Potassium", potassium0 + _potassiumExchanged, (now.Potassium.MillimolesPerLiter * ecf) + _potassiumShifted, potassium0 + PotassiumRemovedMmol));
        list.Add(new Balance("CircuitPotassium", PotassiumRemovedMmol, PotassiumReturnedMmol + sides.Sum(c => c.PotassiumMmol), PotassiumRemovedMmol + 1e-12));
        list.Add(new Balance("Bicarbonate", _bicarbonateNet, now.AcidBase.ExcessBicarbonate, _bicarbonateGross + 1e-12));
        list.Add(new Balance("Heparin", start.HeparinUnits + _heparinNet, now.HeparinUnits, start.HeparinUnits + HeparinToPatientUnits + 1e-12));
        // The AC's heparin: what the pump carried and the bolus = what reached the patient + what the
        // set, the bag and the discarded hold (their AC citrate's share).
        list.Add(new Balance("AcHeparin", HeparinPumpedUnits + HeparinBolusUnits, HeparinToPatientUnits + (sides.Sum(c => c.CitrateMmol) * HeparinPerCitrateMmol), HeparinPumpedUnits + HeparinBolusUnits + 1e-12));
        list.Add(new Balance("CircuitMagnesium", MagnesiumRemovedMmol, MagnesiumReturnedMmol + sides.Sum(c => c.MagnesiumMmol), MagnesiumRemovedMmol + 1e-12));
        return list;
    }
}
