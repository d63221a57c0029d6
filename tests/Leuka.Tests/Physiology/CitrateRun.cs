using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

/// <summary>
/// Citrate and calcium alone under a steady AC infusion: the procedure engine's job in miniature,
/// used to check and calibrate the citrate–calcium models against published procedures.
/// </summary>
internal static class CitrateRun
{
    public sealed record Result(double NadirFall, double EndCitrate, double EndFall, double[] IonizedByMinute);

    public static Result Simulate(double weightKg, double acMlPerMin, double minutes, double returnedFraction = 1, double calciumMmolPerH = 0, Anticoagulant? ac = null, double baselineIonized = 1.2, CalciumParameters? calciumParameters = null)
    {
        var weight = Mass.FromKilograms(weightKg);
        var citrate = CitrateParameters.For(weight);
        var calcium = calciumParameters ?? CalciumParameters.For(SubstanceConcentration.FromMillimolesPerLiter(baselineIonized), weight);
        var volume = CalciumParameters.DistributionVolume(weight);
        var c = citrate.Baseline;
        var ca = CalciumState.AtBaseline(calcium, volume, c);
        var infusion = (ac ?? Anticoagulant.AcdA).InfusionRate(VolumeFlow.FromMillilitersPerMinute(acMlPerMin), returnedFraction);
        var nadir = baselineIonized;
        var ionizedByMinute = new List<double> { baselineIonized };
        var ionized = baselineIonized;
        for (var minute = 0; minute < minutes; minute++)
        {
            var start = c;
            c = CitrateKinetics.Step(c, citrate, infusion, Duration.FromMinutes(1), out _);
            var mean = (start + c) / 2;
            ca = CalciumKinetics.Step(ca, calcium, new CalciumExchange(mean, citrate.Clearance, SubstanceRate.FromMillimolesPerHour(calciumMmolPerH), SubstanceAmount.Zero), volume, Duration.FromMinutes(1), out _, out var ica);
            ionized = ica.MillimolesPerLiter;
            nadir = Math.Min(nadir, ionized);
            ionizedByMinute.Add(ionized);
        }

        return new Result(1 - (nadir / baselineIonized), c.MillimolesPerLiter, 1 - (ionized / baselineIonized), [.. ionizedByMinute]);
    }

    // Ca4 (CS-3000 PBSC, AC 11:1, 4 h): AC = whole blood / 10.
    public static Result Ca4(double wholeBloodMlPerMin, double calciumMmolPerH = 0) =>
        Simulate(70, wholeBloodMlPerMin / 10, 240, returnedFraction: 0.95, calciumMmolPerH: calciumMmolPerH);
}
