using Leuka.Patients;
using Leuka.Quantities;
using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>
/// The separator in the run: the blood leaving the draw side is separated at the operating point
/// it makes, the interface sensor is read and the PI loop sets the plasma pump every sample period;
/// when the sensor loses the interface the pump runs open loop from the entered Hct and the
/// operator trims it by hand. The product goes to the bag.
/// </summary>
internal sealed class InterfaceLoop(SeparatorCache cache, EngineOptions options, CollectionMode mode, Fraction enteredHematocrit, int seed, PatientVariation variation, Fraction? collectHematocrit)
{
    private const int Red = (int)CellSpecies.RedCells;
    private const double Epsilon = 1e-9;
    // This patient's blasts may be larger or smaller than the lineage's median: the white layer they make scales with their volume.
    private readonly double[] _cellVolumeFl = [.. SpeciesProperties.WithBlastVolume(cache.Separator.Properties, variation.BlastVolume).Select(p => p.VolumeFemtoliters)];
    private readonly Random _random = new(seed);
    private double _manualTrim;

    public InterfaceControlState Control { get; private set; } = new(0, VolumeFlow.Zero, 0, false);

    /// <summary>The collect line's Hct set point the device's collect control holds (null: the port stays on the red line); the operator may change it.</summary>
    public Fraction? CollectHematocrit { get; set; } = collectHematocrit;

    /// <summary>Separates <paramref name="leaving"/> in place (what is left goes on to the return side) and returns the product; <paramref name="productPlasmaMl"/> is the plasma that went with it.</summary>
    public Compartment Separate(double time, Compartment leaving, double inlet, double collect, double ratio, RotationalSpeed speed, double dt, AlarmLog alarms, out double productPlasmaMl)
    {
        // The separator sees the draw side's blood as it is: AC-diluted, and prime-diluted early on.
        var volumeMl = Math.Max(Epsilon, leaving.VolumeMl);
        var fractions = new double[DisposableSet.Pools + 1];
        for (var i = 0; i < DisposableSet.Pools; i++)
        {
            fractions[i] = leaving.Cells[i] * _cellVolumeFl[i] * 1e-3 / volumeMl;
        }

        fractions[Red] = leaving.RedMl / volumeMl;
        var point = new OperatingPoint([.. fractions], speed, VolumeFlow.FromMillilitersPerMinute(inlet), VolumeFlow.FromMillilitersPerMinute(collect), ProtocolDefaults.InterfaceOffset, mode, null, variation.InterfaceWobble, variation.WhiteLayerMixing, CollectHematocrit);
        var result = cache.Solve(point);
        var openLoopFlow = options.Controller.OpenLoopPlasmaFlow(enteredHematocrit * InletRatio.WholeBloodShare(ratio), point.InletFlow, point.CollectFlow);
        result = options.Sensor.IsValid(result)
            ? ClosedLoop(result, openLoopFlow, dt)
            : OpenLoop(time, point, result, openLoopFlow, dt, alarms);

        var product = new Compartment(DisposableSet.Pools);
        for (var i = 0; i < DisposableSet.Pools; i++)
        {
            product.Cells[i] = leaving.Cells[i] * result.ToCollect[i];
        }

        // The bag gets the collect flow's volume (chamber mode: its flushes), with red cells at the product Hct.
        var productMl = Math.Min(result.ProductFlow.MillilitersPerMinute * dt, leaving.VolumeMl);
        product.RedMl = Math.Min(leaving.RedMl * result.ToCollect[Red], productMl);
        product.VolumeMl = productMl;
        var plasmaLeaving = Math.Max(Epsilon, leaving.VolumeMl - leaving.RedMl);
        productPlasmaMl = Math.Max(0, productMl - product.RedMl);
        var plasmaShare = Math.Min(1, productPlasmaMl / plasmaLeaving);
        product.CitrateMmol = leaving.CitrateMmol * plasmaShare;
        product.CalciumMmol = leaving.CalciumMmol * plasmaShare;
        product.MagnesiumMmol = leaving.MagnesiumMmol * plasmaShare;
        product.PotassiumMmol = leaving.PotassiumMmol * plasmaShare;
        product.PrimeMl = leaving.PrimeMl * plasmaShare;
        leaving.Add(product, -1);
        return product;
    }

    // The interface sensor and the PI loop on the plasma pump, every sample period.
    private SeparationResult ClosedLoop(SeparationResult result, VolumeFlow openLoopFlow, double dt)
    {
        var sensor = options.Sensor;
        var samples = Math.Max(1, (int)Math.Round(dt * 60 / sensor.SamplePeriod.Seconds));
        var sample = Duration.FromMinutes(dt / samples);
        var geometry = cache.Separator.Geometry;
        if (Control.OpenLoop || Control.PlasmaFlow == VolumeFlow.Zero)
        {
            Control = new InterfaceControlState(0, result.PlasmaFlow, 0, false);
        }

        for (var k = 0; k < samples; k++)
        {
            var reading = sensor.Read(result, Control.DisplacementMicrometers, _random);
            Control = options.Controller.Step(Control, reading, result.PlasmaFlow, openLoopFlow, Volume.FromMilliliters(geometry.VolumeMilliliters), geometry.DepthMeters * 1e6, sample);
        }

        return result;
    }

    // Open loop: the plasma pump is set from the entered Hct, and the operator trims it by hand
    // from the collect line's colour: lower when it runs red (product Hct over 8 %), higher when
    // it runs pale (under 1 %), 1 and 0.5 mL/min per minute.
    private SeparationResult OpenLoop(double time, OperatingPoint point, SeparationResult result, VolumeFlow openLoopFlow, double dt, AlarmLog alarms)
    {
        alarms.Raise(time, Codes.InterfaceLost, AlarmSeverity.Warning, AlarmResponse.OpenLoop, () => Text.F($"the interface sensor cannot see the interface (width {result.InterfaceWidthMicrometers:0} µm, packed Hct {result.PackedHematocrit.Percent:0} %): the plasma pump is set from the entered Hct {enteredHematocrit.Percent:0.#} % and trimmed by hand from the collect line's colour; efficiency falls"));
        if (!Control.OpenLoop)
        {
            _manualTrim = 0;
        }

        var plasma = VolumeFlow.Max(VolumeFlow.Zero, openLoopFlow + VolumeFlow.FromMillilitersPerMinute(_manualTrim));
        Control = Control with { PlasmaFlow = plasma, OpenLoop = true };
        var trimmed = cache.Solve(point with { OpenLoopPlasmaFlow = plasma });
        if (trimmed.ProductHematocrit.Percent > 8)
        {
            _manualTrim -= 1.0 * dt;
        }
        else if (trimmed.ProductHematocrit.Percent < 1)
        {
            _manualTrim += 0.5 * dt;
        }

        return trimmed;
    }
}
