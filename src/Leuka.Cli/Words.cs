using Leuka.Patients;
using Leuka.Scenarios;

namespace Leuka.Cli;

/// <summary>The scenario file's words for enum values, so output uses the same vocabulary as input.</summary>
internal static class Words
{
    public static string Of(Sex sex) => sex == Sex.Male ? "male" : "female";

    public static string Of(ProcedureKind kind) => ScenarioLoader.KindNames.First(k => k.Kind == kind).Word;

    public static string Of(BloodVolumeMethod method) => method switch
    {
        BloodVolumeMethod.Nadler => "nadler",
        BloodVolumeMethod.Lemmens => "lemmens",
        BloodVolumeMethod.WeightBased => "weight-based",
        _ => "measured",
    };

    public static string Of(CollectionMode mode) => mode == CollectionMode.Chamber ? "chamber" : "continuous";

    public static string Of(PrimeFluid prime) => prime == PrimeFluid.RedCells ? "red-cells" : "saline";

    public static string Of(VascularAccess access) => access switch
    {
        VascularAccess.Peripheral => "peripheral",
        VascularAccess.Port => "port",
        _ => "central-venous-catheter",
    };

    public static string Of(FaultKind fault) => fault switch
    {
        FaultKind.AccessOccluded => "access-occluded",
        FaultKind.AcDisconnected => "ac-disconnected",
        _ => "air-in-return",
    };

    public static string Of(BolusSolution solution) => solution switch
    {
        BolusSolution.CalciumGluconate10Percent => "calciumGluconate10Percent",
        BolusSolution.CalciumChloride10Percent => "calciumChloride10Percent",
        _ => "saline",
    };
}
