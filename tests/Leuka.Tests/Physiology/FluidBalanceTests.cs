using CsCheck;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class FluidBalanceTests
{
    [Fact]
    public void A_saline_prime_dilutes_the_haematocrit_early_then_it_plateaus()
    {
        var hct = PrimeRun(redCellPrime: false);
        Assert.True(hct[10] < 0.97 * hct[0], $"Hct at 10 min {hct[10]:0.000} vs {hct[0]:0.000}");
        Assert.InRange(Math.Abs(hct[180] - hct[90]) / hct[0], 0, 0.01);
    }

    [Fact]
    public void A_red_cell_prime_prevents_the_early_drop()
    {
        var saline = PrimeRun(redCellPrime: false);
        var red = PrimeRun(redCellPrime: true);
        Assert.True(red[10] > 0.99 * red[0], $"Hct at 10 min {red[10]:0.000} vs {red[0]:0.000}");
        Assert.True(red[10] > saline[10]);
    }

    [Fact]
    public void Fluid_kept_in_the_body_settles_at_the_plasmas_share_and_only_an_expanded_plasma_makes_urine()
    {
        var p = FluidParameters.For(Volume.FromLiters(3));
        Assert.Equal(3.0 / 14, p.PlasmaShare, 12);

        // 300 mL more plasma: it spreads until plasma and interstitium are expanded alike, and urine is made meanwhile.
        var over = new FluidState(Volume.FromLiters(2), Volume.FromLiters(3.3), Volume.Zero);
        var settled = FluidBalance.Step(over, p, FluidExchange.None, Duration.FromHours(3), out var f);
        var kept = 300 - f.Excreted.Milliliters;
        Assert.InRange(f.Excreted.Milliliters, 1, 100);
        Assert.Equal(kept, settled.Plasma.Milliliters - 3000 + settled.Interstitial.Milliliters, 1e-6);

        // The kidneys drain the plasma, so it sits a little below its share while the interstitium refills it.
        Assert.InRange((settled.Plasma.Milliliters - 3000) / kept, 0.7 * p.PlasmaShare, p.PlasmaShare);

        // 300 mL less plasma: the interstitium refills it toward the same share, and no urine is made.
        var under = new FluidState(Volume.FromLiters(2), Volume.FromLiters(2.7), Volume.Zero);
        var refilled = FluidBalance.Step(under, p, FluidExchange.None, Duration.FromHours(3), out var g);
        Assert.Equal(0, g.Excreted.Milliliters);
        Assert.Equal(-300 * p.PlasmaShare, refilled.Plasma.Milliliters - 3000, 1.5);
        Assert.Equal(-300 * (1 - p.PlasmaShare), refilled.Interstitial.Milliliters, 1.5);
    }

    [Fact]
    public void Steps_of_any_size_agree_for_the_same_inputs()
    {
        var p = FluidParameters.For(Volume.FromLiters(3));
        var start = new FluidState(Volume.FromLiters(2), Volume.FromLiters(3.1), Volume.Zero);
        var ex = new FluidExchange(VolumeFlow.Zero, VolumeFlow.FromMillilitersPerMinute(5), VolumeFlow.Zero, VolumeFlow.Zero);
        var one = FluidBalance.Step(start, p, ex, Duration.FromMinutes(60), out _);
        var many = start;
        for (var i = 0; i < 60; i++)
        {
            many = FluidBalance.Step(many, p, ex, Duration.FromMinutes(1), out _);
        }

        // Exact within a step; urine is switched on or off at a step's start, which both agree on here (plasma stays above its start).
        Assert.Equal(one.Plasma.Milliliters, many.Plasma.Milliliters, 1e-6);
        Assert.Equal(one.Excreted.Milliliters, many.Excreted.Milliliters, 1e-6);
    }

    [Fact]
    public void A_plasma_that_falls_below_its_start_within_a_step_makes_no_negative_urine()
    {
        var p = FluidParameters.For(Volume.FromLiters(3));
        var start = new FluidState(Volume.FromLiters(2), Volume.FromLiters(3.01), Volume.Zero);
        var ex = new FluidExchange(VolumeFlow.FromMillilitersPerMinute(100), VolumeFlow.Zero, VolumeFlow.Zero, VolumeFlow.Zero);
        var end = FluidBalance.Step(start, p, ex, Duration.FromMinutes(5), out var f);
        Assert.True(end.Plasma < p.BaselinePlasmaVolume);
        Assert.True(f.Excreted.Milliliters >= 0);
    }

    [Fact]
    public void Water_and_red_cells_are_conserved_and_never_negative()
    {
        Gen.Select(Gen.Double[0.3, 8], Gen.Double[0.1, 0.7], Gen.Double[0, 150], Gen.Double[0, 160], Gen.Double[0, 0.8], Gen.Double[0, 1], Gen.Double[0, 60]).Sample((liters, hct, draw, ret, retHct, infusion, minutes) =>
        {
            var p = FluidParameters.For(Volume.FromLiters(liters * (1 - hct)));
            var start = FluidState.AtBaseline(Volume.FromLiters(liters), Fraction.FromRatio(hct));
            var ex = new FluidExchange(VolumeFlow.FromMillilitersPerMinute(draw), VolumeFlow.FromMillilitersPerMinute(ret), VolumeFlow.FromMillilitersPerMinute(ret * retHct), VolumeFlow.FromMillilitersPerMinute(infusion));
            var end = FluidBalance.Step(start, p, ex, Duration.FromMinutes(minutes), out var f);
            var scale = start.Intravascular.Milliliters + end.Intravascular.Milliliters + f.Drawn.Milliliters + f.Returned.Milliliters + f.Infused.Milliliters + Math.Abs(f.Shifted.Milliliters);
            var water = (end.Intravascular + end.Interstitial + end.Excreted - start.Intravascular - start.Interstitial - start.Excreted).Milliliters;
            Assert.True(Math.Abs(water - (f.Returned + f.Infused - f.Drawn).Milliliters) <= 1e-9 * scale);
            var red = (end.RedCells - start.RedCells).Milliliters;
            Assert.True(Math.Abs(red - (f.ReturnedRedCells - f.DrawnRedCells).Milliliters) <= 1e-9 * scale);
            Assert.True(end.RedCells.Milliliters >= 0 && end.Plasma.Milliliters >= 0);
        });
    }

    [Theory]
    [InlineData(740, 0, false, HypotensionRiskLevel.Low)]
    [InlineData(750, 0, false, HypotensionRiskLevel.Moderate)]
    [InlineData(500, 250, false, HypotensionRiskLevel.Moderate)]
    [InlineData(1000, 0, false, HypotensionRiskLevel.High)]
    [InlineData(490, 0, true, HypotensionRiskLevel.Low)]
    [InlineData(500, 0, true, HypotensionRiskLevel.Moderate)]
    [InlineData(500, -300, true, HypotensionRiskLevel.Moderate)]
    [InlineData(750, 0, true, HypotensionRiskLevel.High)]
    public void Hypotension_risk_fires_at_its_thresholds_stricter_for_children(double ecvMl, double deficitMl, bool child, HypotensionRiskLevel level)
    {
        var risk = HypotensionRisk.Assess(Volume.FromMilliliters(ecvMl), Volume.FromMilliliters(deficitMl), Volume.FromLiters(5), child);
        Assert.Equal(level, risk.Level);
    }

    // A minimal circuit: the first ECV returned is the prime (saline, or red cells at the patient's
    // Hct), then processed blood comes back with its AC, less a collect flow of plasma.
    internal static double[] PrimeRun(bool redCellPrime, double ecvMl = 180, double wholeBloodMlPerMin = 60, double tbvLiters = 5)
    {
        var hct0 = Fraction.FromPercent(40);
        var state = FluidState.AtBaseline(Volume.FromLiters(tbvLiters), hct0);
        var p = FluidParameters.For(state.Plasma);
        var ac = wholeBloodMlPerMin / 11;
        var primeMinutes = ecvMl / wholeBloodMlPerMin;
        var hct = new double[241];
        hct[0] = hct0.Ratio;
        for (var minute = 1; minute <= 240; minute++)
        {
            var inPrime = minute <= Math.Ceiling(primeMinutes);
            var primeShare = inPrime ? Math.Min(1, primeMinutes - (minute - 1)) : 0;
            var bloodShare = 1 - primeShare;
            var h = state.Hematocrit.Ratio;
            var returnFlow = (primeShare * wholeBloodMlPerMin) + (bloodShare * (wholeBloodMlPerMin + ac - 1));
            var returnRed = (primeShare * (redCellPrime ? wholeBloodMlPerMin * hct0.Ratio : 0)) + (bloodShare * wholeBloodMlPerMin * h);
            var ex = new FluidExchange(VolumeFlow.FromMillilitersPerMinute(wholeBloodMlPerMin), VolumeFlow.FromMillilitersPerMinute(returnFlow), VolumeFlow.FromMillilitersPerMinute(returnRed), VolumeFlow.Zero);
            state = FluidBalance.Step(state, p, ex, Duration.FromMinutes(1), out _);
            hct[minute] = state.Hematocrit.Ratio;
        }

        return hct;
    }
}
