using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>
/// The one statement of what a named device allows (docs/model/devices.md): its protocol either
/// depletes or collects, it collects one way, and only a device with collect control holds a
/// collect-line set point. The scenario reader and the scenario edits of sweeps and validation
/// both ask here.
/// </summary>
public static class DeviceRules
{
    /// <summary>The message for a collect-line set point on a device without collect control.</summary>
    public const string NoCollectControl = "needs a device with collect control: the generic separator keeps its port on the red line; name one in procedure.device (docs/model/devices.md)";

    /// <summary>Why the device's protocol does not fit the procedure kind, or null when it does.</summary>
    public static string? ForKind(SeparatorDevice device, ProcedureKind kind)
    {
        ArgumentNullException.ThrowIfNull(device);
        var depletion = kind == ProcedureKind.LeukocyteDepletion;
        if (device.Depletion is not { } deviceDepletes || deviceDepletes == depletion)
        {
            return null;
        }

        var fitting = string.Join(", ", SeparatorDevice.All.Where(x => x.Depletion is null || x.Depletion == depletion).Select(x => x.Word));
        return $"\"{device.Word}\" is a {(deviceDepletes ? "white-cell depletion" : "collection")} protocol and the procedure is a {ScenarioWords.Of(kind)}; write one of: {fitting}";
    }

    /// <summary>Why a chosen collection mode contradicts the device, or null when it does not.</summary>
    public static string? ForMode(SeparatorDevice device, CollectionMode chosen)
    {
        ArgumentNullException.ThrowIfNull(device);
        return device.Mode is { } mode && mode != chosen
            ? $"is \"{ScenarioWords.Of(chosen)}\" but {device.Name} collects {(mode == CollectionMode.Chamber ? "into a chamber" : "continuously")}; leave collectionMode out or write \"{ScenarioWords.Of(mode)}\""
            : null;
    }
}
