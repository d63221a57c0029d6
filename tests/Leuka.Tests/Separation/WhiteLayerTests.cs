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

    [Theory]
    [InlineData(0.0, 1.0, 0.1, 3.0)]
    [InlineData(-0.2, 1.0, 0.1, 3.0)]
    [InlineData(-2.0, 1.5, 0.3, 0.5)]
    [InlineData(0.5, 1.0, 0.05, 0.01)]
    [InlineData(-30.0, 1.0, 0.1, 1.0)]
    public void The_red_layer_tops_closed_form_matches_the_integral(double lower, double width, double sigma, double scale)
    {
        // ∫ window(x)·e^(x/L)/L over x ≤ 0, by the midpoint rule on a fine grid.
        var window = new Separator.CollectWindow(lower, width, sigma);
        var (drawn, below) = WhiteLayer.InRedLayerTop(window, 0, scale);
        double d = 0, b = 0;
        const int n = 200_000;
        var h = 40 * scale / n;
        for (var j = 0; j < n; j++)
        {
            var x = -(j + 0.5) * h;
            var w = Math.Exp(x / scale) / scale * h;
            d += window.Drawn(x - (h / 2), x + (h / 2)) / h * w;
            b += window.BelowWindow(x - (h / 2), x + (h / 2)) / h * w;
        }

        Assert.Equal(d, drawn, 4);
        Assert.Equal(b, below, 4);
        Assert.InRange(drawn + below, 0, 1 + 1e-9);
    }

    [Fact]
    public void A_held_layer_gives_the_window_what_it_would_have_lost_below_and_no_more_than_its_volume()
    {
        // A thin bed on the red line, wobble comparable to it: unheld, a share goes below the
        // window; held, it is drawn, and the extra displaces the plasma drawn from above.
        double[] bands = [0.05, 0.03];
        var window = new Separator.CollectWindow(0, 1, 0.1);
        var (drawn, below) = WhiteLayer.Draw(bands, [1, 1], window);
        Assert.True(below[0] > 0.2, $"unheld, {below[0]:0.00} below the window");
        var aboveDrawn = window.Drawn(bands.Sum(), double.PositiveInfinity);
        var (heldDrawn, heldBelow) = ((double[])drawn.Clone(), (double[])below.Clone());
        // The window's mean edge is the red line: nothing lies persistently below it.
        var taken = WhiteLayer.Hold(bands, heldDrawn, heldBelow, [0, 0], aboveDrawn);
        for (var g = 0; g < bands.Length; g++)
        {
            Assert.Equal(0, heldBelow[g]);
            Assert.Equal(drawn[g] / (1 - below[g]), heldDrawn[g], 12);
        }

        Assert.Equal(bands.Select((t, g) => t * (heldDrawn[g] - drawn[g])).Sum(), taken, 12);

        // A window with almost no plasma above the bed to give up: the bed takes only what there is.
        var tight = new Separator.CollectWindow(-0.9, 1, 0.1);
        var (d2, b2) = WhiteLayer.Draw([0.5], [1], tight);
        var room = tight.Drawn(0.5, double.PositiveInfinity);
        var taken2 = WhiteLayer.Hold([0.5], d2, b2, [0], room);
        Assert.True(taken2 <= room + 1e-12, $"took {taken2} of {room}");

        // A port set above the layer (its mean edge over the bed): the bed is below it for good and
        // leaves with the red cells; only the wobble's share would be held.
        var high = new Separator.CollectWindow(0.5, 1, 0.1);
        var (d3, b3) = WhiteLayer.Draw(bands, [1, 1], high);
        var (_, sharp) = WhiteLayer.Draw(bands, [1, 1], high with { Sigma = 1e-9 });
        WhiteLayer.Hold(bands, d3, b3, sharp, high.Drawn(bands.Sum(), double.PositiveInfinity));
        Assert.True(b3[0] > 0.99, $"below a port set above it: {b3[0]:0.000} leaves with the red cells");
    }

    [Fact]
    public void Neutrophils_in_the_red_layers_top_stay_out_of_a_donors_product_and_a_held_layer_is_drawn_whole()
    {
        // Donor blood at the MNC settings: with the neutrophils in the red cells' top (λ = 0.18) the
        // product's white cells are a few per cent granulocytes; resting on the red line (λ = 0) as
        // before, nearly half. Held, the lymphocytes that reach the layer are all collected.
        double[] donor = [4.2, 2.1, 0.42, 0, 0.02, 250];
        Separator With(ChannelGeometry g) => SeparatorModel.Default with { Geometry = g };
        OperatingPoint Point(Separator s) => new(
            OperatingPoint.Fractions(Fraction.FromPercent(40), [.. donor.Select(CellConcentration.FromE9PerLiter)], 12, s.Properties),
            RotationalSpeed.FromRevolutionsPerMinute(2400),
            VolumeFlow.FromMillilitersPerMinute(50),
            VolumeFlow.FromMillilitersPerMinute(1),
            0,
            CollectionMode.Continuous);
        double GranulocyteShare(SeparationResult r) => r.Efficiency(CellSpecies.Granulocytes) * donor[0]
            / Enumerable.Range(0, 4).Sum(i => r.Efficiency((CellSpecies)i) * donor[i]);

        var today = SeparatorModel.Default.Solve(Point(SeparatorModel.Default));
        var onTop = With(SeparatorModel.DefaultGeometry with { GranulocyteRedLayerDepth = 0 });
        var unheld = With(SeparatorModel.DefaultGeometry with { HeldWhiteLayer = false });
        Assert.InRange(GranulocyteShare(today), 0.005, 0.06);
        Assert.True(GranulocyteShare(onTop.Solve(Point(onTop))) > 0.3, "on the red line, granulocytes are drawn like the mononuclear cells");

        var lymphocytes = (int)CellSpecies.Lymphocytes;
        Assert.True(today.ToCollect[lymphocytes] > 0.99 * today.Arrived[lymphocytes], $"held: {today.ToCollect[lymphocytes]:0.000} of {today.Arrived[lymphocytes]:0.000} arrived");
        var notHeld = unheld.Solve(Point(unheld));
        Assert.True(notHeld.ToCollect[lymphocytes] < 0.85 * notHeld.Arrived[lymphocytes], $"not held: {notHeld.ToCollect[lymphocytes]:0.000} of {notHeld.Arrived[lymphocytes]:0.000} arrived");
    }
}
