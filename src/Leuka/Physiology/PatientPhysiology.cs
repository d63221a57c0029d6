using System.Collections.Immutable;
using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>Everything about the patient that the physiology models need, fixed for a run.</summary>
/// <param name="Pools">Kinetic parameters per pool species, indexed by <see cref="CellSpecies"/> (red cells excluded).</param>
/// <param name="Fluid">Transcapillary exchange.</param>
/// <param name="Citrate">Citrate kinetics.</param>
/// <param name="Calcium">Calcium kinetics.</param>
/// <param name="CalciumDistribution">Calcium distribution volume at the start.</param>
/// <param name="BaselineBloodVolume">Total blood volume at the start.</param>
/// <param name="Cd3ShareOfLymphocytes">CD3+ cells as a share of lymphocytes (from the labs; 0 when not measured).</param>
/// <param name="Female">For the citrate-reaction risk.</param>
/// <param name="Child">For the hypotension thresholds.</param>
public sealed record PatientPhysiologyParameters(
    ImmutableArray<PoolParameters> Pools,
    FluidParameters Fluid,
    CitrateParameters Citrate,
    CalciumParameters Calcium,
    Volume CalciumDistribution,
    Volume BaselineBloodVolume,
    double Cd3ShareOfLymphocytes,
    bool Female,
    bool Child)
{
    /// <summary>The circulation at rest (docs/model/circulation.md).</summary>
    public required CirculationParameters Circulation { get; init; }

    /// <summary>Citrate's base load and the potassium shift (docs/model/citrate-calcium.md, potassium).</summary>
    public required AcidBaseParameters AcidBase { get; init; }

    /// <summary>The chance of a vasovagal reaction in this procedure (docs/model/circulation.md).</summary>
    public double VasovagalRisk { get; init; }

    /// <summary>Heparin's elimination half-life for this body, min (docs/model/heparin.md).</summary>
    public double HeparinHalfLifeMinutes { get; init; } = HeparinKinetics.HalfLifeMinutesAt70Kg;

    /// <summary>
    /// The blood volume the clinic estimates from height, weight and sex: what the machine, the stop
    /// and every limit per litre of blood use. The body has <see cref="BaselineBloodVolume"/>; the two
    /// differ by the patient's <see cref="PatientVariation.BloodVolume"/> (docs/model/variation.md).
    /// </summary>
    public Volume EstimatedBloodVolume
    {
        get => _estimatedBloodVolume ?? BaselineBloodVolume;
        init => _estimatedBloodVolume = value;
    }

    private readonly Volume? _estimatedBloodVolume;
}

/// <summary>The patient at one moment.</summary>
/// <param name="Time">Time since the start.</param>
/// <param name="Pools">Cell pools, indexed by <see cref="CellSpecies"/>.</param>
/// <param name="Fluid">Intravascular volume and haematocrit.</param>
/// <param name="PlasmaCitrate">Plasma citrate.</param>
/// <param name="Calcium">Calcium amount and defence.</param>
/// <param name="IonizedCalcium">Ionized calcium now.</param>
/// <param name="IonizedCalciumNadir">The lowest ionized calcium so far.</param>
public sealed record PatientPhysiologyState(
    Duration Time,
    ImmutableArray<PoolState> Pools,
    FluidState Fluid,
    SubstanceConcentration PlasmaCitrate,
    CalciumState Calcium,
    SubstanceConcentration IonizedCalcium,
    SubstanceConcentration IonizedCalciumNadir)
{
    /// <summary>Magnesium amount (docs/model/citrate-calcium.md, magnesium).</summary>
    public MagnesiumState Magnesium { get; init; }

    /// <summary>
    /// The state with one species' baseline (the level homeostasis returns blood and reservoir to)
    /// multiplied by <paramref name="factor"/>, its cells unchanged: mobilisation between the days
    /// of a course (docs/model/courses.md).
    /// </summary>
    public PatientPhysiologyState WithBaselineScaled(CellSpecies species, double factor)
    {
        if (!(factor > 0) || !double.IsFinite(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "a positive, finite factor");
        }

        var pool = Pools[(int)species];
        return factor == 1 ? this : this with { Pools = Pools.SetItem((int)species, pool with { BaselineCirculating = pool.BaselineCirculating * factor }) };
    }

    /// <summary>Ionized magnesium now.</summary>
    public SubstanceConcentration IonizedMagnesium { get; init; }

    /// <summary>Heparin in the body, IU (docs/model/heparin.md); 0 without heparin.</summary>
    public double HeparinUnits { get; init; }

    /// <summary>Plasma heparin (anti-Xa activity) now.</summary>
    public ActivityConcentration AntiXa { get; init; }

    /// <summary>The highest plasma heparin so far.</summary>
    public ActivityConcentration AntiXaPeak { get; init; }

    /// <summary>The lowest ionized magnesium so far.</summary>
    public SubstanceConcentration IonizedMagnesiumNadir { get; init; }

    /// <summary>Citrate's base load and the potassium moved into cells.</summary>
    public AcidBaseState AcidBase { get; init; }

    /// <summary>Plasma potassium now.</summary>
    public SubstanceConcentration Potassium { get; init; }

    /// <summary>The lowest plasma potassium so far.</summary>
    public SubstanceConcentration PotassiumNadir { get; init; }

    /// <summary>Arterial pH now.</summary>
    public double Ph { get; init; } = AcidBaseParameters.BaselinePh;

    /// <summary>Blood concentration of a species now (circulating cells over intravascular volume).</summary>
    public CellConcentration Concentration(CellSpecies species) => Pools[(int)species].Circulating / Fluid.Intravascular;

    /// <summary>White-cell count: granulocytes, lymphocytes, monocytes and blasts (CD34+ cells are counted within them).</summary>
    public CellConcentration Wbc =>
        Concentration(CellSpecies.Granulocytes) + Concentration(CellSpecies.Lymphocytes) + Concentration(CellSpecies.Monocytes) + Concentration(CellSpecies.Blasts);

    /// <summary>Platelet count.</summary>
    public CellConcentration Platelets => Concentration(CellSpecies.Platelets);

    /// <summary>Haematocrit.</summary>
    public Fraction Hematocrit => Fluid.Hematocrit;
}

