using System.Text.Json;
using Leuka.Procedure;
using Leuka.Separation;

namespace Leuka.Formats;

/// <summary>The named device: <c>procedure.device</c> (docs/model/devices.md).</summary>
public static partial class ScenarioLoader
{
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
                d.Error($"events[{i}].set.collectHematocrit", DeviceRules.NoCollectControl);
            }

            i++;
        }
    }

    // The device's rules (DeviceRules), each error at the field it concerns.
    private static void DeviceFits(ObjectNode procedure, ProcedureKind kind, SeparatorDevice device, CollectionMode? mode, Diagnostics d)
    {
        if (DeviceRules.ForKind(device, kind) is { } kindProblem)
        {
            d.Error(ObjectNode.Child(procedure.Path, "device"), kindProblem);
        }

        if (mode is { } given && DeviceRules.ForMode(device, given) is { } modeProblem)
        {
            d.Error(ObjectNode.Child(procedure.Path, "collectionMode"), modeProblem);
        }
    }
}
