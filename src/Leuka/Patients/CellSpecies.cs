namespace Leuka.Patients;

/// <summary>
/// The blood cell species Leuka tracks, shared by the separator and the patient model. Red cells
/// come last: the first six are the patient's cell pools (red cells are tracked by volume in
/// fluid balance), so per-species arrays line up between the two models.
/// </summary>
public enum CellSpecies
{
    /// <summary>Granulocytes: neutrophils, eosinophils, basophils, immature granulocytes.</summary>
    Granulocytes,

    /// <summary>Lymphocytes (CD3+ T cells are a share of them).</summary>
    Lymphocytes,

    /// <summary>Monocytes.</summary>
    Monocytes,

    /// <summary>Blasts.</summary>
    Blasts,

    /// <summary>CD34+ progenitors (a subset counted within the white cells, tracked on their own).</summary>
    Cd34,

    /// <summary>Platelets.</summary>
    Platelets,

    /// <summary>Red cells (last: not a patient pool).</summary>
    RedCells,
}

/// <summary>Groups of species.</summary>
public static class CellSpeciesGroups
{
    /// <summary>The species with a circulating and reservoir pool in the patient: all but red cells.</summary>
    public static IReadOnlyList<CellSpecies> Pools { get; } = [.. Enum.GetValues<CellSpecies>().Where(s => s != CellSpecies.RedCells)];

    /// <summary>Every species, in enum order.</summary>
    public static IReadOnlyList<CellSpecies> All { get; } = Enum.GetValues<CellSpecies>();
}
