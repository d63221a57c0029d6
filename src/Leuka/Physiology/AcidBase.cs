using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// Citrate's base load and the potassium it moves into cells. Every millimole of citrate the
/// liver metabolises yields three of bicarbonate; the excess distributes in the bicarbonate space
/// and the kidneys excrete it; the lungs answer by retaining CO2; the rise in pH moves potassium
/// into cells. Equations, parameters and sources: docs/model/citrate-calcium.md (potassium and
/// acid–base).
/// </summary>
/// <param name="BicarbonateSpace">Apparent volume the extra bicarbonate distributes in (0.5 L/kg).</param>
/// <param name="ExtracellularVolume">Extracellular fluid at the start, where potassium is measured (0.2 L/kg).</param>
/// <param name="BaselinePotassium">Plasma potassium at the start, mmol/L.</param>
/// <param name="RenalTimeConstantMinutes">This patient's bicarbonate excretion time constant (6 h at 70 kg, by the body-size rule).</param>
public sealed record AcidBaseParameters(Volume BicarbonateSpace, Volume ExtracellularVolume, double BaselinePotassium, double RenalTimeConstantMinutes)
{
    /// <summary>Bicarbonate per citrate metabolised, mmol/mmol (citrate³⁻ + 3 H⁺ → CO2 + H2O: three protons taken up).</summary>
    public const double BicarbonatePerCitrate = 3;

    /// <summary>Apparent bicarbonate space, L/kg: 50 % of body weight at normal bicarbonate (Garella et al., N Engl J Med 1973;289:121).</summary>
    public const double BicarbonateSpaceLitersPerKg = 0.5;

    /// <summary>Extracellular fluid, L/kg (about a fifth of body weight; assumption, the textbook figure).</summary>
    public const double ExtracellularLitersPerKg = 0.2;

    /// <summary>The kidneys excrete extra bicarbonate with this time constant at 70 kg, min (assumption: 6 h; checked against plasma exchange with plasma, below).</summary>
    public const double RenalMinutes = 360;

    /// <summary>PaCO2 rises 0.7 mmHg per mmol/L of bicarbonate gained (the compensation rule for metabolic alkalosis).</summary>
    public const double CompensationMmHgPerMmol = 0.7;

    /// <summary>Potassium falls this much, mmol/L, for each 0.1 rise in pH at steady state (−0.3 to −0.5 in dogs; the middle).</summary>
    public const double PotassiumPerTenthPh = 0.4;

    /// <summary>Potassium approaches its shifted value with this time constant, min (steady state after 1–2 h in dogs; assumption).</summary>
    public const double ShiftMinutes = 30;

    /// <summary>Normal bicarbonate, mmol/L, PaCO2, mmHg, and plasma potassium, mmol/L, assumed at the start.</summary>
    public const double BaselineBicarbonate = 24, BaselinePco2 = 40, AssumedPotassium = 4.0;

    /// <summary>The parameters for a weight and a measured potassium (null: 4.0 mmol/L).</summary>
    public static AcidBaseParameters For(Mass weight, double? potassium) =>
        new(
            Volume.FromLiters(BicarbonateSpaceLitersPerKg * weight.Kilograms),
            Volume.FromLiters(ExtracellularLitersPerKg * weight.Kilograms),
            potassium ?? AssumedPotassium,
            RenalMinutes * BodySize.TimeScale(weight));

    /// <summary>pH for a bicarbonate gain, with the lungs' compensation (Henderson–Hasselbalch, pK 6.1, CO2 solubility 0.0307).</summary>
    public static double Ph(double bicarbonateGain)
    {
        var bicarbonate = BaselineBicarbonate + bicarbonateGain;
        var pco2 = BaselinePco2 + (CompensationMmHgPerMmol * bicarbonateGain);
        return 6.1 + Math.Log10(bicarbonate / (0.0307 * pco2));
    }

    /// <summary>pH at the start.</summary>
    public static double BaselinePh => Ph(0);
}

/// <summary>The base load and the potassium shift.</summary>
/// <param name="ExcessBicarbonate">Bicarbonate above the start in the bicarbonate space, mmol.</param>
/// <param name="ShiftedPotassium">Potassium moved from the extracellular fluid into cells, mmol.</param>
/// <param name="ExchangedPotassium">Potassium the circuit gave back less what it drew with the plasma, mmol (negative: lost with the product and samples).</param>
public readonly record struct AcidBaseState(double ExcessBicarbonate, double ShiftedPotassium, double ExchangedPotassium = 0)
{
    /// <summary>Bicarbonate gained, mmol/L.</summary>
    public double BicarbonateGain(AcidBaseParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return ExcessBicarbonate / parameters.BicarbonateSpace.Liters;
    }

    /// <summary>Arterial pH.</summary>
    public double Ph(AcidBaseParameters parameters) => AcidBaseParameters.Ph(BicarbonateGain(parameters));

    /// <summary>Plasma potassium, mmol/L, in an extracellular volume now (diluted by fluid that stayed).</summary>
    public double Potassium(AcidBaseParameters parameters, Volume extracellular)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return ((parameters.BaselinePotassium * parameters.ExtracellularVolume.Liters) - ShiftedPotassium + ExchangedPotassium) / extracellular.Liters;
    }
}

