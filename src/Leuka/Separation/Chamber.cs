using Leuka.Quantities;

namespace Leuka.Separation;

/// <summary>
/// Chamber collection: the collect stream passes up through a small chamber against the
/// centrifugal field (elutriation). Cells that settle faster than the upflow stay; platelets wash
/// through and return, except the share the flushes' collect-line fluid carries to the bag. The
/// chamber is flushed to the bag when its cells fill it.
/// </summary>
/// <param name="VolumeMilliliters">Chamber volume.</param>
/// <param name="RadiusMeters">Radius of the chamber in the rotor.</param>
/// <param name="CrossSectionSquareMillimeters">Cross-section the upflow passes through.</param>
/// <param name="FlushVolumeMilliliters">Fluid pushed to the bag with each flush.</param>
/// <param name="FillFraction">Cell volume fraction at which the chamber is flushed.</param>
/// <param name="Sharpness">Steepness of retention around the cut-off (velocity ratio exponent).</param>
public sealed record ChamberParameters(double VolumeMilliliters, double RadiusMeters, double CrossSectionSquareMillimeters, double FlushVolumeMilliliters, double FillFraction, double Sharpness)
{
    /// <summary>Share of a species retained: 1 / (1 + (upflow / settling)^k) with the isolated Stokes velocity in plasma.</summary>
    public double Retention(SpeciesProperties species, ChannelGeometry geometry, RotationalSpeed speed, VolumeFlow collectFlow)
    {
        ArgumentNullException.ThrowIfNull(species);
        ArgumentNullException.ThrowIfNull(geometry);
        var d = species.DiameterMicrometers * 1e-6;
        var omega = speed.RadiansPerSecond;
        var settling = d * d * (species.DensityKgPerM3 - geometry.PlasmaDensityKgPerM3) * omega * omega * RadiusMeters / (18 * geometry.PlasmaViscosityPascalSeconds);
        var upflow = collectFlow.MillilitersPerMinute * 1e-6 / 60 / (CrossSectionSquareMillimeters * 1e-6);
        return settling <= 0 ? 0 : 1 / (1 + Math.Pow(upflow / settling, Sharpness));
    }

    /// <summary>Applies retention to the collected shares (what washes through returns by the plasma port, less what the flushed fluid takes to the bag) and returns the product volume flow.</summary>
    internal VolumeFlow Apply(Separator separator, OperatingPoint point, double[] toCollect, double[] toPlasma)
    {
        var retainedVolumeMlPerMin = 0.0;
        var washed = new double[toCollect.Length];
        for (var i = 0; i < toCollect.Length; i++)
        {
            var keep = Retention(separator.Properties[i], separator.Geometry, point.Speed, point.CollectFlow);
            washed[i] = toCollect[i] * (1 - keep);
            toCollect[i] -= washed[i];
            toPlasma[i] += washed[i];
            retainedVolumeMlPerMin += toCollect[i] * point.InletFractions[i] * point.InletFlow.MillilitersPerMinute;
        }

        if (retainedVolumeMlPerMin <= 0)
        {
            return VolumeFlow.Zero;
        }

        // One flush each time the chamber's cells reach the fill fraction.
        var minutesPerFlush = VolumeMilliliters * FillFraction / retainedVolumeMlPerMin;
        var productMlPerMin = Math.Min(point.CollectFlow.MillilitersPerMinute, (VolumeMilliliters + FlushVolumeMilliliters) / minutesPerFlush);

        // The fluid a flush pushes to the bag (the chamber's fluid and the flush volume behind it)
        // is collect-line fluid: it carries what washes through the chamber (platelets above all)
        // at the collect stream's concentration, the share of the collect flow that goes to the bag.
        // (The washed cells are suspended in the collect flow less the retained cells' volume.)
        var carrier = point.CollectFlow.MillilitersPerMinute - retainedVolumeMlPerMin;
        var fluidShare = carrier > 0 ? Math.Clamp((productMlPerMin - retainedVolumeMlPerMin) / carrier, 0, 1) : 0;
        for (var i = 0; i < toCollect.Length; i++)
        {
            toCollect[i] += washed[i] * fluidShare;
            toPlasma[i] -= washed[i] * fluidShare;
        }

        return VolumeFlow.FromMillilitersPerMinute(productMlPerMin);
    }
}
