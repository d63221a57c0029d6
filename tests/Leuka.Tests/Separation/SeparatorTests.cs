using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

public sealed class SeparatorTests
{
    private static OperatingPoint Point(Separator s, double hct, double[] counts, double collect, double offset) => new(
        OperatingPoint.Fractions(Fraction.FromPercent(hct), [.. counts.Select(CellConcentration.FromE9PerLiter)], 12, s.Properties),
        RotationalSpeed.FromRevolutionsPerMinute(2400),
        VolumeFlow.FromMillilitersPerMinute(60),
        VolumeFlow.FromMillilitersPerMinute(collect),
        offset,
        CollectionMode.Continuous);

    private static readonly double[] Donor = [4.2, 2.1, 0.42, 0, 0.02, 250];
    private static readonly double[] Aml = [20, 12.5, 5, 212.5, 0.015, 60];

    [Fact]
    public void In_hyperleukocytosis_removal_per_minute_is_limited_by_what_the_collect_flow_carries()
    {
        var s = SeparatorModel.Default;
        var at3 = s.Solve(Point(s, 28, Aml, 3, -1)).Efficiency(CellSpecies.Blasts);
        var at6 = s.Solve(Point(s, 28, Aml, 6, -1)).Efficiency(CellSpecies.Blasts);
        // Doubling the collect flow nearly doubles the blasts removed: capacity, not efficiency, limits.
        Assert.InRange(at6 / at3, 1.7, 2.2);
        Assert.True(at3 < 0.5);
    }

    [Fact]
    public void Platelet_dispersion_keeps_most_platelets_out_of_the_product()
    {
        var dispersed = SeparatorModel.Default;
        var settled = dispersed with { Geometry = dispersed.Geometry with { DispersionSquareMetersPerSecond = 0 } };
        var withDispersion = dispersed.Solve(Point(dispersed, 40, Donor, 1, 0)).Efficiency(CellSpecies.Platelets);
        var without = settled.Solve(Point(settled, 40, Donor, 1, 0)).Efficiency(CellSpecies.Platelets);
        Assert.True(without > 0.5, $"without dispersion {without}");
        Assert.True(withDispersion < 0.15, $"with dispersion {withDispersion}");
    }

    [Fact]
    public void Port_shares_add_up_to_one_for_every_species()
    {
        var s = SeparatorModel.Default;
        foreach (var (hct, counts, collect, offset) in new[] { (40.0, Donor, 1.0, 0.0), (28.0, Aml, 3.0, -1.0), (28.0, Aml, 6.0, 0.5) })
        {
            var r = s.Solve(Point(s, hct, counts, collect, offset));
            for (var i = 0; i < r.ToCollect.Length; i++)
            {
                Assert.Equal(1, r.ToCollect[i] + r.ToPlasma[i] + r.ToRedCells[i], 1e-12);
                Assert.InRange(r.ToCollect[i], 0, 1);
            }

            Assert.Equal(60, (r.PlasmaFlow + r.RedCellFlow + r.ProductFlow).MillilitersPerMinute, 1e-9);
        }
    }
}
