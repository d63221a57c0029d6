using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// Parameters of calcium kinetics. Values, sources and what is assumed: docs/model/citrate-calcium.md.
/// </summary>
/// <param name="Equilibrium">Plasma calcium speciation.</param>
/// <param name="SetPoint">The ionized calcium the body defends (the patient's baseline).</param>
/// <param name="MobilisationGain">Calcium mobilised per minute per mmol/L of ionized calcium below the set point (PTH, bone surface), mmol/min per mmol/L.</param>
/// <param name="MobilisationTimeConstant">Delay of the mobilisation response (PTH peaks 5–15 min after citrate starts).</param>
/// <param name="RenalCitrateShare">Share of citrate clearance that is renal; calcium bound to that citrate is lost in urine.</param>
/// <param name="BaselineCitrateComplexedMmolPerL">Calcium bound to citrate at baseline; its renal loss is part of the normal daily balance, so only the excess counts.</param>
public sealed record CalciumParameters(
    CalciumEquilibrium Equilibrium,
    SubstanceConcentration SetPoint,
    double MobilisationGain,
    Duration MobilisationTimeConstant,
    double RenalCitrateShare,
    double BaselineCitrateComplexedMmolPerL)
{
    /// <summary>Effective calcium distribution volume: plasma plus interstitial fluid weighted by its lower calcium, 0.13 L/kg (derived).</summary>
    public const double DistributionLitersPerKg = 0.13;

    /// <summary>Mobilisation gain at 70 kg, 0.10 mmol/min per mmol/L: calibrated on Bolan 2001 (iCa −33 % after 90 min at 1.6 mg/kg/min) together with the citrate volume; scaled with body size by <see cref="BodySize.RateScale"/>.</summary>
    public const double DefaultMobilisationGain = 0.10;

    /// <summary>Default parameters for a patient's baseline ionized calcium and weight (null: 70 kg).</summary>
    public static CalciumParameters For(SubstanceConcentration baselineIonized, Mass? weight = null)
    {
        var equilibrium = CalciumEquilibrium.Normal;
        var citrate = CitrateParameters.BaselineMmolPerL;
        var baseline = equilibrium.Solve(equilibrium.TotalFor(baselineIonized.MillimolesPerLiter, citrate), citrate);
        var w = weight ?? Mass.FromKilograms(BodySize.ReferenceKg);
        var gain = DefaultMobilisationGain * BodySize.RateScale(w);
        return new(equilibrium, baselineIonized, gain, Duration.FromMinutes(10), 0.15, baseline.CitrateComplexed)
        {
            BaselineMagnesiumComplexedMmolPerL = MagnesiumKinetics.Complexed(baseline, equilibrium),
            // The exchange is a flow between pools whose volumes go with weight: its time constant
            // goes as weight^0.25 by the body-size rule, so a child's pool relaxes faster.
            MagnesiumExchangePerMinute = MagnesiumKinetics.ExchangePerMinute / BodySize.TimeScale(w),
        };
    }

    /// <summary>Magnesium's exchange with cells and bone, 1/min: <see cref="MagnesiumKinetics.ExchangePerMinute"/> at 70 kg, scaled with body size.</summary>
    public double MagnesiumExchangePerMinute { get; init; } = MagnesiumKinetics.ExchangePerMinute;

    /// <summary>Magnesium bound to citrate at baseline (its renal loss is part of the normal daily balance).</summary>
    public double BaselineMagnesiumComplexedMmolPerL { get; init; }

    /// <summary>The calcium distribution volume of a patient.</summary>
    public static Volume DistributionVolume(Mass weight) => Volume.FromLiters(DistributionLitersPerKg * weight.Kilograms);
}

/// <summary>Calcium in the patient.</summary>
/// <param name="Total">Total calcium in the distribution volume.</param>
/// <param name="MobilisationMmolPerMinute">Current calcium mobilisation (negative: excretion of an excess).</param>
public readonly record struct CalciumState(SubstanceAmount Total, double MobilisationMmolPerMinute)
{
    /// <summary>The baseline state: total calcium that gives the set point at the baseline citrate.</summary>
    public static CalciumState AtBaseline(CalciumParameters parameters, Volume distribution, SubstanceConcentration baselineCitrate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var total = parameters.Equilibrium.TotalFor(parameters.SetPoint.MillimolesPerLiter, baselineCitrate.MillimolesPerLiter);
        return new(SubstanceAmount.FromMillimoles(total * distribution.Liters), 0);
    }
}

