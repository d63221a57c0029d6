using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

public sealed class WhiteLayerTests
{
    private static readonly double[] Bands = [0.6, 0.2, 0.1, 0.1];

    [Fact]
    public void Without_mixing_each_band_is_drawn_as_a_box()
    {
        var window = new Separator.CollectWindow(0, 0.5, 0.05);
        var (drawn, below) = WhiteLayer.Draw(Bands, [0, 0, 0, 0], window);
        var top = 0.0;
        for (var g = 0; g < Bands.Length; g++)
        {
            Assert.Equal(window.Drawn(top, top + Bands[g]) / Bands[g], drawn[g], 12);
            Assert.Equal(window.BelowWindow(top, top + Bands[g]) / Bands[g], below[g], 12);
            top += Bands[g];
        }
    }

    [Fact]
    public void Mixing_keeps_every_cell_in_the_layer()
    {
        // A window far wider than the layer, sharp: every band is drawn whole however it is mixed.
        var window = new Separator.CollectWindow(-50, 100, 1e-6);
        foreach (var mixing in new[] { 0.01, 0.3, 1, 10 })
        {
            var (drawn, below) = WhiteLayer.Draw(Bands, [mixing, mixing, mixing, mixing], window);
            for (var g = 0; g < Bands.Length; g++)
            {
                Assert.Equal(1, drawn[g], 6);
                Assert.Equal(0, below[g], 6);
            }
        }
    }

    [Theory]
    [InlineData(0.01)]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(1.99)]
    public void A_mixed_band_keeps_its_cells(double sigmaOverBed)
    {
        // The reflected images add up to the band itself, however wide the mixing (up to the
        // closed-form switch at twice the bed).
        var mass = new double[WhiteLayer.Grid];
        WhiteLayer.Smear(0.3, 0.5, 1.0, sigmaOverBed, mass);
        Assert.Equal(0.2, mass.Sum(), 9);
        Assert.All(mass, m => Assert.True(m >= -1e-12));
    }

    [Fact]
    public void Platelets_rest_on_top_of_the_mixed_bed()
    {
        // A mixed white band under an unmixed platelet band, a sharp window over the upper half.
        var window = new Separator.CollectWindow(0.5, 0.5, 1e-4);
        var (drawn, below) = WhiteLayer.Draw([0.5, 0.5], [0.3, 0], window);
        Assert.Equal(1, drawn[1], 3);
        Assert.Equal(0, drawn[0], 3);
        Assert.Equal(1, below[0], 3);
    }

    [Fact]
    public void A_layer_thin_beside_the_mixing_length_is_well_mixed_and_a_thick_one_keeps_its_order()
    {
        // The window takes the lower half of the layer.
        var window = new Separator.CollectWindow(0, 0.5, 1e-3);
        var (mixed, _) = WhiteLayer.Draw(Bands, [20, 20, 20, 20], window);
        Assert.All(mixed, d => Assert.Equal(0.5, d, 2));

        var (ordered, _) = WhiteLayer.Draw(Bands, [0.01, 0.01, 0.01, 0.01], window);
        Assert.True(ordered[0] > 0.8, $"the bottom band {ordered[0]}");
        Assert.True(ordered[3] < 0.05, $"the top band {ordered[3]}");
    }

    [Fact]
    public void Light_cells_are_not_shielded_into_the_plasma_when_the_white_layer_outgrows_the_window()
    {
        // Mobilised blood at WBC 40, 100 and 200 (×10^9/L), collect 1 mL/min: before the white
        // layer mixed, the granulocytes under the CD34+ cells filled the window and CD34+
        // efficiency fell from 0.64 to 0.04 between 40 and 100. Now most neutrophils lie in the red
        // layer's top and the layer outgrows the window only above WBC 100; past that it falls by
        // the window's share of the layer (0.93, 0.92, 0.44 measured), not to nothing.
        var s = SeparatorModel.Default;
        OperatingPoint Point(double wbc) => new(
            OperatingPoint.Fractions(Fraction.FromPercent(34), [.. new[] { 0.8 * wbc, 0.12 * wbc, 0.08 * wbc, 0, 0.04, 180 }.Select(CellConcentration.FromE9PerLiter)], 12, s.Properties),
            RotationalSpeed.FromRevolutionsPerMinute(2400),
            VolumeFlow.FromMillilitersPerMinute(60),
            VolumeFlow.FromMillilitersPerMinute(1),
            0,
            CollectionMode.Continuous);
        var at40 = s.Solve(Point(40)).Efficiency(CellSpecies.Cd34);
        var at100 = s.Solve(Point(100)).Efficiency(CellSpecies.Cd34);
        var at200 = s.Solve(Point(200)).Efficiency(CellSpecies.Cd34);
        var shown = $"CD34+ efficiency {at40:0.000} at WBC 40, {at100:0.000} at 100, {at200:0.000} at 200";
        Assert.True(at200 > 0.35 * at40, shown);
        Assert.True(at200 < at100 && at100 <= at40, "a thicker white layer than the window still costs efficiency: " + shown);
    }

    [Fact]
    public void Platelets_are_drawn_from_a_white_layer_thicker_than_the_window_like_the_white_cells_around_them()
    {
        // AML at WBC 180 (TL5's blood), collect 3.5 mL/min: the blasts' layer is about twice the
        // window. Left on top of it, the platelets were never reached (1.9 % per pass, all from the
        // plasma drawn); mixed in by the white cells' motion, the window takes its share of them.
        var s = SeparatorModel.Default;
        var point = new OperatingPoint(
            OperatingPoint.Fractions(Fraction.FromPercent(27), [.. new[] { 18, 12.6, 5.4, 144, 0, 60 }.Select(CellConcentration.FromE9PerLiter)], 12, s.Properties),
            RotationalSpeed.FromRevolutionsPerMinute(2400),
            VolumeFlow.FromMillilitersPerMinute(55),
            VolumeFlow.FromMillilitersPerMinute(3.5),
            0,
            CollectionMode.Continuous);
        var r = s.Solve(point);
        var layer = Assert.IsType<WhiteLayerView>(r.WhiteLayer);
        Assert.True(layer.Bands.Sum(b => b.Thickness) > 1.5 * layer.WindowWidth, "the white layer outgrows the window");
        var platelets = Assert.Single(layer.Bands, b => b.Species.Contains(CellSpecies.Platelets));
        var blasts = Assert.Single(layer.Bands, b => b.Species.Contains(CellSpecies.Blasts));
        Assert.True(platelets.Drawn > 0.05, $"platelets drawn {platelets.Drawn:0.000}");
        Assert.True(platelets.Drawn < blasts.Drawn, "they arrive on top, so the window under them takes fewer of them than of the blasts");
        Assert.True(r.Efficiency(CellSpecies.Platelets) > 0.03, $"platelet efficiency {r.Efficiency(CellSpecies.Platelets):0.000}");
    }
}
