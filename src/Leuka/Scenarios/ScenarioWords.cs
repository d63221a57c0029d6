using System.Globalization;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Procedure;
using Leuka.Separation;

namespace Leuka.Scenarios;

/// <summary>
/// The scenario file's words for every choice (docs/reference/scenario.md §2), in one place: the loader reads them and
/// every output writes them, so input and output share one vocabulary.
/// </summary>
public static class ScenarioWords
{
    internal static readonly (string Word, Sex Value)[] Sexes = [("female", Sex.Female), ("male", Sex.Male), ("f", Sex.Female), ("m", Sex.Male)];

    internal static readonly (string Word, Diagnosis Value)[] Diagnoses =
        [("none", Diagnosis.None), ("aml", Diagnosis.Aml), ("all", Diagnosis.All), ("cml", Diagnosis.Cml), ("cll", Diagnosis.Cll)];

    internal static readonly (string Word, BloodVolumeMethod Value)[] Methods =
        [("nadler", BloodVolumeMethod.Nadler), ("lemmens", BloodVolumeMethod.Lemmens), ("weight-based", BloodVolumeMethod.WeightBased)];

    internal static readonly (string Word, ProcedureKind Value)[] Kinds =
    [
        ("leukocyte-depletion", ProcedureKind.LeukocyteDepletion), ("mnc-collection", ProcedureKind.MncCollection),
        ("cd34-collection", ProcedureKind.Cd34Collection), ("lymphocyte-collection", ProcedureKind.LymphocyteCollection),
        ("citrate-infusion", ProcedureKind.CitrateInfusion),
    ];

    // Devices by their index in SeparatorDevice.All (the reader's choices are value types).
    internal static readonly (string Word, int Value)[] Devices = [.. SeparatorDevice.All.Select((d, i) => (d.Word, i))];

    // Anticoagulants by their index in Anticoagulant.All.
    internal static readonly (string Word, int Value)[] Anticoagulants = [.. Anticoagulant.All.Select((a, i) => (a.Word, i))];

    internal static readonly (string Word, CollectionMode Value)[] Modes = [("continuous", CollectionMode.Continuous), ("chamber", CollectionMode.Chamber)];

    internal static readonly (string Word, PrimeFluid Value)[] Primes = [("saline", PrimeFluid.Saline), ("red-cells", PrimeFluid.RedCells)];

    internal static readonly (string Word, VascularAccess Value)[] Accesses =
        [("peripheral", VascularAccess.Peripheral), ("central-venous-catheter", VascularAccess.CentralVenousCatheter), ("port", VascularAccess.Port), ("cvc", VascularAccess.CentralVenousCatheter), ("catheter", VascularAccess.CentralVenousCatheter)];

    internal static readonly (string Word, FaultKind Value)[] Faults =
        [("access-occluded", FaultKind.AccessOccluded), ("ac-disconnected", FaultKind.AcDisconnected), ("air-in-return", FaultKind.AirInReturn), ("vasovagal-reaction", FaultKind.VasovagalReaction)];

    /// <summary>The patient's positions an event may set: head down (Trendelenburg) or flat.</summary>
    internal static readonly (string Word, bool Value)[] Positions = [("trendelenburg", true), ("flat", false)];

    internal static readonly (string Word, BolusSolution Value)[] Solutions =
    [
        ("calciumGluconate10Percent", BolusSolution.CalciumGluconate10Percent),
        ("calciumChloride10Percent", BolusSolution.CalciumChloride10Percent),
        ("saline", BolusSolution.Saline),
    ];

    /// <summary>The file's word for a sex.</summary>
    public static string Of(Sex value) => Word(Sexes, value);

    /// <summary>The file's word for a diagnosis.</summary>
    public static string Of(Diagnosis value) => Word(Diagnoses, value);

    /// <summary>The file's word for a blood-volume method (<c>measured</c> for a measured volume).</summary>
    public static string Of(BloodVolumeMethod value) => value == BloodVolumeMethod.Measured ? "measured" : Word(Methods, value);

    /// <summary>The file's word for a procedure kind.</summary>
    public static string Of(ProcedureKind value) => Word(Kinds, value);

    /// <summary>The file's word for a collection mode.</summary>
    public static string Of(CollectionMode value) => Word(Modes, value);

    /// <summary>The file's word for a prime fluid.</summary>
    public static string Of(PrimeFluid value) => Word(Primes, value);

    /// <summary>The file's word for a vascular access.</summary>
    public static string Of(VascularAccess value) => Word(Accesses, value);

    /// <summary>The file's word for a fault.</summary>
    public static string Of(FaultKind value) => Word(Faults, value);

    /// <summary>The file's word for a bolus solution.</summary>
    public static string Of(BolusSolution value) => Word(Solutions, value);

    /// <summary>A stop condition in plain words, e.g. "after 2 blood volumes".</summary>
    public static string Of(StopCondition stop) => stop switch
    {
        ProcessedVolumeStop s => $"after {F(s.Volume.Liters)} L processed",
        BloodVolumesStop s => $"after {F(s.BloodVolumes)} blood volumes",
        DurationStop s => $"after {s.Duration}",
        TargetPostWbcStop s => $"when WBC reaches {s.Wbc}",
        TargetCd34DoseStop s => $"when the product holds {s.Dose} CD34+",
        TargetCd3YieldStop s => $"when the product holds {s.Cells} CD3+",
        _ => throw new ArgumentOutOfRangeException(nameof(stop), stop, "Unknown stop condition."),
    };

    private static string Word<T>((string Word, T Value)[] table, T value)
        where T : struct, Enum
    {
        foreach (var (word, v) in table)
        {
            if (EqualityComparer<T>.Default.Equals(v, value))
            {
                return word;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(value), value, $"No scenario word for {typeof(T).Name}.{value}.");
    }

    /// <summary>An event's action in words, e.g. <c>set inletFlow 45 mL/min</c>.</summary>
    public static string Of(EventAction action) => action switch
    {
        SetAction s => "set " + string.Join(", ", new[]
        {
            s.InletFlow is { } i ? $"inletFlow {i}" : null,
            s.InletToAcRatio is { } r ? $"inletToAcRatio {r.ToString(CultureInfo.InvariantCulture)}" : null,
            s.CollectFlow is { } c ? $"collectFlow {c}" : null,
            s.CentrifugeSpeed is { } v ? $"centrifugeSpeed {v}" : null,
            s.CollectHematocrit is { } h ? $"collectHematocrit {h}" : null,
        }.Where(x => x is not null)),
        GiveAction g => $"give {g.Volume} {Of(g.Solution)}" + (g.Calcium.Millimoles > 0 ? $" ({g.Calcium.Millimoles.ToString("0.##", CultureInfo.InvariantCulture)} mmol Ca)" : string.Empty),
        PauseAction p => p.Reason.Length > 0 ? $"pause ({p.Reason})" : "pause",
        ResumeAction => "resume",
        PositionAction p => p.HeadDown ? "position trendelenburg" : "position flat",
        EndAction => "end",
        FaultAction f => $"fault {Of(f.Fault)}" + (f.Duration is { } d ? $" for {d}" : f.Fault == FaultKind.VasovagalReaction ? string.Empty : " until resumed"),
        _ => action.ToString(),
    };

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
