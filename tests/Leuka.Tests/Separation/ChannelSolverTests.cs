using CsCheck;
using Leuka.Patients;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

public sealed class ChannelSolverTests
{
    private static readonly ChannelGeometry Geometry = SeparatorModel.DefaultGeometry;
    private static readonly SpeciesProperties[] Species = SpeciesProperties.Defaults();
    private const double Acceleration = 6300; // ≈ 2400 rpm at 10 cm

    // Red cells with a trace of every other species.
    private static double[] RedLayer(double redFraction) => [1e-6, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6, redFraction];

    // The red-cell fraction at which a species' slip turns from outward (sinking) to inward (rising).
    private static double Threshold(CellSpecies species)
    {
        for (var phi = 0.0; phi <= 0.9; phi += 0.0005)
        {
            if (ChannelSolver.SlipVelocities(Geometry, Species, RedLayer(phi), Acceleration)[(int)species] < 0)
            {
                return phi;
            }
        }

        return double.PositiveInfinity;
    }

    [Fact]
    public void The_vectorised_solver_gives_exactly_what_the_scalar_one_gives()
    {
        // Any blood, speed, residence time, number of cells (odd ones leave a scalar tail),
        // dispersion and settling exponent (n = 3 skips the power): the same fractions to the bit
        // and the same number of steps.
        var gen = Gen.Select(
            Gen.Double[0.10, 0.50], Gen.Double[0, 0.35], Gen.Double[0, 1], Gen.Double[100, 350],
            Gen.Double[5, 60], Gen.Int[5, 64], Gen.Bool, Gen.Bool);
        gen.Sample((red, white, share, speed, seconds, cells, disperse, exponent3) =>
        {
            // White cells split between blasts, granulocytes and mononuclear cells; platelets a trace.
            double[] inlet = [white * share * 0.5, white * (1 - share), white * share * 0.2, white * share * 0.2, white * share * 0.1, 0.004, red];
            var geometry = Geometry with
            {
                Cells = cells,
                DispersionSquareMetersPerSecond = disperse ? Math.Max(Geometry.DispersionSquareMetersPerSecond, 1e-9) : 0,
                HinderedSettlingExponent = exponent3 ? 3 : 4.65,
            };
            var vector = ChannelSolver.Settle(geometry, Species, inlet, speed, seconds, out var vectorSteps);
            var scalar = ScalarChannelSolver.Settle(geometry, Species, inlet, speed, seconds, out var scalarSteps);
            Assert.Equal(scalarSteps, vectorSteps);
            for (var i = 0; i < inlet.Length; i++)
            {
                for (var j = 0; j < cells; j++)
                {
                    // Bit for bit: Assert.Equal on doubles would take −0 for 0 and NaN for NaN.
                    Assert.Equal(BitConverter.DoubleToInt64Bits(scalar[i, j]), BitConverter.DoubleToInt64Bits(vector[i, j]));
                }
            }
        }, iter: 60);
    }

    [Theory]
    [InlineData(CellSpecies.Lymphocytes)]
    [InlineData(CellSpecies.Monocytes)]
    public void Mononuclear_cells_leave_the_red_layer_once_it_packs_above_0_6_to_0_7(CellSpecies species) =>
        Assert.InRange(Threshold(species), 0.6, 0.7);

    [Fact]
    public void Granulocytes_leave_only_above_0_8() =>
        Assert.InRange(Threshold(CellSpecies.Granulocytes), 0.8, 0.85);

    [Fact]
    public void Red_cells_always_sink_and_blasts_rise_earliest()
    {
        Assert.Equal(double.PositiveInfinity, Threshold(CellSpecies.RedCells));
        Assert.True(Threshold(CellSpecies.Blasts) < Threshold(CellSpecies.Monocytes));
    }