/// <summary>What the circuit and the staff do to the patient during one step (constant over the step).</summary>
/// <param name="DrawFlow">Whole blood drawn.</param>
/// <param name="ReturnedFractions">Per species (indexed by <see cref="CellSpecies"/>): share of drawn cells returned within the step.</param>
/// <param name="ReturnedFromCircuit">Per species: cells returned regardless of draw (hold-up, rinseback).</param>
/// <param name="Fluid">Fluid drawn, returned and infused.</param>
/// <param name="CitrateReturned">Citrate reaching the patient (AC returned, less what left with product and plasma).</param>
/// <param name="CalciumInfused">Calcium given (prophylaxis; boluses spread over their step).</param>
/// <param name="CalciumRemoved">Calcium drawn into the circuit with the patient's plasma.</param>
public sealed record PatientInputs(
    VolumeFlow DrawFlow,
    ImmutableArray<double> ReturnedFractions,
    ImmutableArray<CellCount> ReturnedFromCircuit,
    FluidExchange Fluid,
    SubstanceRate CitrateReturned,
    SubstanceRate CalciumInfused,
    SubstanceAmount CalciumRemoved)
{
    /// <summary>Calcium the circuit gives back with the patient's plasma (returned blood, rinseback).</summary>
    public SubstanceAmount CalciumReturned { get; init; }

    /// <summary>Magnesium drawn into the circuit with the patient's plasma, given back with it, and given.</summary>
    public MagnesiumExchange Magnesium { get; init; }

    /// <summary>Potassium drawn into the circuit with the plasma, and given back by it, mmol.</summary>
    public (double Drawn, double Returned) Potassium { get; init; }

    /// <summary>Citric acid reaching the patient with the citrate during the step (the AC's acid share of <see cref="CitrateReturned"/>).</summary>
    public SubstanceAmount CitricAcidReturned { get; init; }

    /// <summary>Heparin reaching the patient during the step (with the AC's citrate, and a bolus), IU.</summary>
    public double HeparinGiven { get; init; }

    /// <summary>The patient is not connected: nothing drawn, returned or given.</summary>
    public static PatientInputs Disconnected { get; } = new(
        VolumeFlow.Zero,
        [.. Enumerable.Repeat(1.0, SpeciesCount)],
        [.. Enumerable.Repeat(CellCount.Zero, SpeciesCount)],
        FluidExchange.None,
        SubstanceRate.Zero,
        SubstanceRate.Zero,
        SubstanceAmount.Zero);

    internal static int SpeciesCount => CellSpeciesGroups.Pools.Count;
}

