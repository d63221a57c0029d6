using Leuka.Quantities;

namespace Leuka.Procedure;

/// <summary>
/// The disposable set. Collection-set volumes are not public (docs/reference/MODEL-DATA.md §6: exchange set typical
/// 141 mL, maximum 185 mL): these are assumptions, documented in docs/model/procedure.md. Each line
/// is a transport delay, modelled as a well-mixed compartment of its volume.
/// </summary>
/// <param name="DrawSideMilliliters">Access line and the centrifuge side up to the channel outlet (the separator sees this blood).</param>
/// <param name="ReturnSideMilliliters">From the channel outlet back to the patient.</param>
/// <param name="RinsebackShare">Share of the set's content that rinseback returns; the rest is discarded with the set.</param>
public sealed record CircuitSet(double DrawSideMilliliters, double ReturnSideMilliliters, double RinsebackShare)
{
    /// <summary>Default: 130 + 55 = 185 mL, the handbook's maximum exchange-set volume; rinseback returns 90 %.</summary>
    public static CircuitSet Default { get; } = new(130, 55, 0.9);

    /// <summary>Extracorporeal volume of the filled set.</summary>
    public Volume Volume => Volume.FromMilliliters(DrawSideMilliliters + ReturnSideMilliliters);

    /// <summary>
    /// A set of another volume (a user's set, from its label): both sides scaled alike, so the draw side
    /// keeps its share and the rinseback its fraction. No per-device volumes are public (docs/model/procedure.md).
    /// </summary>
    public CircuitSet WithVolume(Volume volume)
    {
        var scale = volume.Milliliters / Volume.Milliliters;
        return this with { DrawSideMilliliters = DrawSideMilliliters * scale, ReturnSideMilliliters = ReturnSideMilliliters * scale };
    }
}

/// <summary>
/// What a vascular access can deliver (docs/reference/MODEL-DATA.md §6: peripheral veins about 40–50 mL/min,
/// apheresis CVCs about 50–80 mL/min). The draw pressure rises with flow and blood viscosity; at
/// the capacity it reaches the machine's safety limit.
/// </summary>
/// <param name="DrawCapacityMlPerMin">Whole-blood draw flow at which access pressure reaches the safety limit, at normal viscosity (Hct 40 %).</param>
/// <param name="ReturnCapacityMlPerMin">Return flow at which return pressure reaches its safety limit, at normal viscosity.</param>
public sealed record AccessModel(double DrawCapacityMlPerMin, double ReturnCapacityMlPerMin)
{
    /// <summary>Access pressure at the safety limit, mmHg (negative: suction).</summary>
    public const double DrawSafetyLimitMmHg = -250;

    /// <summary>Return pressure at the safety limit, mmHg.</summary>
    public const double ReturnSafetyLimitMmHg = 300;

    /// <summary>Share of the safety limit at which the warning tier starts.</summary>
    public const double WarningShare = 0.85;

    /// <summary>The access of a scenario.</summary>
    public static AccessModel For(VascularAccess access) => access switch
    {
        VascularAccess.Peripheral => new(50, 90),
        VascularAccess.Port => new(65, 120),
        _ => new(80, 150),
    };

    /// <summary>The cell volume fraction up to which the viscosity model holds (it diverges at 1/1.1 ≈ 0.91).</summary>
    public const double MaxCellFraction = 0.85;

    /// <summary>
    /// Blood viscosity relative to normal blood (Hct 40 %), Quemada form μ ∝ (1 − k·φ/2)^−2 with
    /// k = 2.2 and φ the cell volume fraction (red cells plus leukocrit): hyperleukocytosis and a
    /// high Hct make the same flow cost more pressure. Fractions beyond <see cref="MaxCellFraction"/>
    /// are taken at it (the scenario check warns).
    /// </summary>
    public static double RelativeViscosity(double cellFraction)
    {
        static double Mu(double phi) => 1 / Math.Pow(1 - (1.1 * Math.Min(phi, MaxCellFraction)), 2);
        return Mu(cellFraction) / Mu(0.40);
    }

    /// <summary>The inlet flow (whole blood plus AC) at which the draw reaches the safety limit, for this blood and inlet:AC ratio.</summary>
    public double InletCapacity(double relativeViscosity, double inletToAcRatio) => DrawCapacityMlPerMin / relativeViscosity / InletRatio.WholeBloodShare(inletToAcRatio);

    /// <summary>Draw pressure, mmHg (negative).</summary>
    public double DrawPressure(double wholeBloodMlPerMin, double relativeViscosity) => DrawSafetyLimitMmHg * wholeBloodMlPerMin * relativeViscosity / DrawCapacityMlPerMin;

