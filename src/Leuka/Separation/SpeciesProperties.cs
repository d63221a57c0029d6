using Leuka.Patients;

namespace Leuka.Separation;

/// <summary>Density and size of each species (defaults from <see cref="CellType"/>; overridable).</summary>
/// <param name="Species">The species.</param>
/// <param name="DensityKgPerM3">Cell density.</param>
/// <param name="DiameterMicrometers">Diameter of the volume-equivalent sphere.</param>
/// <param name="VolumeFemtoliters">Cell volume.</param>
public sealed record SpeciesProperties(CellSpecies Species, double DensityKgPerM3, double DiameterMicrometers, double VolumeFemtoliters)
{
    /// <summary>
    /// Too small to sink into the white layer (platelets): the channel's flow disperses it, and in
    /// the buffy coat it rides on the white cells and mixes with them.
    /// </summary>
    public bool IsSmall => DiameterMicrometers < ChannelSolver.SmallCellMicrometers;

    /// <summary>The defaults, in <see cref="CellSpecies"/> order: docs/reference/MODEL-DATA.md §2 via <see cref="CellType"/>.</summary>
    public static SpeciesProperties[] Defaults() =>
    [
        From(CellSpecies.Granulocytes, CellType.Neutrophil),
        From(CellSpecies.Lymphocytes, CellType.Lymphocyte),
        From(CellSpecies.Monocytes, CellType.Monocyte),
        From(CellSpecies.Blasts, CellType.Blast),
        From(CellSpecies.Cd34, CellType.Cd34),
        From(CellSpecies.Platelets, CellType.Platelet),
        From(CellSpecies.RedCells, CellType.RedCell),
    ];

    /// <summary>
    /// Immature granulocytes, settled as a population of their own when the blood has them
    /// (<see cref="Separator.ImmatureGranulocyteShare"/>) and reported as granulocytes.
    /// </summary>
    public static SpeciesProperties ImmatureGranulocytes { get; } = From(CellSpecies.Granulocytes, CellType.ImmatureGranulocyte);

    /// <summary>
    /// These species with a diagnosis' blasts (lymphoblasts in ALL: <see cref="CellType.BlastFor"/>);
    /// null when the diagnosis keeps the defaults.
    /// </summary>
    public static SpeciesProperties[]? ForDiagnosis(IReadOnlyList<SpeciesProperties> properties, Diagnosis diagnosis)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var blast = CellType.BlastFor(diagnosis);
        if (blast == CellType.Blast)
        {
            return null;
        }

        var changed = properties.ToArray();
        changed[(int)CellSpecies.Blasts] = From(CellSpecies.Blasts, blast);
        return changed;
    }

    /// <summary>
    /// These species with this patient's blasts (<see cref="PatientVariation.BlastVolume"/>): their
    /// volume scaled, their diameter the lineage's, so that every patient shares the channel's
    /// solves (the diameter's own effect is measured in docs/model/variation.md). The one place the
    /// engine and <c>leuka separator</c> take it from.
    /// </summary>
    public static SpeciesProperties[] WithBlastVolume(IReadOnlyList<SpeciesProperties> properties, double blastVolume)
    {
        ArgumentNullException.ThrowIfNull(properties);
        var changed = properties.ToArray();
        var i = (int)CellSpecies.Blasts;
        changed[i] = changed[i] with { VolumeFemtoliters = changed[i].VolumeFemtoliters * blastVolume };
        return changed;
    }

    private static SpeciesProperties From(CellSpecies species, CellType type) =>
        new(species, type.DensityGramsPerMilliliter * 1000, Math.Cbrt(6 * type.VolumeFemtoliters / Math.PI), type.VolumeFemtoliters);
}