/// <summary>What moved during a step, for mass balances.</summary>
/// <param name="Pools">Cell fluxes per species.</param>
/// <param name="Fluid">Fluid fluxes.</param>
/// <param name="Citrate">Citrate fluxes.</param>
/// <param name="Calcium">Calcium fluxes.</param>
public sealed record PatientFlux(ImmutableArray<PoolFlux> Pools, FluidFlux Fluid, CitrateFlux Citrate, CalciumFlux Calcium)
{
    /// <summary>Magnesium fluxes.</summary>
    public MagnesiumFlux Magnesium { get; init; }

    /// <summary>Bicarbonate made and excreted, potassium shifted.</summary>
    public AcidBaseFlux AcidBase { get; init; }

    /// <summary>Heparin given and eliminated, IU.</summary>
    public (double Given, double Eliminated) Heparin { get; init; }
}

/// <summary>
/// The patient as one pure step function of state, inputs and time step, composing cell pools,
/// fluid balance, citrate and calcium. Independent of how the separator works: it sees only what
/// is drawn from and returned to the patient. Pages: docs/model/cell-kinetics.md,
/// citrate-calcium.md, fluid-balance.md.
/// </summary>
public static class PatientPhysiology
{
    /// <summary>Between procedures the body's water returns to its start with this time constant, h (assumption).</summary>
    public const double FollowUpWaterHours = 8;

    /// <summary>Normal ionized calcium assumed when none is measured.</summary>
    public static SubstanceConcentration AssumedIonizedCalcium { get; } = SubstanceConcentration.FromMillimolesPerLiter(1.20);

    /// <summary>
    /// Parameters and the starting state for a patient before the procedure. The diagnosis decides
    /// which species are malignant and how fast they regrow; liver disease slows citrate clearance.
    /// </summary>
    public static (PatientPhysiologyParameters Parameters, PatientPhysiologyState State) Initialize(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var labs = patient.Labs;
        var estimated = BloodVolume.Estimate(patient).Total;
        // The body's own volume; the clinic knows only the estimate (a measured volume is the body's).
        var tbv = patient.BloodVolume.Method == BloodVolumeMethod.Measured ? estimated : estimated * patient.Varies.BloodVolume;
        var d = labs.Differential;
        var concentrations = new[]
        {
            labs.Wbc * d.Granulocytes, labs.Wbc * d.Lymphocytes, labs.Wbc * d.Monocytes, labs.Wbc * d.Blasts,
            labs.Cd34 ?? CellConcentration.Zero, labs.Platelets,
        };
        var pools = CellSpeciesGroups.Pools.Select(s => PoolParameters.For(s, patient.Diagnosis, patient.MalignantDoublingTime).Varied(s, patient.Varies)).ToImmutableArray();
        var fluid = FluidState.AtBaseline(tbv, labs.Hematocrit);
        var citrate = CitrateParameters.For(patient.Weight, patient.LiverDisease);
        var ionized = labs.IonizedCalcium ?? AssumedIonizedCalcium;
        var calcium = CalciumParameters.For(ionized, patient.Weight);
        var calciumVolume = CalciumParameters.DistributionVolume(patient.Weight);
        var lymphocytes = (labs.Wbc * d.Lymphocytes).E9PerLiter;
        var cd3Share = labs.Cd3 is { } cd3 && lymphocytes > 0 ? Math.Min(1, cd3.E9PerLiter / lymphocytes) : 0;

        var parameters = new PatientPhysiologyParameters(
            pools, FluidParameters.For(fluid.Plasma, patient.Weight), citrate, calcium, calciumVolume, tbv, cd3Share, patient.Sex == Sex.Female, patient.IsChild)
        {
            Circulation = CirculationParameters.For(patient, tbv, ionized.MillimolesPerLiter),
            AcidBase = AcidBaseParameters.For(patient.Weight, labs.Potassium?.MillimolesPerLiter),
            // The published predictors are the estimated volume: no donor's was measured.
            VasovagalRisk = VasovagalRisk.Probability(patient.Sex == Sex.Female, patient.PriorProcedures == 0, estimated, patient.AgeYears),
            EstimatedBloodVolume = estimated,
            HeparinHalfLifeMinutes = HeparinKinetics.HalfLifeMinutes(patient.Weight),
        };
        var state = new PatientPhysiologyState(
            Duration.Zero,
            [.. concentrations.Select((c, i) => PoolState.AtBaseline(c * tbv, pools[i]))],
            fluid,
            citrate.Baseline,
            CalciumState.AtBaseline(calcium, calciumVolume, citrate.Baseline),
            ionized,
            ionized)
        {
            Magnesium = MagnesiumState.AtBaseline(calcium.Equilibrium, calciumVolume),
        };
        var magnesium = calcium.Equilibrium.Solve(state.Calcium.Total.Millimoles / calciumVolume.Liters, citrate.Baseline.MillimolesPerLiter).IonizedMagnesium;
        var potassium = SubstanceConcentration.FromMillimolesPerLiter(parameters.AcidBase.BaselinePotassium);
        state = state with
        {
            IonizedMagnesium = SubstanceConcentration.FromMillimolesPerLiter(magnesium),
            IonizedMagnesiumNadir = SubstanceConcentration.FromMillimolesPerLiter(magnesium),
            Potassium = potassium,
            PotassiumNadir = potassium,
        };
        return (parameters, state);
    }

