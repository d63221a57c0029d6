namespace Leuka.Separation;

/// <summary>The default separator: geometry, constants and chamber. Calibration: docs/model/separator.md.</summary>
public static class SeparatorModel
{
    /// <summary>The default channel.</summary>
    public static ChannelGeometry DefaultGeometry { get; } = new(
        InnerRadiusMeters: 0.10,
        DepthMeters: 1.5e-3,
        VolumeMilliliters: 40,
        PlasmaDensityKgPerM3: 1020.5,
        PlasmaViscosityPascalSeconds: 1.25e-3,
        HinderedSettlingExponent: 3.0,
        MaximumPacking: 0.9,
        Cells: 60,
        DispersionSquareMetersPerSecond: 3.4e-8,
        RedCellAggregation: 1.5,
        InterfaceWobbleMicrometers: 3,
        ProductPacking: 0.7, MixingLengthMicrometers: 80,
        GranulocyteRedLayerDepth: 0.18,
        HeldWhiteLayer: true);

    /// <summary>The default chamber.</summary>
    public static ChamberParameters DefaultChamber { get; } = new(3, 0.09, 40, 23, 0.5, 3);

    /// <summary>The default separator.</summary>
    public static Separator Default { get; } = new(DefaultGeometry, [.. SpeciesProperties.Defaults()], DefaultChamber);
}
