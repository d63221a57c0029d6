using System.Collections.Immutable;
using Leuka.Physiology;

namespace Leuka.Procedure;

/// <summary>
/// The disposable set as the run sees it: a draw side (inlet line and separator) and a return
/// side, each a mixed compartment with a transport delay, the product bag, what was discarded,
/// and the blood held for rinseback. Volumes in mL, cells in ×10^9, citrate in mmol.
/// </summary>
internal sealed class DisposableSet(CircuitSet geometry)
{
    public const int Pools = 6;

    private readonly Compartment _rinseback = new(Pools);

    public CircuitSet Geometry { get; } = geometry;

    public Compartment DrawSide { get; } = new(Pools);

    public Compartment ReturnSide { get; } = new(Pools);

    public Compartment Bag { get; } = new(Pools);

    public Compartment Discarded { get; } = new(Pools);

    /// <summary>Red cells the set was primed with (red-cell prime), mL.</summary>
    public double RedPrimedMl { get; private set; }

    /// <summary>Prime fluid put into the set, mL.</summary>
    public double PrimeInMl { get; private set; }

    /// <summary>The patient's blood in the set (prime excluded), mL.</summary>
    public double ExtracorporealMl => Math.Max(0, DrawSide.VolumeMl + ReturnSide.VolumeMl - DrawSide.PrimeMl - ReturnSide.PrimeMl);

    /// <summary>Fills the set: saline, or red cells at a haematocrit (null: saline).</summary>
    public void Prime(double? redCellHematocrit)
    {
        foreach (var (side, volume) in new[] { (DrawSide, Geometry.DrawSideMilliliters), (ReturnSide, Geometry.ReturnSideMilliliters) })
        {
            side.VolumeMl = volume;
            side.PrimeMl = volume;
            if (redCellHematocrit is { } hct)
            {
                side.RedMl = volume * hct;
                RedPrimedMl += side.RedMl;
            }
        }

        PrimeInMl = Geometry.Volume.Milliliters;
    }

    /// <summary>The longest step in which no line exchanges more than 90 % of its volume.</summary>
    public double MaxStep(double inletMlPerMin, double stepMinutes)
    {
        var flow = Math.Max(inletMlPerMin, 1);
        return Math.Min(stepMinutes, 0.9 * Math.Min(Geometry.DrawSideMilliliters, Geometry.ReturnSideMilliliters) / flow);
    }

    /// <summary>The return line gives back its share of what it held at the start of the step.</summary>
    public Compartment Return(double returnMlPerMin, double dt) => Take(ReturnSide, Math.Min(1, returnMlPerMin * dt / Geometry.ReturnSideMilliliters));

    /// <summary>The blood leaving the draw side for the separator this step.</summary>
    public Compartment Draw(double inletMlPerMin, double dt) => Take(DrawSide, Math.Min(1, inletMlPerMin * dt / Geometry.DrawSideMilliliters));

    /// <summary>Cells and fluid drawn from the patient, and the AC added to them, enter the draw side.</summary>
    public void Enter(ImmutableArray<PoolFlux> drawn, double redMl, double volumeMl, double citrateMmol, double calciumMmol, double magnesiumMmol, double potassiumMmol, double cellShare = 1) =>
        Receive(DrawSide, drawn, cellShare, redMl, volumeMl, citrateMmol, calciumMmol, magnesiumMmol, potassiumMmol);

    /// <summary>
    /// Blood drawn for samples: the given share of a step's drawn cells with its red cells, volume,
    /// calcium, magnesium and potassium, kept with what is discarded (it leaves the patient for good).
    /// </summary>
    public void Sample(ImmutableArray<PoolFlux> drawn, double share, double redMl, double volumeMl, double calciumMmol, double magnesiumMmol, double potassiumMmol) =>
        Receive(Discarded, drawn, share, redMl, volumeMl, 0, calciumMmol, magnesiumMmol, potassiumMmol);

    private static void Receive(Compartment to, ImmutableArray<PoolFlux> drawn, double cellShare, double redMl, double volumeMl, double citrateMmol, double calciumMmol, double magnesiumMmol, double potassiumMmol)
    {
        for (var i = 0; i < Pools; i++)
        {
            to.Cells[i] += drawn[i].Drawn.E9 * cellShare;
        }

        to.RedMl += redMl;
        to.VolumeMl += volumeMl;
        to.CitrateMmol += citrateMmol;
        to.CalciumMmol += calciumMmol;
        to.MagnesiumMmol += magnesiumMmol;
        to.PotassiumMmol += potassiumMmol;
    }

    /// <summary>
    /// Starts rinseback: the whole set's blood is held to be pushed back by saline. False when
    /// there is no blood to return.
    /// </summary>
    public bool HoldForRinseback()
    {
        DrawSide.Add(ReturnSide, 1);
        ReturnSide.Clear();
        var blood = DrawSide.VolumeMl - DrawSide.PrimeMl;
        if (blood <= 1e-9)
        {
            return false;
        }

        // Only the blood is rinsed back: the prime still in the set stays with it. The patient's
        // cells, citrate and calcium are all in the blood; a red-cell prime's red cells are mixed
        // with the blood's, so the blood takes its volume share of the red cells (taking them all
        // would push the prime's red cells into the patient with less than their own volume).
        _rinseback.CopyFrom(DrawSide, 1);
        _rinseback.RedMl = DrawSide.RedMl * blood / DrawSide.VolumeMl;
        _rinseback.VolumeMl = blood;
        _rinseback.PrimeMl = 0;
        return true;
    }

    /// <summary>
    /// Saline pushes a share of the held blood back (plug flow); the saline takes its place in the
    /// set. Returns what goes back to the patient.
    /// </summary>
    public Compartment Rinse(double share)
    {
        var returned = new Compartment(Pools);
        returned.CopyFrom(_rinseback, share);
        DrawSide.Add(returned, -1);
        DrawSide.VolumeMl += returned.VolumeMl;
        DrawSide.PrimeMl += returned.VolumeMl;
        return returned;
    }

    /// <summary>What is left in the set goes with it.</summary>
    public void Discard()
    {
        Discarded.Add(DrawSide, 1);
        Discarded.Add(ReturnSide, 1);
        DrawSide.Clear();
        ReturnSide.Clear();
        _rinseback.Clear();
    }

    /// <summary>A copy of the set's content, for looking ahead (e.g. what rinseback would return).</summary>
    public DisposableSet Copy()
    {
        var copy = new DisposableSet(Geometry) { RedPrimedMl = RedPrimedMl, PrimeInMl = PrimeInMl };
        foreach (var (from, to) in new[] { (DrawSide, copy.DrawSide), (ReturnSide, copy.ReturnSide), (Bag, copy.Bag), (Discarded, copy.Discarded), (_rinseback, copy._rinseback) })
        {
            to.CopyFrom(from, 1);
        }

        return copy;
    }

    private static Compartment Take(Compartment from, double share)
    {
        var taken = new Compartment(Pools);
        if (share > 0)
        {
            taken.CopyFrom(from, share);
            from.Scale(1 - share);
        }

        return taken;
    }
}
