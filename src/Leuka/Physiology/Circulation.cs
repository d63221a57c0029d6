using Leuka.Patients;
using Leuka.Quantities;

namespace Leuka.Physiology;

/// <summary>
/// The patient's circulation at rest before the procedure, and how it answers. Equations,
/// parameters and sources: docs/model/circulation.md.
/// </summary>
/// <param name="MeanPressureMmHg">Mean arterial pressure at the start.</param>
/// <param name="PulsePressureMmHg">Systolic minus diastolic at the start.</param>
/// <param name="HeartRatePerMin">Heart rate at the start.</param>
/// <param name="MaxHeartRatePerMin">The highest rate the reflex can drive (220 − age).</param>
/// <param name="BaselineBloodVolume">Blood volume at the start.</param>
/// <param name="BaselineIonizedCalcium">Ionized calcium at the start, mmol/L.</param>
/// <param name="HypotensionSystolicMmHg">Systolic pressure below which the patient is hypotensive (PALS by age; 90 mmHg from age 10; never below two thirds of the patient's own).</param>
/// <param name="Measured">The start values were measured (patient.vitals), not assumed for age.</param>
public sealed record CirculationParameters(
    double MeanPressureMmHg,
    double PulsePressureMmHg,
    double HeartRatePerMin,
    double MaxHeartRatePerMin,
    Volume BaselineBloodVolume,
    double BaselineIonizedCalcium,
    double HypotensionSystolicMmHg,
    bool Measured)
{
    /// <summary>Stroke volume falls by this share per share of the blood volume lost (Johnson et al., J Appl Physiol 2014;117:131: −16 % after 1 L, about 20 %).</summary>
    public const double PreloadSlope = 0.8;

    /// <summary>Heart rate rises by this share per share the mean pressure is below its start (Johnson 2014: HR +12 % with MAP −10 % after 1 L).</summary>
    public const double HeartRateGain = 1.2;

    /// <summary>Vascular resistance rises by this share per share the mean pressure is below its start (assumption: resistance rose in Leonetti 2004 and holds pressure in graded LBNP).</summary>
    public const double ResistanceGain = 0.5;

    /// <summary>Ionized calcium at which contractility is half its maximum, mmol/L (assumption shaped by Stulz 1979 and Goldberg 1993: little change above 0.7, a steep loss near 0.4).</summary>
    public const double CalciumHalfEffect = 0.45;

    /// <summary>The steepness of contractility in ionized calcium (Hill exponent; assumption, as <see cref="CalciumHalfEffect"/>).</summary>
    public const double CalciumHill = 4;

    /// <summary>Head-down tilt moves this share of the blood volume to the heart (Bivins et al., Ann Emerg Med 1985;14:641: median 1.8 %).</summary>
    public const double TrendelenburgShare = 0.018;

    /// <summary>At the height of a vasovagal reaction the heart rate falls by this share (vagal; assumption).</summary>
    public const double VasovagalHeartRateFall = 0.35;

    /// <summary>At the height of a vasovagal reaction vascular resistance falls by this share (sympathetic withdrawal; assumption).</summary>
    public const double VasovagalResistanceFall = 0.4;

    /// <summary>A vasovagal reaction fades with this time constant, min (assumption: episodes resolve within minutes lying flat).</summary>
    public const double VasovagalMinutes = 5;

    /// <summary>Typical resting values for an adult when none were measured: 120/80 mmHg, 72 /min (assumption).</summary>
    public static Vitals TypicalAdult { get; } = new(120, 80, 72);

    /// <summary>
    /// The parameters for a patient: their measured vitals, else typical ones for age (children:
    /// the 50th-centile mean pressure 1.5 × age + 55 mmHg, Haque and Zaritsky 2007; heart rate from
    /// the centile charts of Fleming et al. 2011, read as medians by age band).
    /// </summary>
    public static CirculationParameters For(Patient patient, Volume bloodVolume, double ionizedCalcium)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var vitals = patient.Vitals ?? TypicalFor(patient.AgeYears);
        var threshold = ThresholdFor(patient.AgeYears, vitals.SystolicMmHg);
        return new(
            vitals.MeanMmHg,
            vitals.SystolicMmHg - vitals.DiastolicMmHg,
            vitals.HeartRatePerMin,
            Math.Max(vitals.HeartRatePerMin, 220 - patient.AgeYears),
            bloodVolume,
            ionizedCalcium,
            threshold,
            patient.Vitals is not null);
    }

    /// <summary>Resting vitals assumed for an age when none were measured.</summary>
    public static Vitals TypicalFor(double ageYears)
    {
        if (ageYears >= Patient.AdultAgeYears)
        {
            return TypicalAdult;
        }

        // A mean pressure of 1.5 × age + 55 (1–10 y) rising to the adult's, a pulse pressure of 40 mmHg.
        var mean = Math.Min(TypicalAdult.MeanMmHg, (1.5 * Math.Clamp(ageYears, 1, 18)) + 55);
        var heartRate = ageYears switch
        {
            < 2 => 120,
            < 6 => 105,
            < 12 => 90,
            _ => 80,
        };
        return new Vitals(Circulation.Systolic(mean, 40), Circulation.Diastolic(mean, 40), heartRate);
    }

    /// <summary>
    /// The threshold for this patient: the one for age, but at least two thirds of the patient's own
    /// systolic (a hypertensive patient) and at most 10 mmHg below it (a patient who rests below the
    /// age threshold is not hypotensive at rest).
    /// </summary>
    public static double ThresholdFor(double ageYears, double restingSystolicMmHg) =>
        Math.Max(restingSystolicMmHg * 2 / 3, Math.Min(HypotensionThreshold(ageYears), restingSystolicMmHg - 10));

    /// <summary>Systolic pressure at the start.</summary>
    public double BaselineSystolicMmHg => Circulation.Systolic(MeanPressureMmHg, PulsePressureMmHg);

    /// <summary>Diastolic pressure at the start.</summary>
    public double BaselineDiastolicMmHg => Circulation.Diastolic(MeanPressureMmHg, PulsePressureMmHg);

    /// <summary>The systolic pressure at which a run stopped for hypotension resumes: 10 mmHg above the threshold, or halfway to the patient's own systolic if that is nearer.</summary>
    public double ResumeSystolicMmHg => HypotensionSystolicMmHg + Math.Min(10, (BaselineSystolicMmHg - HypotensionSystolicMmHg) / 2);

    /// <summary>
    /// The systolic pressure below which a patient of this age is hypotensive: the PALS definition
    /// (under 1 month 60, under a year 70, 1–10 years 70 + 2 × age, then 90 mmHg), and 90 mmHg for
    /// adults (Evers' criterion for apheresis).
    /// </summary>
    public static double HypotensionThreshold(double ageYears) => ageYears switch
    {
        < 1.0 / 12 => 60,
        < 1 => 70,
        < 10 => 70 + (2 * ageYears),
        _ => 90,
    };
}