/// <summary>What is given to and taken from the patient's calcium during a step.</summary>
/// <param name="PlasmaCitrate">Plasma citrate over the step (from <see cref="CitrateKinetics"/>).</param>
/// <param name="CitrateClearance">Citrate clearance (its renal share carries complexed calcium out).</param>
/// <param name="Infusion">Calcium given at a steady rate (prophylaxis; boluses spread over their step).</param>
/// <param name="Removed">Calcium taken out by the circuit (in product and discarded plasma).</param>
public readonly record struct CalciumExchange(SubstanceConcentration PlasmaCitrate, VolumeFlow CitrateClearance, SubstanceRate Infusion, SubstanceAmount Removed)
{
    /// <summary>Calcium coming back from the circuit with the patient's own plasma (not a dose).</summary>
    public SubstanceAmount Returned { get; init; }
}

/// <summary>Calcium that moved during a step.</summary>
/// <param name="Infused">Given.</param>
/// <param name="Mobilised">Mobilised by the body's defence (negative: excreted excess).</param>
/// <param name="RenalLoss">Lost in urine with citrate.</param>
/// <param name="Removed">Taken by the circuit.</param>
/// <param name="Returned">Given back by the circuit with the patient's plasma.</param>
public readonly record struct CalciumFlux(SubstanceAmount Infused, SubstanceAmount Mobilised, SubstanceAmount RenalLoss, SubstanceAmount Removed, SubstanceAmount Returned = default);

/// <summary>
/// Calcium amount in one distribution volume, speciated at each instant by
/// <see cref="CalciumEquilibrium"/>; the defence is a delayed proportional mobilisation:
/// τ·dM/dt = G·(iCa_set − iCa) − M. Integrated with internal sub-steps of at most 0.25 min.
/// </summary>
public static class CalciumKinetics
{
    private const double MaxSubstepMinutes = 0.25;

    /// <summary>Advances calcium by one step.</summary>
    /// <param name="state">Calcium at the start.</param>
    /// <param name="parameters">Parameters.</param>
    /// <param name="exchange">Inputs over the step.</param>
    /// <param name="distribution">Distribution volume now (grows with infused fluid that stays).</param>
    /// <param name="step">Step length.</param>
    /// <param name="flux">What moved.</param>
    /// <param name="ionized">Ionized calcium at the end of the step.</param>
    public static CalciumState Step(CalciumState state, CalciumParameters parameters, CalciumExchange exchange, Volume distribution, Duration step, out CalciumFlux flux, out SubstanceConcentration ionized) =>
        Step(state, parameters, exchange, distribution, step, out flux, out ionized, out _);

    /// <summary>Advances calcium by one step and gives the plasma's speciation at its end (magnesium uses it).</summary>
    /// <param name="state">Calcium at the start.</param>
    /// <param name="parameters">Parameters.</param>
    /// <param name="exchange">Inputs over the step.</param>
    /// <param name="distribution">Distribution volume now.</param>
    /// <param name="step">Step length.</param>
    /// <param name="flux">What moved.</param>
    /// <param name="ionized">Ionized calcium at the end of the step.</param>
    /// <param name="speciation">The speciation at the end of the step, at the step's citrate.</param>
    public static CalciumState Step(CalciumState state, CalciumParameters parameters, CalciumExchange exchange, Volume distribution, Duration step, out CalciumFlux flux, out SubstanceConcentration ionized, out CalciumEquilibrium.Speciation speciation)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var t = step.Minutes;
        var n = Math.Max(1, (int)Math.Ceiling(t / MaxSubstepMinutes));
        var h = t / n;
        var liters = distribution.Liters;
        var citrate = exchange.PlasmaCitrate.MillimolesPerLiter;
        var infusion = exchange.Infusion.MillimolesPerHour / 60;
        var removal = t > 0 ? exchange.Removed.Millimoles / t : 0;
        var back = t > 0 ? exchange.Returned.Millimoles / t : 0;
        var renalClearance = parameters.RenalCitrateShare * exchange.CitrateClearance.MillilitersPerMinute / 1000;
        var tau = parameters.MobilisationTimeConstant.Minutes;
        var gain = parameters.MobilisationGain;
        var setPoint = parameters.SetPoint.MillimolesPerLiter;

        // The defence moves calcium toward the set point and never past it: PTH secretion is a
        // steep sigmoid of ionized calcium, off at the set point (and excretion of an excess stops
        // there too). The amount that gives the set point at this step's citrate and volume:
        var atSetPoint = parameters.Equilibrium.TotalFor(setPoint, citrate) * liters;