    /// <summary>Advances the patient by one step.</summary>
    public static PatientPhysiologyState Step(PatientPhysiologyState state, PatientPhysiologyParameters parameters, PatientInputs inputs, Duration step, out PatientFlux flux)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(inputs);

        // Cells see the blood volume at the start of the step.
        var bloodVolume = state.Fluid.Intravascular;
        var pools = ImmutableArray.CreateBuilder<PoolState>(state.Pools.Length);
        var poolFlux = ImmutableArray.CreateBuilder<PoolFlux>(state.Pools.Length);
        for (var i = 0; i < state.Pools.Length; i++)
        {
            var exchange = new PoolExchange(inputs.DrawFlow, inputs.ReturnedFractions[i], inputs.ReturnedFromCircuit[i]);
            pools.Add(CellKinetics.Step(state.Pools[i], parameters.Pools[i], exchange, bloodVolume, step, out var f));
            poolFlux.Add(f);
        }

        var fluid = FluidBalance.Step(state.Fluid, parameters.Fluid, inputs.Fluid, step, out var fluidFlux);

        var citrate = CitrateKinetics.Step(state.PlasmaCitrate, parameters.Citrate, inputs.CitrateReturned, step, out var citrateFlux);
        var meanCitrate = (state.PlasmaCitrate + citrate) / 2;

        var calciumVolume = CalciumVolume(fluid, parameters);
        var calciumExchange = new CalciumExchange(meanCitrate, parameters.Citrate.Clearance, inputs.CalciumInfused, inputs.CalciumRemoved) { Returned = inputs.CalciumReturned };

        // Fluid given dilutes the binding sites (Toffaletti 1985: albumin and protein-bound calcium
        // fall during apheresis). The one-compartment model holds its protein-bound calcium in the
        // whole calcium volume, so the sites are diluted by that volume, like the calcium itself:
        // diluting them by the plasma alone would free bound calcium across the whole
        // extracellular volume and lift ionized calcium when saline is given.
        var proteinDilution = parameters.CalciumDistribution / calciumVolume;
        // Magnesium shares the calcium volume and competes with it for citrate at its current total.
        var equilibrium = parameters.Calcium.Equilibrium with
        {
            ProteinSitesMmolPerL = parameters.Calcium.Equilibrium.ProteinSitesMmolPerL * proteinDilution,
            MagnesiumTotalMmolPerL = state.Magnesium.In(calciumVolume).MillimolesPerLiter,
        };
        var calciumParameters = parameters.Calcium with { Equilibrium = equilibrium };
        var calcium = CalciumKinetics.Step(state.Calcium, calciumParameters, calciumExchange, calciumVolume, step, out var calciumFlux, out var ionized, out var speciation);
        var renalCitrate = parameters.Citrate.Clearance * parameters.Calcium.RenalCitrateShare;
        var baselineMagnesium = SubstanceAmount.FromMillimoles(parameters.Calcium.Equilibrium.MagnesiumTotalMmolPerL * calciumVolume.Liters);
        var magnesium = MagnesiumKinetics.Step(state.Magnesium, speciation, equilibrium, renalCitrate, parameters.Calcium.BaselineMagnesiumComplexedMmolPerL, inputs.Magnesium, baselineMagnesium, step, out var magnesiumFlux, parameters.Calcium.MagnesiumExchangePerMinute);
        var ionizedMagnesium = SubstanceConcentration.FromMillimolesPerLiter(equilibrium.IonizedMagnesium(magnesium.In(calciumVolume).MillimolesPerLiter, speciation.FreeCitrate));

