using System.Text.Json;
using Leuka.Procedure;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Formats;

/// <summary>The named device: <c>procedure.device</c> (docs/model/devices.md).</summary>
public static partial class ScenarioLoader
{
    private const string NoCollectControl = "needs a device with collect control: the generic separator keeps its port on the red line; name one in procedure.device (docs/model/devices.md)";

    // An operator's collect-line set point needs a device that holds one. The events are read in
    // the file's order here (the scenario's are sorted by time), so the error names the right one.
    private static void CollectControlFits(ObjectNode root, ProcedureSettings procedure, Diagnostics d)
    {
        if (procedure.DeviceUsed.CollectHematocrit is not null || !root.TryGet("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var i = 0;
        foreach (var e in events.EnumerateArray())
        {
            if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("set", out var set) && set.ValueKind == JsonValueKind.Object && set.TryGetProperty("collectHematocrit", out _))
            {
                d.Error($"events[{i}].set.collectHematocrit", NoCollectControl);
            }

            i++;
        }
    }

    // A device's protocol either depletes or collects, and collects one way: a scenario that asks
    // otherwise is an error, not a silent change of protocol.
    private static void DeviceFits(ObjectNode procedure, ProcedureKind kind, SeparatorDevice device, CollectionMode? mode, Diagnostics d)
    {
        var depletion = kind == ProcedureKind.LeukocyteDepletion;
        if (device.Depletion is { } deviceDepletes && deviceDepletes != depletion)
        {
            var fitting = string.Join(", ", SeparatorDevice.All.Where(x => x.Depletion is null || x.Depletion == depletion).Select(x => x.Word));
            d.Error(ObjectNode.Child(procedure.Path, "device"), $"\"{device.Word}\" is a {(deviceDepletes ? "white-cell depletion" : "collection")} protocol and the procedure is a {ScenarioWords.Of(kind)}; write one of: {fitting}");
        }

        if (device.Mode is { } deviceMode && mode is { } given && given != deviceMode)
        {
            d.Error(ObjectNode.Child(procedure.Path, "collectionMode"), $"is \"{ScenarioWords.Of(given)}\" but {device.Name} collects {(deviceMode == CollectionMode.Chamber ? "into a chamber" : "continuously")}; leave collectionMode out or write \"{ScenarioWords.Of(deviceMode)}\"");
        }
    }
}