        var amount = state.Total.Millimoles;
        var mobilisation = state.MobilisationMmolPerMinute;
        double mobilised = 0, renal = 0;
        for (var i = 0; i < n; i++)
        {
            var s = parameters.Equilibrium.Solve(amount / liters, citrate);
            var renalRate = renalClearance * Math.Max(0, s.CitrateComplexed - parameters.BaselineCitrateComplexedMmolPerL);
            var others = (infusion + back - renalRate - removal) * h;
            var room = atSetPoint - (amount + others);
            var applied = mobilisation > 0 ? Math.Min(mobilisation, Math.Max(0, room / h)) : Math.Max(mobilisation, Math.Min(0, room / h));
            mobilised += applied * h;
            renal += renalRate * h;
            amount += others + (applied * h);
            // Exact for the first-order lag over the sub-step with the drive held.
            var drive = gain * (setPoint - s.Ionized);
            mobilisation = drive + ((mobilisation - drive) * Math.Exp(-h / tau));
        }

        speciation = parameters.Equilibrium.Solve(amount / liters, citrate);
        ionized = SubstanceConcentration.FromMillimolesPerLiter(speciation.Ionized);
        flux = new CalciumFlux(
            SubstanceAmount.FromMillimoles(infusion * t),
            SubstanceAmount.FromMillimoles(mobilised),
            SubstanceAmount.FromMillimoles(renal),
            SubstanceAmount.FromMillimoles(removal * t),
            SubstanceAmount.FromMillimoles(back * t));
        return new CalciumState(SubstanceAmount.FromMillimoles(amount), mobilisation);
    }
}

/// <summary>
/// Probability of citrate symptoms (paraesthesia and worse) during a procedure, from what causes
/// them: the relative fall of ionized calcium, the citrate dose rate per kg, and sex:
/// logit p = a + b·(fall) + c·(dose rate, mg/kg/min) + ln(2.8)·female. a, b and c are fitted with
/// the full engine on Ca4 and Ca5, run at the doses the studies gave, by
/// <c>leuka validate --calibrate citrate-reactions</c>; the female odds ratio is from
/// docs/reference/MODEL-DATA.md §5. See docs/model/citrate-calcium.md.
/// </summary>
public static class CitrateReactionRisk
{
    /// <summary>Intercept, fitted on Ca4 and Ca5.</summary>
    public const double Intercept = -7.99;

    /// <summary>Slope per unit relative fall (0.1 = 10 %), fitted on Ca4 and Ca5.</summary>
    public const double SlopePerRelativeFall = 13.41;

    /// <summary>Slope per mg/kg/min of citrate reaching the patient, averaged over the procedure, fitted on Ca4 and Ca5.</summary>
    public const double SlopePerDoseRate = 0.19;

    /// <summary>Odds ratio for women (≈2.8).</summary>
    public const double FemaleOddsRatio = 2.8;

    /// <summary>Citrate anion, mg per mmol (<see cref="Substance.Citrate"/>): the basis of a dose rate in mg/kg/min.</summary>
    public static double CitrateMilligramsPerMillimole => Substance.Citrate.MolarMassGramsPerMole;

    /// <summary>The probability of citrate symptoms.</summary>
    /// <param name="baselineIonized">Ionized calcium before the procedure.</param>
    /// <param name="nadirIonized">The lowest ionized calcium during it.</param>
    /// <param name="female">Whether the patient is a woman.</param>
    /// <param name="doseRateMgPerKgPerMin">Citrate reaching the patient, mg/kg/min, averaged over the procedure so far.</param>
    public static double Probability(SubstanceConcentration baselineIonized, SubstanceConcentration nadirIonized, bool female, double doseRateMgPerKgPerMin) =>
        Probability(Math.Max(0, 1 - (nadirIonized / baselineIonized)), female, doseRateMgPerKgPerMin, Intercept, SlopePerRelativeFall, SlopePerDoseRate);

    /// <summary>The model with given coefficients (for fitting).</summary>
    public static double Probability(double relativeFall, bool female, double doseRateMgPerKgPerMin, double intercept, double perFall, double perDoseRate)
    {
        var logit = intercept + (perFall * relativeFall) + (perDoseRate * doseRateMgPerKgPerMin) + (female ? Math.Log(FemaleOddsRatio) : 0);
        return 1 / (1 + Math.Exp(-logit));
    }
}