        // The citrate the liver metabolised above the body's own turnover becomes bicarbonate.
        var metabolised = (citrateFlux.Eliminated - citrateFlux.Produced).Millimoles * (1 - parameters.Calcium.RenalCitrateShare);
        var acidBase = AcidBase.Step(state.AcidBase, parameters.AcidBase, metabolised, step, out var acidBaseFlux, inputs.CitricAcidReturned.Millimoles);
        // Potassium travels with the plasma through the set: what the product and samples keep is lost.
        acidBase = acidBase with { ExchangedPotassium = acidBase.ExchangedPotassium + inputs.Potassium.Returned - inputs.Potassium.Drawn };
        acidBaseFlux = acidBaseFlux with { PotassiumDrawn = inputs.Potassium.Drawn, PotassiumReturned = inputs.Potassium.Returned };
        var potassium = SubstanceConcentration.FromMillimolesPerLiter(acidBase.Potassium(parameters.AcidBase, ExtracellularVolume(fluid, parameters)));

        // Heparin lives in the plasma: its level falls as fluid given expands it.
        var heparin = HeparinKinetics.Step(state.HeparinUnits, inputs.HeparinGiven, parameters.HeparinHalfLifeMinutes, step, out var heparinEliminated);
        var antiXa = HeparinKinetics.Level(heparin, fluid.Plasma);

