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
    /// <c>{ "fault": … }</c>. The same reader and limits as the scenario's events.
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
}
