namespace Leuka.Procedure;

/// <summary>
/// Alarms, run warnings and the log of what was done during the run. An alarm is raised once when
/// it starts and not again while it stays active; a code that was not raised during a step is no
/// longer active and can be raised again later.
/// </summary>
internal sealed class AlarmLog
{
    private readonly HashSet<(string Code, AlarmSeverity Severity)> _active = [];
    private readonly HashSet<(string Code, AlarmSeverity Severity)> _activeNow = [];

    public event Action<Alarm>? Raised;

    public List<Alarm> Alarms { get; } = [];

    public List<RunWarning> Warnings { get; } = [];

    public List<(double AtMinutes, string What)> Entries { get; } = [];

    public void BeginStep() => _activeNow.Clear();

    public void EndStep() => _active.IntersectWith(_activeNow);

    // The message is built only when the alarm starts: most steps just keep an alarm active.
    public void Raise(double time, Code code, AlarmSeverity severity, AlarmResponse response, Func<string> message)
    {
        var key = (code.Name, severity);
        _activeNow.Add(key);
        if (_active.Add(key))
        {
            if (!code.Tiers.Contains(severity))
            {
                throw new InvalidOperationException($"alarm {code.Name} is not registered at the {severity} tier");
            }

            var alarm = new Alarm(time, code.Name, severity, response, message());
            Alarms.Add(alarm);
            Raised?.Invoke(alarm);
        }
    }

    /// <summary>A warning about the run, once per code.</summary>
    public void Warn(Code code, string message)
    {
        if (!Warnings.Any(w => w.Code == code.Name))
        {
            Warnings.Add(new RunWarning(code.Name, message));
        }
    }

    public void Note(double time, string what) => Entries.Add((time, what));
}