/// <summary>Blood pressure and heart rate at one moment.</summary>
/// <param name="MeanMmHg">Mean arterial pressure.</param>
/// <param name="SystolicMmHg">Systolic pressure.</param>
/// <param name="DiastolicMmHg">Diastolic pressure.</param>
/// <param name="HeartRatePerMin">Heart rate.</param>
/// <param name="StrokeVolumeRatio">Stroke volume as a share of the start's.</param>
public readonly record struct Haemodynamics(double MeanMmHg, double SystolicMmHg, double DiastolicMmHg, double HeartRatePerMin, double StrokeVolumeRatio);

/// <summary>What the circulation sees besides the blood volume.</summary>
/// <param name="IonizedCalcium">Ionized calcium now, mmol/L.</param>
/// <param name="HeadDown">The patient is tilted head down (Trendelenburg).</param>
/// <param name="Vasovagal">The strength of a vasovagal reaction now, 0 (none) to 1 (its height).</param>
public readonly record struct CirculationInputs(double IonizedCalcium, bool HeadDown, double Vasovagal);

/// <summary>
/// A reduced circulation, quasi-steady at the minute scale (the baroreflex settles in seconds):
/// stroke volume from the circulating volume (Frank–Starling, linear) and from ionized calcium
/// (contractility, a Hill curve); the arterial baroreflex raises heart rate and resistance in
/// proportion to the fall of mean pressure; a vasovagal reaction withdraws the reflex and lowers both.
/// <code>
/// s  = clamp(1 + β·ΔV/V0, 0.2, 1.2) · f(Ca)/f(Ca0),   f(c) = cⁿ/(cⁿ + Kⁿ)
/// e  = 1 − MAP/MAP0
/// HR = HR0·((1 − dH·v) + gH·(1 − v)·e),   SVR = SVR0·(1 − dR·v)·(1 + gR·(1 − v)·e)
/// MAP/MAP0 = s · HR/HR0 · SVR/SVR0        (solved for e: a quadratic)
/// PP = PP0·s·MAP/MAP0,  SBP = MAP + 2/3·PP,  DBP = MAP − 1/3·PP
/// </code>
/// </summary>
public static class Circulation
{
    /// <summary>Blood pressure and heart rate for a circulating volume and the other inputs.</summary>
    public static Haemodynamics Assess(CirculationParameters parameters, Volume intravascular, CirculationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var v0 = parameters.BaselineBloodVolume.Milliliters;
        var shift = (intravascular.Milliliters - v0) / v0 + (inputs.HeadDown ? CirculationParameters.TrendelenburgShare : 0);
        var preload = 1 + (CirculationParameters.PreloadSlope * shift);
        var s = Math.Clamp(preload * Contractility(inputs.IonizedCalcium) / Contractility(parameters.BaselineIonizedCalcium), 0.2, 1.2);

        var v = Math.Clamp(inputs.Vasovagal, 0, 1);
        var h0 = 1 - (CirculationParameters.VasovagalHeartRateFall * v);
        var r0 = 1 - (CirculationParameters.VasovagalResistanceFall * v);
        var gH = CirculationParameters.HeartRateGain * (1 - v);
        var gR = CirculationParameters.ResistanceGain * (1 - v);

        // 1 − e = K·(h0 + gH·e)·(1 + gR·e), K = s·r0: A·e² + B·e + C = 0, the root that goes to −C/B
        // as A → 0, in the form that keeps its precision for small A (A ≥ 0, B > 0: B + √D > 0).
        var k = s * r0;
        var a = k * gH * gR;
        var b = (k * ((h0 * gR) + gH)) + 1;
        var c = (k * h0) - 1;
        var e = -2 * c / (b + Math.Sqrt((b * b) - (4 * a * c)));
        var heartRate = h0 + (gH * e);
        var maxRate = parameters.MaxHeartRatePerMin / parameters.HeartRatePerMin;
        var minRate = 0.3;
        if (heartRate > maxRate || heartRate < minRate)
        {
            // The rate is at its limit; resistance alone answers: m = K'(1 + gR(1 − m)).
            heartRate = Math.Clamp(heartRate, minRate, maxRate);
            var kk = k * heartRate;
            e = 1 - (kk * (1 + gR) / (1 + (kk * gR)));
        }

        // Pulse pressure goes with stroke volume and with the pressure (a fainting patient's narrows too).
        var mean = parameters.MeanPressureMmHg * (1 - e);
        var pulse = parameters.PulsePressureMmHg * s * (1 - e);
        return new Haemodynamics(mean, Systolic(mean, pulse), Diastolic(mean, pulse), parameters.HeartRatePerMin * heartRate, s);
    }

