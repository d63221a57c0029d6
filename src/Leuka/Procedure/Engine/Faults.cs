namespace Leuka.Procedure;

/// <summary>
/// Injected faults: an occluded access, air in the return line, a disconnected AC line. A fault
/// with a duration clears by itself (the operator attends the alarm and resumes); without one it
/// lasts until the operator resumes.
/// </summary>
internal sealed class Faults
{
    private const double Epsilon = 1e-9;
    private double? _occludedUntil;
    private double? _airUntil;
    private double? _acDisconnectedUntil;

    public bool Occluded { get; private set; }

    public bool Air { get; private set; }

    /// <summary>When the AC line was disconnected; NaN while it is connected.</summary>
    public double AcDisconnectedSince { get; private set; } = double.NaN;

    public bool AcConnected => double.IsNaN(AcDisconnectedSince);

    /// <summary>The times at which a fault clears by itself (a step must end there).</summary>
    public IEnumerable<double?> Expiries => [_occludedUntil, _airUntil, _acDisconnectedUntil];

    public void Inject(FaultAction fault, double time, AlarmLog log)
    {
        double? until = fault.Duration is { } d ? time + d.Minutes : null;
        switch (fault.Fault)
        {
            case FaultKind.AccessOccluded:
                Occluded = true;
                _occludedUntil = until;
                log.Note(time, "fault: access line occluded");
                break;
            case FaultKind.AirInReturn:
                Air = true;
                _airUntil = until;
                log.Note(time, "fault: air in the return line");
                break;
            case FaultKind.AcDisconnected:
                AcDisconnectedSince = time;
                _acDisconnectedUntil = until;
                log.Note(time, "fault: AC line disconnected");
                break;
        }
    }

    /// <summary>The operator resumes: the line is cleared, the air removed.</summary>
    public void Clear()
    {
        Occluded = false;
        _occludedUntil = null;
        Air = false;
        _airUntil = null;
    }

    public void Expire(double time, AlarmLog log)
    {
        if (_occludedUntil is { } o && time >= o - Epsilon)
        {
            Occluded = false;
            _occludedUntil = null;
            log.Note(time, "access occlusion cleared");
        }

        if (_airUntil is { } a && time >= a - Epsilon)
        {
            Air = false;
            _airUntil = null;
            log.Note(time, "air cleared from the return line");
        }

        if (_acDisconnectedUntil is { } c && time >= c - Epsilon)
        {
            AcDisconnectedSince = double.NaN;
            _acDisconnectedUntil = null;
            log.Note(time, "AC line reconnected");
        }
    }

    /// <summary>Raises the fault alarms; true when the AC line has been off long enough that the run must stop.</summary>
    public bool Check(double time, double acDetectionMinutes, AlarmLog alarms)
    {
        if (Occluded)
        {
            alarms.Raise(time, Codes.AccessOccluded, AlarmSeverity.Absolute, AlarmResponse.Pause, () => "access line occluded: no inlet flow; the pumps stop until the line is cleared and the run resumed");
        }

        if (Air)
        {
            alarms.Raise(time, Codes.AirInReturn, AlarmSeverity.Absolute, AlarmResponse.Pause, () => "air detected in the return line: all pumps stop and the return line is clamped until the air is cleared");
        }

        if (AcConnected)
        {
            return false;
        }

        var without = time - AcDisconnectedSince;
        if (without < acDetectionMinutes - Epsilon)
        {
            return false;
        }

        // Blood without anticoagulant is in the set and clots within minutes: the run stops and
        // the set is not returned (returning it could embolise clots).
        alarms.Raise(time, Codes.AcDisconnected, AlarmSeverity.Absolute, AlarmResponse.Stop, () => Text.F($"no anticoagulant has reached the blood for {without:0.#} min (AC line disconnected): the procedure stops and the set's content is discarded, not returned"));
        return true;
    }
}
