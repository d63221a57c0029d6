using Leuka.Patients;

namespace Leuka.Separation;

/// <summary>The species the separator layers, with the physical properties that decide where they go.</summary>
public enum SeparatorSpecies
{
    /// <summary>Red cells.</summary>
    RedCells,

    /// <summary>Granulocytes.</summary>
    Granulocytes,

    /// <summary>Lymphocytes.</summary>
    Lymphocytes,

    /// <summary>Monocytes.</summary>
    Monocytes,

    /// <summary>Blasts.</summary>
    Blasts,

    /// <summary>CD34+ cells.</summary>
    Cd34,

    /// <summary>Platelets.</summary>
    Platelets,
}

/// <summary>Density and size of each species (defaults from <see cref="CellType"/>; overridable).</summary>
/// <param name="Species">The species.</param>
/// <param name="DensityKgPerM3">Cell density.</param>
/// <param name="DiameterMicrometers">Diameter of the volume-equivalent sphere.</param>
/// <param name="VolumeFemtoliters">Cell volume.</param>
public sealed record SpeciesProperties(SeparatorSpecies Species, double DensityKgPerM3, double DiameterMicrometers, double VolumeFemtoliters)
{
    /// <summary>All species, in enum order.</summary>
    public static IReadOnlyList<SeparatorSpecies> All { get; } = Enum.GetValues<SeparatorSpecies>();

    /// <summary>The defaults: MODEL-DATA §2 via <see cref="CellType"/>.</summary>
    public static SpeciesProperties[] Defaults() =>
    [
        From(SeparatorSpecies.RedCells, CellType.RedCell),
        From(SeparatorSpecies.Granulocytes, CellType.Neutrophil),
        From(SeparatorSpecies.Lymphocytes, CellType.Lymphocyte),
        From(SeparatorSpecies.Monocytes, CellType.Monocyte),
        From(SeparatorSpecies.Blasts, CellType.Blast),
        From(SeparatorSpecies.Cd34, CellType.Cd34),
        From(SeparatorSpecies.Platelets, CellType.Platelet),
    ];

    private static SpeciesProperties From(SeparatorSpecies species, CellType type) =>
        new(species, type.DensityGramsPerMilliliter * 1000, Math.Cbrt(6 * type.VolumeFemtoliters / Math.PI), type.VolumeFemtoliters);
}
