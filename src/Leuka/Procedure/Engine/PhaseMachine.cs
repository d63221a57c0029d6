namespace Leuka.Procedure;

/// <summary>
/// The procedure's phases: prime → blood prime → run → rinseback → ended. Blood prime ends when
/// the channel has packed its red layer (slower at a low Hct); rinseback returns the set's blood
/// over a time set by the inlet flow.
/// </summary>
internal sealed class PhaseMachine
{
    private const double Epsilon = 1e-9;
    private readonly List<(ProcedurePhase Phase, double AtMinutes)> _history = [];
    private double _interfaceRedMl;
    private double _rinsebackMinutes;
    private double _rinsebackElapsed;

    public ProcedurePhase Current { get; private set; } = ProcedurePhase.Prime;

    public IReadOnlyList<(ProcedurePhase Phase, double AtMinutes)> History => _history;

    /// <summary>Pumps running blood through the separator (blood prime or run).</summary>
    public bool Running => Current is ProcedurePhase.BloodPrime or ProcedurePhase.Run;

    public bool Finished => Current == ProcedurePhase.Ended;

    /// <summary>Why the run stopped (empty while it runs).</summary>
    public string StopReason { get; set; } = "";

    public void Enter(ProcedurePhase phase, double time)
    {
        Current = phase;
        _history.Add((phase, time));
    }

    /// <summary>
    /// Blood prime: once the set holds blood, the red cells reaching the channel pack its outer
    /// layer; the run starts when <paramref name="interfaceRedMl"/> are packed.
    /// </summary>
    public void BloodPrimeStep(double time, double dt, double inlet, double processedMl, double setVolumeMl, Compartment drawSide, double interfaceRedMl)
    {
        if (Current != ProcedurePhase.BloodPrime || inlet <= 0)
        {
            return;
        }

        if (processedMl >= setVolumeMl)
        {
            _interfaceRedMl += inlet * dt * (drawSide.RedMl / Math.Max(Epsilon, drawSide.VolumeMl));
        }

        if (_interfaceRedMl >= interfaceRedMl)
        {
            Enter(ProcedurePhase.Run, time + dt);
        }
    }

    /// <summary>The run stopped because its target was met (judged again on the count after rinseback).</summary>
    public bool StoppedAtTarget { get; set; }

    /// <summary>Rinseback time: the set's volume at the inlet flow (at least 30 mL/min), at least 2 min.</summary>
    public static double RinsebackMinutes(double setVolumeMl, double inletSettingMlPerMin) => Math.Max(2, setVolumeMl / Math.Max(30, inletSettingMlPerMin));

    public void BeginRinseback(double time, double setVolumeMl, double inletSettingMlPerMin)
    {
        _rinsebackMinutes = RinsebackMinutes(setVolumeMl, inletSettingMlPerMin);
        _rinsebackElapsed = 0;
        Enter(ProcedurePhase.Rinseback, time);
    }

    /// <summary>The share of the held blood that goes back in a step of <paramref name="dt"/> minutes (plug flow).</summary>
    public double RinsebackShare(double dt, double rinsebackShare)
    {
        var share = Math.Min(1, dt / _rinsebackMinutes) * rinsebackShare;
        _rinsebackElapsed += dt;
        return share;
    }

    public bool RinsebackDone => _rinsebackElapsed >= _rinsebackMinutes - Epsilon;
}