        flux = new PatientFlux(poolFlux.MoveToImmutable(), fluidFlux, citrateFlux, calciumFlux) { Magnesium = magnesiumFlux, AcidBase = acidBaseFlux, Heparin = (inputs.HeparinGiven, heparinEliminated) };
        return new PatientPhysiologyState(
            state.Time + step,
            pools.MoveToImmutable(),
            fluid,
            citrate,
            calcium,
            ionized,
            SubstanceConcentration.Min(state.IonizedCalciumNadir, ionized))
        {
            Magnesium = magnesium,
            IonizedMagnesium = ionizedMagnesium,
            IonizedMagnesiumNadir = SubstanceConcentration.Min(state.IonizedMagnesiumNadir, ionizedMagnesium),
            AcidBase = acidBase,
            Potassium = potassium,
            PotassiumNadir = SubstanceConcentration.Min(state.PotassiumNadir, potassium),
            Ph = acidBase.Ph(parameters.AcidBase),
            HeparinUnits = heparin,
            AntiXa = antiXa,
            AntiXaPeak = antiXa > state.AntiXaPeak ? antiXa : state.AntiXaPeak,
        };
    }

    /// <summary>
    /// Counts after the procedure at chosen times from its end (e.g. 6, 12, 24, 48 h): recovery
    /// toward baseline in healthy cells, refill and regrowth of malignant ones.
    /// </summary>
    public static IReadOnlyList<FollowUpPoint> FollowUp(PatientPhysiologyState end, PatientPhysiologyParameters parameters, IEnumerable<Duration> after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var points = new List<FollowUpPoint>();
        var state = end;
        var elapsed = Duration.Zero;
        foreach (var time in after.Order())
        {
            state = Advance(state, parameters, time - elapsed);
            elapsed = time;
            points.Add(FollowUpPoint.Of(time, state));
        }

        return points;
    }

    /// <summary>
    /// The patient some time after the procedure, disconnected: cells recover, refill and regrow,
    /// fluid re-equilibrates. Only the counts and the fluid move: calcium settles within hours and
    /// its one-minute sub-steps would cost a thousand equilibrium solves per day.
    /// </summary>
    public static PatientPhysiologyState Advance(PatientPhysiologyState state, PatientPhysiologyParameters parameters, Duration step)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        var pools = ImmutableArray.CreateBuilder<PoolState>(state.Pools.Length);
        for (var i = 0; i < state.Pools.Length; i++)
        {
            pools.Add(CellKinetics.Step(state.Pools[i], parameters.Pools[i], PoolExchange.None, state.Fluid.Intravascular, step, out _));
        }

        var fluid = FluidBalance.Step(state.Fluid, parameters.Fluid, FluidExchange.None, step, out _);

        // Off the machine the patient drinks and the kidneys work freely: the plasma and
        // interstitial water return to their starting volumes with the 8-h time constant the
        // model used to assume for refill (red cells are not remade in a day).
        var back = Math.Exp(-step.Hours / FollowUpWaterHours);
        var baseline = parameters.Fluid.BaselinePlasmaVolume;
        fluid = fluid with { Plasma = baseline + ((fluid.Plasma - baseline) * back), Interstitial = fluid.Interstitial * back };
        return state with { Time = state.Time + step, Pools = pools.MoveToImmutable(), Fluid = fluid };
    }

    /// <summary>Total calcium concentration now: the calcium amount in its distribution volume, diluted by fluid that stayed.</summary>
    public static SubstanceConcentration TotalCalcium(PatientPhysiologyState state, PatientPhysiologyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        return SubstanceConcentration.FromMillimolesPerLiter(state.Calcium.Total.Millimoles / CalciumVolume(state.Fluid, parameters).Liters);
    }

    /// <summary>Total magnesium concentration now.</summary>
    public static SubstanceConcentration TotalMagnesium(PatientPhysiologyState state, PatientPhysiologyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        return state.Magnesium.In(CalciumVolume(state.Fluid, parameters));
    }

    // Calcium is diluted by fluid that stays in the plasma or the interstitium.
    private static Volume CalciumVolume(FluidState fluid, PatientPhysiologyParameters parameters) =>
        Volume.Max(parameters.CalciumDistribution * 0.5, parameters.CalciumDistribution + Gained(fluid, parameters));

    /// <summary>The extracellular fluid now: its volume at the start and the fluid that stayed (potassium is diluted in it).</summary>
    public static Volume ExtracellularVolume(FluidState fluid, PatientPhysiologyParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return Volume.Max(parameters.AcidBase.ExtracellularVolume * 0.5, parameters.AcidBase.ExtracellularVolume + Gained(fluid, parameters));
    }

    private static Volume Gained(FluidState fluid, PatientPhysiologyParameters parameters) =>
        (fluid.Plasma - parameters.Fluid.BaselinePlasmaVolume) + fluid.Interstitial;

    /// <summary>The citrate-reaction probability for the nadir so far and the citrate dose rate so far.</summary>
    /// <param name="state">The patient now.</param>
    /// <param name="parameters">The patient's parameters.</param>
    /// <param name="weightKg">Body weight.</param>
    /// <param name="citrateMmol">Citrate that has reached the patient so far.</param>
    /// <param name="minutes">Procedure time so far.</param>
    public static double CitrateReactionProbability(PatientPhysiologyState state, PatientPhysiologyParameters parameters, double weightKg, double citrateMmol, double minutes)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        return CitrateReactionRisk.Probability(parameters.Calcium.SetPoint, state.IonizedCalciumNadir, parameters.Female, DoseRate(weightKg, citrateMmol, minutes));
    }

    /// <summary>Citrate reaching the patient, mg/kg/min, over a time (zero before a minute has passed).</summary>
    public static double DoseRate(double weightKg, double citrateMmol, double minutes) =>
        minutes < 1 || weightKg <= 0 ? 0 : citrateMmol * CitrateReactionRisk.CitrateMilligramsPerMillimole / weightKg / minutes;

    /// <summary>The hypotension risk now, for the blood held in the circuit.</summary>
    public static HypotensionRisk HypotensionRiskNow(PatientPhysiologyState state, PatientPhysiologyParameters parameters, Volume extracorporeal)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(parameters);
        return HypotensionRisk.Assess(extracorporeal, parameters.BaselineBloodVolume - state.Fluid.Intravascular, parameters.BaselineBloodVolume, parameters.Child);
    }
}

/// <summary>Predicted counts at a time after the procedure.</summary>
/// <param name="After">Time since the end.</param>
/// <param name="Wbc">White cells.</param>
/// <param name="Lymphocytes">Lymphocytes.</param>
/// <param name="Blasts">Blasts.</param>
/// <param name="Cd34">CD34+ cells.</param>
/// <param name="Platelets">Platelets.</param>
/// <param name="Hematocrit">Haematocrit.</param>
public sealed record FollowUpPoint(Duration After, CellConcentration Wbc, CellConcentration Lymphocytes, CellConcentration Blasts, CellConcentration Cd34, CellConcentration Platelets, Fraction Hematocrit)
{
    /// <summary>The counts of a state, some time after the procedure.</summary>
    public static FollowUpPoint Of(Duration after, PatientPhysiologyState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return new(after, state.Wbc, state.Concentration(CellSpecies.Lymphocytes), state.Concentration(CellSpecies.Blasts), state.Concentration(CellSpecies.Cd34), state.Platelets, state.Hematocrit);
    }
}
