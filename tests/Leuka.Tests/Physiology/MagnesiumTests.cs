using CsCheck;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class MagnesiumTests
{
    private static readonly CalciumEquilibrium Equilibrium = CalciumEquilibrium.Normal;

    [Fact]
    public void Citrate_binds_magnesium_so_ionized_magnesium_falls_while_the_total_stays()
    {
        var none = Equilibrium.Solve(2.45, 0.06).IonizedMagnesium;
        var some = Equilibrium.Solve(2.45, 1.5).IonizedMagnesium;
        Assert.InRange(none, 0.50, 0.58);
        Assert.True(some < 0.8 * none, $"{some} vs {none}");
    }

    [Fact]
    public void Every_step_conserves_magnesium_and_the_exchange_pulls_toward_the_baseline()
    {
        Gen.Select(Gen.Double[0, 3], Gen.Double[0, 2], Gen.Double[0, 2], Gen.Double[0.1, 60], Gen.Double[3, 12]).Sample((citrate, removed, returned, minutes, total) =>
        {
            var volume = Volume.FromLiters(9);
            var state = new MagnesiumState(SubstanceAmount.FromMillimoles(total));
            var speciation = Equilibrium.Solve(2.4, citrate);
            var exchange = new MagnesiumExchange(SubstanceAmount.Zero, SubstanceAmount.FromMillimoles(removed), SubstanceAmount.FromMillimoles(returned));
            var baseline = SubstanceAmount.FromMillimoles(0.85 * volume.Liters);
            var end = MagnesiumKinetics.Step(state, speciation, Equilibrium, VolumeFlow.FromMillilitersPerMinute(50), 0.01, exchange, baseline, Duration.FromMinutes(minutes), out var f);
            var balance = f.Infused.Millimoles + f.Returned.Millimoles - f.Removed.Millimoles - f.RenalLoss.Millimoles + f.Exchanged.Millimoles;
            Assert.Equal(balance, (end.Total - state.Total).Millimoles, 1e-9 * (total + removed + returned + 10));
            Assert.True(f.RenalLoss.Millimoles >= 0);
            Assert.True(end.Total.Millimoles >= 0);
            var afterFlows = total + returned - removed - f.RenalLoss.Millimoles;
            Assert.True(Math.Sign(f.Exchanged.Millimoles) == Math.Sign(baseline.Millimoles - afterFlows) || Math.Abs(f.Exchanged.Millimoles) < 1e-12);
        });
    }
}
