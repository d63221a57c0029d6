using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Tests.Separation;

public sealed class InterfaceControlTests
{
    private static readonly Separator Model = SeparatorModel.Default;

    private static OperatingPoint Donor(double hct = 40, double inlet = 60, double rpm = 2400, VolumeFlow? openLoop = null) => new(
        OperatingPoint.Fractions(Fraction.FromPercent(hct), [.. new[] { 4.2, 2.1, 0.42, 0, 0.02, 250 }.Select(CellConcentration.FromE9PerLiter)], 12, Model.Properties),
        RotationalSpeed.FromRevolutionsPerMinute(rpm),
        VolumeFlow.FromMillilitersPerMinute(inlet),
        VolumeFlow.FromMillilitersPerMinute(1),
        0,
        CollectionMode.Continuous,
        openLoop);

    [Fact]
    public void The_controller_brings_a_displaced_layer_back_and_holds_it_against_sensor_noise()
    {
        var result = Model.Solve(Donor());
        var sensor = InterfaceSensor.Default;
        var controller = InterfaceController.Default;
        var needed = result.PlasmaFlow;
        var state = new InterfaceControlState(150, needed, 0, false);
        var random = new Random(42);
        var late = new List<double>();
        for (var second = 0; second < 600; second++)
        {
            var reading = second % 2 == 0 ? sensor.Read(result, state.DisplacementMicrometers, random) : null;
            // Between readings the pump holds its last setting.
            state = reading is null && second % 2 == 1
                ? state with { DisplacementMicrometers = state.DisplacementMicrometers + ((state.PlasmaFlow - needed).MillilitersPerMinute / 60 / Model.Geometry.VolumeMilliliters * Model.Geometry.DepthMeters * 1e6) }
                : controller.Step(state, reading, needed, needed, Volume.FromMilliliters(Model.Geometry.VolumeMilliliters), Model.Geometry.DepthMeters * 1e6, Duration.FromSeconds(1));
            if (second >= 300)
            {
                late.Add(state.DisplacementMicrometers);
            }
        }

        Assert.InRange(late.Average(), -10, 10);
        Assert.True(Math.Sqrt(late.Average(d => d * d)) < 3 * sensor.NoiseMicrometers);
    }

    [Fact]
    public void The_sensor_sees_a_packed_interface_and_loses_a_turbulent_one()
    {
        Assert.True(InterfaceSensor.Default.IsValid(Model.Solve(Donor())));
        var turbulent = Model.Solve(Donor(inlet: 140, rpm: 1200));
        Assert.False(InterfaceSensor.Default.IsValid(turbulent));
        Assert.Null(InterfaceSensor.Default.Read(turbulent, 0, new Random(1)));
    }

    [Fact]
    public void Without_a_reading_the_pump_is_set_from_the_entered_haematocrit()
    {
        var controller = InterfaceController.Default;
        var openLoop = controller.OpenLoopPlasmaFlow(Fraction.FromPercent(40 * 11.0 / 12), VolumeFlow.FromMillilitersPerMinute(60), VolumeFlow.FromMillilitersPerMinute(1));
        Assert.Equal((60 * (1 - (40 * 11.0 / 12 / 80))) - 1, openLoop.MillilitersPerMinute, 1e-9);
        var state = controller.Step(new InterfaceControlState(0, VolumeFlow.FromMillilitersPerMinute(30), 0, false), null, VolumeFlow.FromMillilitersPerMinute(30), openLoop, Volume.FromMilliliters(40), 1500, Duration.FromSeconds(1));
        Assert.True(state.OpenLoop);
        Assert.Equal(openLoop, state.PlasmaFlow);
    }

    [Fact]
    public void Readings_are_reproducible_with_a_seed_and_noisy_between_readings()
    {
        var result = Model.Solve(Donor());
        double?[] Sequence(int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, 8).Select(_ => InterfaceSensor.Default.Read(result, 0, random))];
        }

        Assert.Equal(Sequence(7), Sequence(7));
        Assert.NotEqual(Sequence(7), Sequence(8));
        Assert.True(Sequence(7).Distinct().Count() > 1, "the sensor has noise: readings differ from one sample to the next");
    }

    [Fact]
    public void Falling_back_on_a_stale_entered_haematocrit_costs_efficiency()
    {
        // The patient's Hct fell from 40 % to 32 % (dilution), but the entered value was not updated.
        var closed = Model.Solve(Donor(hct: 32));
        var stale = InterfaceController.Default.OpenLoopPlasmaFlow(Fraction.FromPercent(40 * 11.0 / 12), VolumeFlow.FromMillilitersPerMinute(60), VolumeFlow.FromMillilitersPerMinute(1));
        var open = Model.Solve(Donor(hct: 32, openLoop: stale));
        Assert.True(open.Efficiency(CellSpecies.Lymphocytes) < 0.8 * closed.Efficiency(CellSpecies.Lymphocytes),
            $"open {open.Efficiency(CellSpecies.Lymphocytes)}, closed {closed.Efficiency(CellSpecies.Lymphocytes)}");
    }
}