    /// <summary>Return pressure, mmHg.</summary>
    public double ReturnPressure(double returnMlPerMin, double relativeViscosity) => ReturnSafetyLimitMmHg * returnMlPerMin * relativeViscosity / ReturnCapacityMlPerMin;
}

/// <summary>How serious an alarm is (COBE Spectra tiers, docs/reference/MODEL-DATA.md §3).</summary>
public enum AlarmSeverity
{
    /// <summary>Approaching a limit: tell the operator.</summary>
    Warning,

    /// <summary>A limit the machine does not exceed in automatic mode: it acts by itself.</summary>
    Safety,

    /// <summary>The machine stops the pumps.</summary>
    Absolute,
}

/// <summary>What the engine did about an alarm.</summary>
public enum AlarmResponse
{
    /// <summary>Warned only.</summary>
    Warn,

    /// <summary>Lowered the inlet flow.</summary>
    SlowDown,

    /// <summary>Changed how the interface is held (open loop).</summary>
    OpenLoop,

    /// <summary>Stopped the pumps until resumed.</summary>
    Pause,

    /// <summary>Ended the procedure.</summary>
    Stop,
}

/// <summary>An alarm raised during the run.</summary>
/// <param name="AtMinutes">Procedure time.</param>
/// <param name="Code">Stable code (e.g. <c>access-pressure-low</c>).</param>
/// <param name="Severity">Tier.</param>
/// <param name="Response">What the engine did.</param>
/// <param name="Message">Plain-language explanation with the number that triggered it.</param>
public sealed record Alarm(double AtMinutes, string Code, AlarmSeverity Severity, AlarmResponse Response, string Message);

/// <summary>A warning about the run or its inputs.</summary>
/// <param name="Code">Stable code.</param>
/// <param name="Message">Plain-language explanation.</param>
public sealed record RunWarning(string Code, string Message);

/// <summary>Where the procedure is.</summary>
public enum ProcedurePhase
{
    /// <summary>The set is filled with prime before the patient is connected.</summary>
    Prime,

    /// <summary>Blood replaces the prime and the interface forms; nothing is collected.</summary>
    BloodPrime,

    /// <summary>Processing and collecting.</summary>
    Run,

    /// <summary>The set's content is returned to the patient with saline.</summary>
    Rinseback,

    /// <summary>Disconnected.</summary>
    Ended,
}

/// <summary>Amounts in one part of the circuit: cells (×10^9, <see cref="Patients.CellSpecies"/> pool order), red cells, volume, AC citrate, the patient's calcium, prime fluid.</summary>
internal sealed class Compartment(int species)
{
    public double[] Cells { get; } = new double[species];

    public double RedMl { get; set; }

    public double VolumeMl { get; set; }

    public double CitrateMmol { get; set; }

    /// <summary>Calcium drawn with the patient's plasma (it travels with the blood and comes back with it).</summary>
    public double CalciumMmol { get; set; }

    /// <summary>Magnesium drawn with the patient's plasma (it travels like calcium).</summary>
    public double MagnesiumMmol { get; set; }

    /// <summary>Potassium drawn with the patient's plasma (it travels like calcium).</summary>
    public double PotassiumMmol { get; set; }

    public double PrimeMl { get; set; }

    public void Add(Compartment other, double share)
    {
        for (var i = 0; i < Cells.Length; i++)
        {
            Cells[i] += other.Cells[i] * share;
        }

        RedMl += other.RedMl * share;
        VolumeMl += other.VolumeMl * share;
        CitrateMmol += other.CitrateMmol * share;
        CalciumMmol += other.CalciumMmol * share;
        MagnesiumMmol += other.MagnesiumMmol * share;
        PotassiumMmol += other.PotassiumMmol * share;
        PrimeMl += other.PrimeMl * share;
    }

    public void Scale(double keep)
    {
        for (var i = 0; i < Cells.Length; i++)
        {
            Cells[i] *= keep;
        }

        RedMl *= keep;
        VolumeMl *= keep;
        CitrateMmol *= keep;
        CalciumMmol *= keep;
        MagnesiumMmol *= keep;
        PotassiumMmol *= keep;
        PrimeMl *= keep;
    }

    public void CopyFrom(Compartment other, double share)
    {
        for (var i = 0; i < Cells.Length; i++)
        {
            Cells[i] = other.Cells[i] * share;
        }

        RedMl = other.RedMl * share;
        VolumeMl = other.VolumeMl * share;
        CitrateMmol = other.CitrateMmol * share;
        CalciumMmol = other.CalciumMmol * share;
        MagnesiumMmol = other.MagnesiumMmol * share;
        PotassiumMmol = other.PotassiumMmol * share;
        PrimeMl = other.PrimeMl * share;
    }

    public void Clear() => Scale(0);
}
