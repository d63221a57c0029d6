using CsCheck;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

/// <summary>
/// The ports on random blood and settings: with the neutrophils in the red cells' top and the white
/// layer held (or not), every cell leaves by exactly one port, and the port flows add up to the inlet.
/// </summary>
public sealed class PortPropertyTests
{
    [Fact]
    public void Every_cell_leaves_by_one_port_and_the_flows_add_up()
    {
        // A 30-cell channel keeps the 60 solves cheap; the ports are the same code on any grid.
        var geometry = SeparatorModel.DefaultGeometry with { Cells = 30 };
        var gen = Gen.Select(
            Gen.Select(Gen.Double[15, 50], Gen.Double[1, 600], Gen.Double[0, 1], Gen.Double[0, 0.6]),
            Gen.Select(Gen.Double[20, 100], Gen.Double[0.5, 8], Gen.Double[-1, 1], Gen.Bool),
            Gen.Select(Gen.Bool, Gen.Double[0, 0.2], Gen.Bool));
        gen.Sample(
            (blood, settings, options) =>
            {
                var (hct, wbc, blastShare, immature) = blood;
                var (inlet, collect, offset, chamber) = settings;
                var (held, depth, holdHct) = options;
                var separator = SeparatorModel.Default with
                {
                    Geometry = geometry with { HeldWhiteLayer = held, GranulocyteRedLayerDepth = depth },
                    ImmatureGranulocyteShare = immature,
                };
                var granulocytes = wbc * (1 - blastShare) * 0.7;
                double[] counts = [granulocytes, wbc * (1 - blastShare) * 0.22, wbc * (1 - blastShare) * 0.08, wbc * blastShare, 0.05, 200];
                var point = new OperatingPoint(
                    OperatingPoint.Fractions(Fraction.FromPercent(hct), [.. counts.Select(CellConcentration.FromE9PerLiter)], 12, separator.Properties),
                    RotationalSpeed.FromRevolutionsPerMinute(2400),
                    VolumeFlow.FromMillilitersPerMinute(inlet),
                    VolumeFlow.FromMillilitersPerMinute(collect),
                    offset,
                    chamber ? CollectionMode.Chamber : CollectionMode.Continuous,
                    CollectHematocrit: holdHct ? Fraction.FromPercent(4) : null);
                var r = separator.Solve(point);
                for (var i = 0; i < r.ToCollect.Length; i++)
                {
                    var sum = r.ToCollect[i] + r.ToPlasma[i] + r.ToRedCells[i];
                    Assert.True(Math.Abs(sum - 1) < 1e-9, $"species {i}: the ports take {sum}");
                    Assert.True(r.ToCollect[i] >= -1e-12 && r.ToPlasma[i] >= -1e-12 && r.ToRedCells[i] >= -1e-12, $"species {i}: a negative share");
                }

                Assert.InRange(r.ProductHematocrit.Ratio, 0, 1);
                var flows = r.PlasmaFlow.MillilitersPerMinute + r.RedCellFlow.MillilitersPerMinute + collect;
                Assert.True(Math.Abs(flows - inlet) < 1e-6, $"port flows {flows} against the inlet {inlet}");
            },
            iter: 60,
            threads: 1);
    }
}