/// <summary>Bicarbonate and potassium that moved during a step, mmol.</summary>
/// <param name="Generated">Bicarbonate made from metabolised citrate.</param>
/// <param name="Excreted">Bicarbonate the kidneys excreted.</param>
/// <param name="Shifted">Potassium moved into cells (negative: back out).</param>
/// <param name="PotassiumDrawn">Potassium drawn into the circuit with the plasma.</param>
/// <param name="PotassiumReturned">Potassium the circuit gave back.</param>
public readonly record struct AcidBaseFlux(double Generated, double Excreted, double Shifted, double PotassiumDrawn = 0, double PotassiumReturned = 0)
{
    /// <summary>Bicarbonate spent buffering the AC's citric acid, mmol.</summary>
    public double Buffered { get; init; }
}

/// <summary>
/// dB/dt = 3·M − 3·A − B/τr (B excess bicarbonate, M citrate metabolised per minute, A citric
/// acid reaching the patient per minute, both constant over a step); pH from Henderson–Hasselbalch with PaCO2 rising 0.7 mmHg per mmol/L; the shifted
/// potassium S relaxes toward S* = k·(pH − pH0)/0.1 · V_ECF with time constant τK. B is exact for
/// the step's input; S uses the mean pH of sub-steps of at most 5 min.
/// </summary>
public static class AcidBase
{
    /// <summary>Advances by one step.</summary>
    /// <param name="state">The state at the start of the step.</param>
    /// <param name="parameters">The patient's parameters.</param>
    /// <param name="metabolisedCitrate">Citrate metabolised (not excreted) during the step above the body's own turnover, mmol.</param>
    /// <param name="step">Step length.</param>
    /// <param name="flux">What moved.</param>
    /// <param name="citricAcid">Citric acid reaching the patient during the step, mmol: its three protons each take up a bicarbonate at once, whatever later becomes of the citrate.</param>
    public static AcidBaseState Step(AcidBaseState state, AcidBaseParameters parameters, double metabolisedCitrate, Duration step, out AcidBaseFlux flux, double citricAcid = 0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var dt = step.Minutes;
        if (dt <= 0)
        {
            flux = default;
            return state;
        }

        // B' = g − B/τ with g constant: B(t) = g·τ + (B0 − g·τ)·e^(−t/τ), exact for any step. The
        // potassium shift follows the pH, which is not linear in B: sub-steps of at most 5 min keep
        // long steps (the follow-up's) within a few hundredths of a mmol of one-minute ones.
        var generated = AcidBaseParameters.BicarbonatePerCitrate * metabolisedCitrate;
        var buffered = AcidBaseParameters.BicarbonatePerCitrate * citricAcid;
        var g = (generated - buffered) / dt;
        var renalMinutes = parameters.RenalTimeConstantMinutes;
        var space = parameters.BicarbonateSpace.Liters;
        var pieces = (int)Math.Ceiling(dt / 5);
        var h = dt / pieces;
        var approached = -double.ExpM1(-h / renalMinutes);
        var shiftApproached = -double.ExpM1(-h / AcidBaseParameters.ShiftMinutes);
        var b = state.ExcessBicarbonate;
        var s = state.ShiftedPotassium;
        for (var i = 0; i < pieces; i++)
        {
            var next = b + (((g * renalMinutes) - b) * approached);
            var meanPh = (AcidBaseParameters.Ph(b / space) + AcidBaseParameters.Ph(next / space)) / 2;
            // Only alkalosis moves potassium here: the one acidosis the model makes is the AC's
            // citric acid arriving before its citrate is metabolised, and organic acids move
            // little potassium out of cells (unlike mineral acids: docs/model/citrate-calcium.md).
            var target = AcidBaseParameters.PotassiumPerTenthPh * Math.Max(0, meanPh - AcidBaseParameters.BaselinePh) / 0.1 * parameters.ExtracellularVolume.Liters;
            s += (target - s) * shiftApproached;
            b = next;
        }

        var excreted = state.ExcessBicarbonate + generated - buffered - b;
        flux = new AcidBaseFlux(generated, excreted, s - state.ShiftedPotassium) { Buffered = buffered };
        return new AcidBaseState(b, s, state.ExchangedPotassium);
    }
}
