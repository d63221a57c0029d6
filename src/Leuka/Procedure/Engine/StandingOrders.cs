namespace Leuka.Procedure;

/// <summary>
/// The calcium standing orders the machine's operator follows on the ionized calcium: warn below
/// <see cref="EngineOptions.CalciumWarning"/>, slow the inlet 20 % (at most every 10 min, down to
/// half) below <see cref="EngineOptions.CalciumSafety"/>, pause and give a calcium gluconate bolus
/// below <see cref="EngineOptions.CalciumAbsolute"/>; resume above
/// <see cref="EngineOptions.CalciumResume"/>. Also holds the boluses given and not yet infused.
/// </summary>
internal sealed class StandingOrders
{
    private double _lastSlowdownAt = double.NegativeInfinity;

    /// <summary>Pumps paused for calcium.</summary>
    public bool Paused { get; private set; }

    /// <summary>Factor on the inlet flow (1: not slowed).</summary>
    public double Slowdown { get; private set; } = 1;

    /// <summary>Calcium given as boluses since the last step, mmol.</summary>
    public double BolusCalciumMmol { get; private set; }

    /// <summary>Volume given as boluses since the last step, mL.</summary>
    public double BolusVolumeMl { get; private set; }

    public void Give(double calciumMmol, double volumeMl)
    {
        BolusCalciumMmol += calciumMmol;
        BolusVolumeMl += volumeMl;
    }

    /// <summary>The boluses reach the patient this step.</summary>
    public (double CalciumMmol, double VolumeMl) TakeBoluses()
    {
        var taken = (BolusCalciumMmol, BolusVolumeMl);
        BolusCalciumMmol = 0;
        BolusVolumeMl = 0;
        return taken;
    }

    public void Reset() => Paused = false;

    public void Check(double time, double ionizedCalcium, AlarmLog alarms)
    {
        var ica = ionizedCalcium;

        // Shown truncated to 0.01 so that a value below a level never prints as the level itself.
        var shown = Math.Floor(ica * 100) / 100;
        if (Paused)
        {
            if (ica >= EngineOptions.CalciumResume)
            {
                Paused = false;
                alarms.Note(time, Text.F($"ionized calcium back to {ica:0.00} mmol/L: resumed"));
            }

            return;
        }

        if (ica < EngineOptions.CalciumAbsolute)
        {
            alarms.Raise(time, Codes.IonizedCalciumLow, AlarmSeverity.Absolute, AlarmResponse.Pause, () => Text.F($"ionized calcium {shown:0.00} mmol/L is below {EngineOptions.CalciumAbsolute:0.00}: pumps stopped and {EngineOptions.CalciumBolusMilliliters:0} mL of 10 % calcium gluconate given; the run resumes above {EngineOptions.CalciumResume:0.00}"));
            Paused = true;
            Give(EngineOptions.CalciumBolusMilliliters * GiveAction.CalciumMillimolesPerMilliliter(BolusSolution.CalciumGluconate10Percent), EngineOptions.CalciumBolusMilliliters);
        }
        else if (ica < EngineOptions.CalciumSafety)
        {
            alarms.Raise(time, Codes.IonizedCalciumLow, AlarmSeverity.Safety, AlarmResponse.SlowDown, () => Text.F($"ionized calcium {shown:0.00} mmol/L is below {EngineOptions.CalciumSafety:0.00}: inlet flow lowered by 20 % to slow the citrate"));
            if (time - _lastSlowdownAt >= 10)
            {
                Slowdown = Math.Max(0.5, Slowdown * 0.8);
                _lastSlowdownAt = time;
            }
        }
        else if (ica < EngineOptions.CalciumWarning)
        {
            alarms.Raise(time, Codes.IonizedCalciumLow, AlarmSeverity.Warning, AlarmResponse.Warn, () => Text.F($"ionized calcium {shown:0.00} mmol/L is below {EngineOptions.CalciumWarning:0.00}: watch for paraesthesia; consider calcium"));
        }
        else if (Slowdown < 1 && ica > EngineOptions.CalciumWarning)
        {
            Slowdown = 1;
            alarms.Note(time, Text.F($"ionized calcium {ica:0.00} mmol/L: inlet flow restored"));
        }
    }
}