    [Fact]
    public void Isolated_cell_Stokes_velocities_would_get_the_layering_wrong()
    {
        // Alone in plasma (single cells, no rouleaux) a white cell out-settles a red cell, so a model
        // without the mixture's buoyancy would put white cells outside the red layer.
        var dilute = ChannelSolver.SlipVelocities(Geometry with { RedCellAggregation = 1 }, Species, RedLayer(0), Acceleration);
        Assert.True(dilute[(int)CellSpecies.Granulocytes] > dilute[(int)CellSpecies.RedCells]);
        Assert.True(dilute[(int)CellSpecies.Lymphocytes] > dilute[(int)CellSpecies.RedCells]);

        // In a packed red layer they are pushed out of it.
        var packed = ChannelSolver.SlipVelocities(Geometry, Species, RedLayer(0.85), Acceleration);
        Assert.True(packed[(int)CellSpecies.Granulocytes] < 0);
        Assert.True(packed[(int)CellSpecies.Lymphocytes] < 0);
    }

    [Fact]
    public void Settled_blood_layers_red_cells_then_granulocytes_then_mononuclear_cells_from_the_outer_wall()
    {
        // Donor-like blood (white cells raised to make them visible), settled to equilibrium at
        // ~640 g. (Within a 40–60 s residence time granulocytes, which out-settle red cells while the
        // blood is dilute, are still rising out of the packed layer: see docs/model/separator.md.)
        double[] inlet = [0.004, 0.002, 0.002, 0.0005, 0.0002, 0.0016, 0.37];
        var phi = ChannelSolver.Settle(Geometry, Species, inlet, 2400 * 2 * Math.PI / 60, 1800, out _);
        var depth = Enumerable.Range(0, Species.Length).Select(i => MeanDepth(phi, i)).ToArray();
        Assert.True(depth[(int)CellSpecies.RedCells] > depth[(int)CellSpecies.Granulocytes]);
        Assert.True(depth[(int)CellSpecies.Granulocytes] > depth[(int)CellSpecies.Lymphocytes]);
        Assert.True(depth[(int)CellSpecies.Granulocytes] > depth[(int)CellSpecies.Monocytes]);
        Assert.True(depth[(int)CellSpecies.Lymphocytes] > depth[(int)CellSpecies.Blasts]);
    }

    [Fact]
    public void Every_species_is_conserved_and_fractions_stay_within_zero_and_maximum_packing()
    {
        var gen = Gen.Select(Gen.Double[0.05, 0.55], Gen.Double[0, 0.3], Gen.Double[0, 0.01], Gen.Double[1000, 3000], Gen.Double[5, 60]);
        gen.Sample((red, white, platelets, rpm, seconds) =>
        {
            double[] inlet = [white * 0.5, white * 0.2, white * 0.1, white * 0.2, white * 0.001, platelets, red];
            var phi = ChannelSolver.Settle(Geometry, Species, inlet, rpm * 2 * Math.PI / 60, seconds, out _);
            var n = Geometry.Cells;
            for (var i = 0; i < inlet.Length; i++)
            {
                var total = 0.0;
                for (var j = 0; j < n; j++)
                {
                    total += phi[i, j];
                    Assert.True(phi[i, j] >= -1e-12, $"species {i} cell {j}: {phi[i, j]}");
                }

                Assert.Equal(inlet[i] * n, total, Math.Max(inlet[i] * n, 1e-12) * 1e-9);
            }

            for (var j = 0; j < n; j++)
            {
                var cell = Enumerable.Range(0, inlet.Length).Sum(i => phi[i, j]);
                Assert.True(cell <= Geometry.MaximumPacking + 1e-9, $"cell {j}: {cell}");
            }
        }, iter: 25);
    }

    private static double MeanDepth(double[,] phi, int species)
    {
        double weighted = 0, total = 0;
        for (var j = 0; j < phi.GetLength(1); j++)
        {
            weighted += phi[species, j] * (j + 0.5);
            total += phi[species, j];
        }

        return weighted / total;
    }
}