    /// <summary>Systolic pressure from the mean and the pulse pressure (the mean lies a third of the way up from diastolic).</summary>
    public static double Systolic(double meanMmHg, double pulseMmHg) => meanMmHg + (2 * pulseMmHg / 3);

    /// <summary>Diastolic pressure from the mean and the pulse pressure.</summary>
    public static double Diastolic(double meanMmHg, double pulseMmHg) => meanMmHg - (pulseMmHg / 3);

    /// <summary>Contractility as a share of its maximum at an ionized calcium, mmol/L.</summary>
    public static double Contractility(double ionizedCalcium)
    {
        var c = Math.Pow(Math.Max(ionizedCalcium, 0), CirculationParameters.CalciumHill);
        return c / (c + Math.Pow(CirculationParameters.CalciumHalfEffect, CirculationParameters.CalciumHill));
    }

    /// <summary>The strength of a vasovagal reaction some minutes after it began (1 at onset, fading).</summary>
    public static double VasovagalStrength(double minutesSinceOnset) =>
        minutesSinceOnset < 0 ? 0 : Math.Exp(-minutesSinceOnset / CirculationParameters.VasovagalMinutes);
}

/// <summary>
/// The chance of a vasovagal reaction during an apheresis procedure, from published predictors:
/// logit p = a + ln(OR)·(female, first procedure, blood volume under 3.5 L, age under 19). Sources
/// and calibration: docs/model/circulation.md.
/// </summary>
public static class VasovagalRisk
{
    /// <summary>Intercept: a repeat male adult donor with a blood volume of 3.5 L or more, 0.99 % (Tomita et al., Transfusion 2002;42:1561, apheresis donors).</summary>
    public static readonly double Intercept = Math.Log(0.0099 / (1 - 0.0099));

