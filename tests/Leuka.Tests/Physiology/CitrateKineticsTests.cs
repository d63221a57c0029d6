using CsCheck;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class CitrateKineticsTests
{
    private static readonly CitrateParameters Adult = CitrateParameters.For(Mass.FromKilograms(70));

    [Fact]
    public void Half_lives_are_Kramers_36_and_69_minutes()
    {
        // Kramer, Crit Care Med 2003;31:2450: t½ 36 min, 69 min in cirrhosis.
        Assert.Equal(36, Adult.HalfLife.Minutes, 1e-9);
        Assert.Equal(69, CitrateParameters.For(Mass.FromKilograms(70), liverDisease: true).HalfLife.Minutes, 1e-9);
    }

    [Fact]
    public void Smaller_patients_clear_citrate_faster_per_kg()
    {
        var child = CitrateParameters.For(Mass.FromKilograms(15));
        Assert.True(child.Clearance.MillilitersPerMinute / 15 > Adult.Clearance.MillilitersPerMinute / 70);
        Assert.True(child.HalfLife < Adult.HalfLife);
    }

    [Fact]
    public void Olsons_plateletpheresis_citrate_level_is_reachable()
    {
        // Ca1: 26.7 mg/dL (1.41 mmol/L) serum citrate with ACD-A. A 90-min run at 1.4 mg/kg/min reaches it.
        var c = Adult.Baseline;
        var infusion = SubstanceRate.FromMillimolesPerHour(1.4 * 70 / 189.1 * 60);
        c = CitrateKinetics.Step(c, Adult, infusion, Duration.FromMinutes(90), out _);
        Assert.InRange(c.MillimolesPerLiter, 1.41 * 0.9, 1.41 * 1.3);
    }

    [Fact]
    public void A_constant_infusion_is_still_rising_at_90_minutes()
    {
        // Kramer's protocol: 0.5 mmol/kg/h for 2 h; still rising at 90 min (docs/reference/MODEL-DATA.md §5).
        var infusion = SubstanceRate.FromMillimolesPerHour(0.5 * 70);
        var plateau = Adult.Plateau(infusion).MillimolesPerLiter;
        var c = Adult.Baseline;
        var series = new List<double>();
        for (var minute = 0; minute < 120; minute++)
        {
            c = CitrateKinetics.Step(c, Adult, infusion, Duration.FromMinutes(1), out _);
            series.Add(c.MillimolesPerLiter);
        }

        Assert.All(series.Zip(series.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        var at90 = series[89] - CitrateParameters.BaselineMmolPerL;
        Assert.InRange(at90 / (plateau - CitrateParameters.BaselineMmolPerL), 0.75, 0.9);
        Assert.True(series[119] > series[89]);
    }

    [Fact]
    public void After_the_infusion_the_excess_halves_every_half_life()
    {
        var c = SubstanceConcentration.FromMillimolesPerLiter(1.5);
        var excess = c.MillimolesPerLiter - CitrateParameters.BaselineMmolPerL;
        var afterOne = CitrateKinetics.Step(c, Adult, SubstanceRate.Zero, Adult.HalfLife, out _);
        var afterTwo = CitrateKinetics.Step(afterOne, Adult, SubstanceRate.Zero, Adult.HalfLife, out _);
        Assert.Equal(excess / 2, afterOne.MillimolesPerLiter - CitrateParameters.BaselineMmolPerL, 1e-12);
        Assert.Equal(excess / 4, afterTwo.MillimolesPerLiter - CitrateParameters.BaselineMmolPerL, 1e-12);
    }

    [Fact]
    public void The_result_does_not_depend_on_the_step_size()
    {
        var infusion = SubstanceRate.FromMillimolesPerHour(30);
        var one = CitrateKinetics.Step(Adult.Baseline, Adult, infusion, Duration.FromMinutes(120), out var oneFlux);
        var many = Adult.Baseline;
        var eliminated = 0.0;
        for (var i = 0; i < 7200; i++)
        {
            many = CitrateKinetics.Step(many, Adult, infusion, Duration.FromSeconds(1), out var flux);
            eliminated += flux.Eliminated.Millimoles;
        }

        Assert.Equal(one.MillimolesPerLiter, many.MillimolesPerLiter, one.MillimolesPerLiter * 1e-9);
        Assert.Equal(oneFlux.Eliminated.Millimoles, eliminated, eliminated * 1e-9);
    }

    [Fact]
    public void Citrate_is_conserved_and_never_negative_in_any_step()
    {
        Gen.Select(Gen.Double[0, 5], Gen.Double[0, 200], Gen.Double[0, 300], Gen.Double[5, 150]).Sample((c0, rate, minutes, kg) =>
        {
            var p = CitrateParameters.For(Mass.FromKilograms(kg));
            var start = SubstanceConcentration.FromMillimolesPerLiter(c0);
            var end = CitrateKinetics.Step(start, p, SubstanceRate.FromMillimolesPerHour(rate), Duration.FromMinutes(minutes), out var flux);
            var change = (end - start) * p.DistributionVolume;
            var balance = flux.Infused + flux.Produced - flux.Eliminated;
            // Relative to everything involved: what is held at either end and what moved.
            var held = ((start + end) * p.DistributionVolume).Millimoles;
            var scale = held + flux.Infused.Millimoles + flux.Produced.Millimoles + flux.Eliminated.Millimoles;
            Assert.True(Math.Abs(change.Millimoles - balance.Millimoles) <= 1e-9 * scale, $"change {change}, balance {balance}");
            Assert.True(end.MillimolesPerLiter >= 0);
        });
    }

    [Fact]
    public void Acd_a_delivers_the_handbooks_citrate_infusion_rates()
    {
        // docs/reference/MODEL-DATA.md §5: at 70 mL/kg TBV, 0.8 / 1.0 / 1.2 mL/min/L of ACD-A → 1.19 / 1.49 / 1.79 mg/kg/min.
        var tbv = Volume.FromLiters(4.9);
        foreach (var (limit, expected) in new[] { (0.8, 1.19), (1.0, 1.49), (1.2, 1.79) })
        {
            var acFlow = FlowPerBloodVolume.FromMillilitersPerMinutePerLiter(limit) * tbv;
            var rate = Anticoagulant.AcdA.InfusionRate(acFlow, fractionReturned: 1);
            var mgPerKgPerMin = rate.MillimolesPerHour / 60 * Substance.Citrate.MolarMassGramsPerMole / 70;
            Assert.Equal(expected, mgPerKgPerMin, 0.01);
        }
    }

    [Fact]
    public void Only_the_returned_share_of_citrate_counts()
    {
        var flow = VolumeFlow.FromMillilitersPerMinute(5);
        Assert.Equal(Anticoagulant.AcdA.InfusionRate(flow, 1).MillimolesPerHour * 0.8, Anticoagulant.AcdA.InfusionRate(flow, 0.8).MillimolesPerHour, 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Anticoagulant.AcdA.InfusionRate(flow, 1.2));
    }
}
