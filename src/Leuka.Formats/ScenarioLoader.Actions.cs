using System.Globalization;
using System.Text.Json;
using Leuka.Procedure;
using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>One operator action, read with the events' reader (the live console and the runs API).</summary>
public static partial class ScenarioLoader
{
    /// <summary>
    /// Reads one operator action, as an event without its time: <c>{ "set": { "inletFlow": "40 mL/min" } }</c>,
    /// <c>{ "give": … }</c>, <c>{ "pause": { "reason": … } }</c>, <c>{ "resume": {} }</c>, <c>{ "end": {} }</c> or
    /// <c>{ "fault": … }</c> or <c>{ "position": "trendelenburg" }</c>. The same reader and limits as the scenario's events.
    /// </summary>
    public static (EventAction? Action, IReadOnlyList<ScenarioError> Errors) LoadAction(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var d = new Diagnostics();
        if (json.Length > 64 * 1024)
        {
            d.Error("$", string.Create(CultureInfo.InvariantCulture, $"the action is {json.Length} characters long; an action is a few hundred"));
            return (null, d.Errors);
        }

        if (JsonText.LoneSurrogate(json) is { } at)
        {
            d.Error("$", string.Create(CultureInfo.InvariantCulture, $"line {at.Line}, column {at.Column}: half of a UTF-16 character pair is not valid text"));
            return (null, d.Errors);
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = ScenarioLimits.MaxNestingDepth });
            var node = ObjectNode.From(document.RootElement, "", d, EventActions, "{ \"set\": { \"inletFlow\": \"40 mL/min\" } }");
            if (node is null)
            {
                return (null, d.Errors);
            }

            var actions = EventActions.Where(node.Has).ToArray();
            if (actions.Length != 1)
            {
                d.Error("$", $"{(actions.Length == 0 ? "has no action" : $"has {actions.Length} actions ({string.Join(", ", actions)})")}; give exactly one of {string.Join(", ", EventActions)}");
                return (null, d.Errors);
            }

            var action = ReadAction(node, actions[0], d);
            return d.Errors.Count == 0 ? (action, d.Errors) : (null, d.Errors);
        }
        catch (JsonException e)
        {
            d.Error("$", $"malformed JSON: {e.Message.Split(" LineNumber:", 2)[0].TrimEnd('.', ' ')}; write e.g. {{ \"resume\": {{}} }}");
            return (null, d.Errors);
        }
    }

    private static List<ScenarioEvent>? ReadEvents(ObjectNode root, Diagnostics d)
    {
        if (!root.TryGet("events", out var array))
        {
            return [];
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            d.Error("events", $"expected an array, found {ObjectNode.Describe(array)}; write e.g. [ {{ \"at\": \"60 min\", \"set\": {{ \"inletFlow\": \"45 mL/min\" }} }} ]");
            return null;
        }

        if (array.GetArrayLength() > ScenarioLimits.MaxEvents)
        {
            d.Error("events", string.Create(CultureInfo.InvariantCulture, $"holds {array.GetArrayLength()} events; a scenario may hold at most {ScenarioLimits.MaxEvents}"));
            return null;
        }

        var events = new List<ScenarioEvent>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            var path = $"events[{index++}]";
            var node = ObjectNode.From(element, path, d, EventFields, "{ \"at\": \"60 min\", \"set\": { \"inletFlow\": \"45 mL/min\" } }");
            if (node is null)
            {
                continue;
            }

            var at = node.Quantity("at", required: true, ScenarioLimits.EventTime);
            var actions = EventActions.Where(node.Has).ToArray();
            if (actions.Length != 1)
            {
                d.Error(path, $"{(actions.Length == 0 ? "has no action" : $"has {actions.Length} actions ({string.Join(", ", actions)})")}; give exactly one of {string.Join(", ", EventActions)}");
                continue;
            }

            var action = ReadAction(node, actions[0], d);
            if (at is { } time && action is not null)
            {
                events.Add(new ScenarioEvent(time, action));
            }
        }

        // Stable: events at the same time keep the file's order.
        return [.. events.OrderBy(e => e.At)];
    }

    private static EventAction? ReadAction(ObjectNode node, string action, Diagnostics d)
    {
        switch (action)
        {
            case "set":
                var set = node.Object("set", true, SetFields, "{ \"inletFlow\": \"45 mL/min\" }");
                if (set is null)
                {
                    return null;
                }

                var errorsBefore = d.Errors.Count;
                var inlet = set.Quantity("inletFlow", false, ScenarioLimits.InletFlow);
                var ratio = set.Number("inletToAcRatio", false, ScenarioLimits.MinInletToAcRatio, ScenarioLimits.MaxInletToAcRatio, "12");
                var collect = set.Quantity("collectFlow", false, ScenarioLimits.CollectFlow);
                var speed = set.Quantity("centrifugeSpeed", false, ScenarioLimits.CentrifugeSpeed);
                var collectHct = set.Quantity("collectHematocrit", false, ScenarioLimits.CollectHematocrit);
                if (!set.PresentFields.Any())
                {
                    d.Error(set.Path, $"changes nothing; give at least one of {string.Join(", ", SetFields)}");
                }

                return d.Errors.Count > errorsBefore ? null : new SetAction(inlet, ratio, collect, speed, collectHct);
            case "give":
                var give = node.Object("give", true, ScenarioWords.Solutions.Select(g => g.Word).ToArray(), "{ \"calciumGluconate10Percent\": \"10 mL\" }");
                if (give is null)
                {
                    return null;
                }

                var present = give.PresentFields.ToArray();
                if (present.Length != 1)
                {
                    d.Error(give.Path, $"gives {present.Length} solutions; give exactly one of {string.Join(", ", ScenarioWords.Solutions.Select(g => g.Word))} per event");
                    return null;
                }

                var solution = ScenarioWords.Solutions.First(g => g.Word == present[0]).Value;
                return give.Quantity(present[0], true, ScenarioLimits.Bolus(solution)) is { } volume ? new GiveAction(solution, volume) : null;
            case "pause":
                var pause = node.Object("pause", true, ["reason"], "{ \"reason\": \"patient feels faint\" }");
                return pause is null ? null : new PauseAction(pause.Has("reason") ? pause.Text("reason", false, "\"patient feels faint\"") ?? string.Empty : string.Empty);
            case "resume":
                return node.Object("resume", true, [], "{}") is null ? null : new ResumeAction();
            case "end":
                return node.Object("end", true, [], "{}") is null ? null : new EndAction();
            case "position":
                return node.Choice("position", true, ScenarioWords.Positions) is { } headDown ? new PositionAction(headDown) : null;
            default:
                var fault = node.Object("fault", true, ["type", "duration"], "{ \"type\": \"access-occluded\", \"duration\": \"2 min\" }");
                if (fault is null)
                {
                    return null;
                }

                var type = fault.Choice("type", true, ScenarioWords.Faults);
                var duration = fault.Quantity("duration", false, ScenarioLimits.FaultDuration);
                if (type == FaultKind.VasovagalReaction && fault.Has("duration"))
                {
                    d.Error(ObjectNode.Child(fault.Path, "duration"), "a vasovagal reaction fades by itself (docs/model/circulation.md) and takes no duration; leave it out");
                    return null;
                }

                return type is { } t && (duration is not null || !fault.Has("duration")) ? new FaultAction(t, duration) : null;
        }
    }
}
