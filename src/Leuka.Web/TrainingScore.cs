using Leuka.Procedure;

namespace Leuka.Web;

/// <summary>
/// How the trainee answered each alarm, against the standing orders of docs/model/procedure.md:
/// the expected action, how long it took (procedure minutes), and a score. An alarm answered with
/// its expected action within <see cref="AnswerMinutes"/> scores 1; acknowledged only, ½; nothing, 0.
/// </summary>
public static class TrainingScore
{
    /// <summary>Procedure minutes within which an answer counts.</summary>
    public const double AnswerMinutes = 5;

    /// <summary>One alarm's line of the score.</summary>
    /// <param name="Alarm">The alarm.</param>
    /// <param name="Expected">What the standing orders ask, in words.</param>
    /// <param name="Answer">The first log entry that answered it (null: none).</param>
    /// <param name="Acknowledged">When it was acknowledged (procedure minutes; null: never).</param>
    /// <param name="Points">0, ½ or 1.</param>
    public sealed record Line(Alarm Alarm, string Expected, LogEntry? Answer, double? Acknowledged, double Points);

    /// <summary>The expected answers: the actions (in the log's words) that answer an alarm code.</summary>
    public static (string Words, string[] Actions) Expected(string code) => code switch
    {
        "access-occluded" => ("check the line, then resume", ["resume"]),
        "air-in-return" => ("clear the air, then resume, or end the procedure", ["resume", "end"]),
        "ac-disconnected" => ("reconnect is not safe: end the procedure (the set is discarded)", ["end", "acknowledge"]),
        "ionized-calcium-low" => ("give calcium or slow the inlet", ["give", "set"]),
        "citrate-symptoms" => ("slow the inlet or give calcium", ["set", "give"]),
        "hypotension" => ("stop or slow the pumps, tilt the patient head down, give saline", ["pause", "position trendelenburg", "give*saline", "set"]),
        "hypotension-risk" => ("slow or pause; consider a red-cell prime next time", ["set", "pause"]),
        "interface-lost" => ("slow the inlet (or raise the speed) until the sensor sees the interface", ["set"]),
        _ => ("acknowledge", ["acknowledge"]),
    };

    /// <summary>The score of a run: one line per alarm of the safety or absolute tier, and the share earned.</summary>
    public static (IReadOnlyList<Line> Lines, double Percent) Of(IReadOnlyList<(int Index, Alarm Alarm, bool Acknowledged)> alarms, IReadOnlyList<LogEntry> log)
    {
        ArgumentNullException.ThrowIfNull(alarms);
        ArgumentNullException.ThrowIfNull(log);
        var lines = new List<Line>();
        foreach (var (_, alarm, _) in alarms.Where(a => a.Alarm.Severity != AlarmSeverity.Warning || a.Alarm.Code is "hypotension-risk" or "interface-lost"))
        {
            var (words, actions) = Expected(alarm.Code);
            var after = log.Where(l => l.AtMinutes >= alarm.AtMinutes - 1e-9 && l.Who == "operator").ToList();
            var answer = after.FirstOrDefault(l => actions.Any(a => Matches(l.What, a)) && !(l.What.StartsWith("acknowledge", StringComparison.Ordinal) && !l.What.Contains(alarm.Code, StringComparison.Ordinal)));
            var acknowledged = after.FirstOrDefault(l => l.What.StartsWith($"acknowledge {alarm.Code}", StringComparison.Ordinal))?.AtMinutes;
            var points = answer is not null && answer.AtMinutes - alarm.AtMinutes <= AnswerMinutes ? 1 : acknowledged is not null ? 0.5 : 0;
            lines.Add(new Line(alarm, words, answer, acknowledged, points));
        }

        return (lines, lines.Count == 0 ? 100 : 100 * lines.Sum(l => l.Points) / lines.Count);
    }

    // An expected action is a prefix of the log's words, or "start*end" for words with a volume in
    // between ("give*saline": any volume of saline, not calcium).
    private static bool Matches(string what, string action) => action.Split('*') is [var start, var end]
        ? what.StartsWith(start, StringComparison.Ordinal) && what.EndsWith(end, StringComparison.Ordinal)
        : what.StartsWith(action, StringComparison.Ordinal);
}