    /// <summary>
    /// Women against men, 2.85: fitted so that VV1's cohort of women averages Tomita's 4.17 % with the
    /// blood-volume term in the model (the raw odds ratio of 4.17 % against 0.99 %, 4.35, would count
    /// the small blood volumes of many women twice: docs/model/circulation.md).
    /// </summary>
    public const double OddsRatioFemale = 2.85;

    /// <summary>A first procedure: OR 2.33 (first-time donors, REDS-II, Transfusion 2010, doi:10.1111/j.1537-2995.2009.02578.x).</summary>
    public const double OddsRatioFirst = 2.33;

    /// <summary>Estimated blood volume under 3.5 L: OR 3.30 (REDS-II, as above).</summary>
    public const double OddsRatioSmallVolume = 3.30;

    /// <summary>Age under 19: OR 2.8 (17–18 years, Wiltbank et al., Transfusion 2008;48:1799); extended to younger patients (assumption).</summary>
    public const double OddsRatioYoung = 2.8;

    /// <summary>
    /// A large collection in a man: OR 2 when the product exceeds the lesser of 1,050 mL and 15 % of
    /// the blood volume (reactions "nearly doubled in male donors" above 1,050 mL and no threshold was
    /// found in women: Transfusion 2017;57:319, 148,416 Trima procedures).
    /// </summary>
    public const double OddsRatioLargeCollectionMen = 2;

    /// <summary>Whether a product counts as a large collection for this patient.</summary>
    public static bool LargeCollection(bool female, Volume product, Volume bloodVolume) =>
        !female && product.Milliliters > Math.Min(1050, 0.15 * bloodVolume.Milliliters);

    /// <summary>The probability of a vasovagal reaction in one procedure.</summary>
    public static double Probability(bool female, bool firstProcedure, Volume bloodVolume, double ageYears, bool largeCollection = false)
    {
        var logit = Intercept
            + (largeCollection ? Math.Log(OddsRatioLargeCollectionMen) : 0)
            + (female ? Math.Log(OddsRatioFemale) : 0)
            + (firstProcedure ? Math.Log(OddsRatioFirst) : 0)
            + (bloodVolume.Liters < 3.5 ? Math.Log(OddsRatioSmallVolume) : 0)
            + (ageYears < 19 ? Math.Log(OddsRatioYoung) : 0);
        return 1 / (1 + Math.Exp(-logit));
    }
}
