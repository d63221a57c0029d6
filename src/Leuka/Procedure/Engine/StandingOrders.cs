namespace Leuka.Procedure;

/// <summary>
/// The calcium standing orders as the operator follows them: on the ionized calcium as it was
/// last <em>measured</em> (<see cref="CalciumMonitoring"/>: a baseline, then on a schedule, and
/// whenever symptoms appear), not on the true value. Below <see cref="EngineOptions.CalciumWarning"/>
/// warn; below <see cref="EngineOptions.CalciumSafety"/> slow the inlet 20 % (down to half) and
/// re-check; below <see cref="EngineOptions.CalciumAbsolute"/> pause, give a calcium gluconate bolus
/// and re-check until it is back above <see cref="EngineOptions.CalciumResume"/>. Citrate symptoms
/// (when the patient has a drawn tolerance) slow the inlet for the rest of the run. Also holds the
/// boluses given and not yet infused. Protocol and sources: docs/model/citrate-calcium.md.
/// </summary>
/// <param name="monitoring">When calcium is measured.</param>
/// <param name="tolerance">This patient's citrate tolerance, as the reaction probability at which symptoms start (null: a typical patient, whose reaction is a probability, not an event).</param>
/// <param name="prophylaxis">A continuous calcium infusion runs, which a low measured calcium raises.</param>
internal sealed class StandingOrders(CalciumMonitoring monitoring, double? tolerance, bool prophylaxis = false)
{
    /// <summary>
    /// A low measured calcium with an infusion running raises the infusion this much, once: the
    /// step from 1.0 to 1.6 g/h of calcium gluconate that held ionized calcium and prevented
    /// reactions (Zhao et al., J Clin Apher 2019, doi:10.1002/jca.21742).
    /// </summary>
    public const double ProphylaxisRaise = 1.6;

    private readonly bool _prophylaxis = prophylaxis;

    private readonly CalciumMonitoring _monitoring = monitoring;
    private readonly double? _tolerance = tolerance;
    private double _lastSlowdownAt = double.NegativeInfinity;
    private double _nextMeasurement;
    private double? _measured;
    private bool _symptomsLikelyNoted;
    private bool _severeNoted;
    private double _calciumSlowdown = 1;
    private double _symptomSlowdown = 1;

    /// <summary>Pumps paused for calcium.</summary>
    public bool Paused { get; private set; }

    /// <summary>Factor on the inlet flow (1: not slowed).</summary>
    public double Slowdown => _calciumSlowdown * _symptomSlowdown;

    /// <summary>Factor on the scenario's calcium infusion (1: as set; <see cref="ProphylaxisRaise"/> once raised).</summary>
    public double ProphylaxisFactor { get; private set; } = 1;

    /// <summary>Calcium given as boluses since the last step, mmol.</summary>
    public double BolusCalciumMmol { get; private set; }

    /// <summary>Volume given as boluses since the last step, mL.</summary>
    public double BolusVolumeMl { get; private set; }

    /// <summary>When citrate symptoms started (null: none).</summary>
    public double? SymptomsAt { get; private set; }

    /// <summary>The true ionized calcium when symptoms started, mmol/L.</summary>
    public double? IonizedAtSymptoms { get; private set; }

    /// <summary>The reaction probability (for patients like this one) when symptoms started: what the run says about the population, since after the response its trajectory is this patient's.</summary>
    public double? ProbabilityAtSymptoms { get; private set; }

    /// <summary>Measurements taken.</summary>
    public int Measurements { get; private set; }

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

    /// <param name="time">Procedure time, min.</param>
    /// <param name="ionizedCalcium">The true ionized calcium, mmol/L.</param>
    /// <param name="reactionProbability">The probability of citrate symptoms for patients like this one at the fall reached so far.</param>
    /// <param name="alarms">The run's alarms.</param>
    public void Check(double time, double ionizedCalcium, double reactionProbability, AlarmLog alarms)
    {
        if (_monitoring.Mode == CalciumMonitoringMode.None)
        {
            return;
        }

        Symptoms(time, ionizedCalcium, reactionProbability, alarms);
        var due = _monitoring.Mode == CalciumMonitoringMode.Continuous || time >= _nextMeasurement - 1e-9;
        if (due)
        {
            Measure(time, ionizedCalcium, alarms);
        }
        else if (_measured is { } last)
        {
            // Between measurements the last value stands: its alarm stays active, nothing new is done.
            Keep(time, last, alarms);
        }
    }

    // Symptoms bring a measurement now. A patient with a drawn tolerance has them when the
    // probability reaches it; every patient has severe ones below 0.75 mmol/L.
    private void Symptoms(double time, double ica, double p, AlarmLog alarms)
    {
        if (_tolerance is { } u && SymptomsAt is null && p >= u)
        {
            SymptomsAt = time;
            IonizedAtSymptoms = ica;
            ProbabilityAtSymptoms = p;
            _symptomSlowdown = CalciumMonitoring.SymptomSlowdown;
            _nextMeasurement = time;
            alarms.Raise(time, Codes.CitrateSymptoms, AlarmSeverity.Safety, AlarmResponse.SlowDown, () => Text.F($"citrate symptoms (perioral tingling): inlet slowed to {100 * CalciumMonitoring.SymptomSlowdown:0} % of its setting for the rest of the run and ionized calcium measured"));
        }
        else if (_tolerance is null && !_symptomsLikelyNoted && p >= 0.5)
        {
            _symptomsLikelyNoted = true;
            alarms.Raise(time, Codes.CitrateSymptoms, AlarmSeverity.Warning, AlarmResponse.Warn, () => Text.F($"citrate symptoms are now likely ({100 * p:0} % of patients like this one): ask about tingling; on symptoms slow the inlet and measure ionized calcium"));
        }

        if (ica < CalciumMonitoring.SevereSymptomsMmolPerL && !_severeNoted)
        {
            _severeNoted = true;
            _nextMeasurement = time;
            if (_monitoring.Mode != CalciumMonitoringMode.Continuous)
            {
                alarms.Note(time, "severe citrate symptoms (nausea, light-headedness): ionized calcium measured");
            }
        }
        else if (ica >= CalciumMonitoring.SevereSymptomsMmolPerL + 0.05)
        {
            _severeNoted = false;
        }
    }

    private void Measure(double time, double ica, AlarmLog alarms)
    {
        _measured = ica;
        Measurements++;
        var interval = _monitoring.Mode == CalciumMonitoringMode.Intermittent ? _monitoring.Interval.Minutes : double.PositiveInfinity;
        _nextMeasurement = time + interval;
        if (_monitoring.Mode != CalciumMonitoringMode.Continuous)
        {
            alarms.Note(time, Text.F($"ionized calcium measured: {ica:0.00} mmol/L"));
        }

        // Shown truncated to 0.01 so that a value below a level never prints as the level itself.
        var shown = Math.Floor(ica * 100) / 100;
        if (Paused)
        {
            if (ica >= EngineOptions.CalciumResume)
            {
                Paused = false;
                alarms.Note(time, Text.F($"ionized calcium back to {ica:0.00} mmol/L: resumed"));
            }

            // Paused or just resumed with citrate flowing again: checked again soon either way.
            Recheck(time);

            return;
        }

        if (ica < EngineOptions.CalciumAbsolute)
        {
            alarms.Raise(time, Codes.IonizedCalciumLow, AlarmSeverity.Absolute, AlarmResponse.Pause, () => Text.F($"ionized calcium {shown:0.00} mmol/L is below {EngineOptions.CalciumAbsolute:0.00}: pumps stopped and {EngineOptions.CalciumBolusMilliliters:0} mL of 10 % calcium gluconate given; the run resumes above {EngineOptions.CalciumResume:0.00}"));
            Paused = true;
            Give(EngineOptions.CalciumBolusMilliliters * GiveAction.CalciumMillimolesPerMilliliter(BolusSolution.CalciumGluconate10Percent), EngineOptions.CalciumBolusMilliliters);
            Recheck(time);
        }
        else if (ica < EngineOptions.CalciumSafety)
        {
            RaiseProphylaxis(time, alarms);
            alarms.Raise(time, Codes.IonizedCalciumLow, AlarmSeverity.Safety, AlarmResponse.SlowDown, () => Text.F($"ionized calcium {shown:0.00} mmol/L is below {EngineOptions.CalciumSafety:0.00}: inlet flow lowered by 20 % to slow the citrate"));
            if (time - _lastSlowdownAt >= CalciumMonitoring.RecheckMinutes - 1e-9)
            {
                _calciumSlowdown = Math.Max(0.5, _calciumSlowdown * 0.8);
                _lastSlowdownAt = time;
            }

            Recheck(time);
        }
        else if (ica < EngineOptions.CalciumWarning)
        {
            RaiseProphylaxis(time, alarms);
            alarms.Raise(time, Codes.IonizedCalciumLow, AlarmSeverity.Warning, AlarmResponse.Warn, () => Text.F($"ionized calcium {shown:0.00} mmol/L is below {EngineOptions.CalciumWarning:0.00}: watch for paraesthesia; consider calcium"));

            // A low value is checked again soon (and a slowed inlet is not left slowed unwatched).
            Recheck(time);
        }
        else if (_calciumSlowdown < 1)
        {
            _calciumSlowdown = 1;
            alarms.Note(time, Text.F($"ionized calcium {ica:0.00} mmol/L: inlet flow restored"));
        }
    }

    // With a calcium infusion running, the first low measurement raises it (once).
    private void RaiseProphylaxis(double time, AlarmLog alarms)
    {
        if (_prophylaxis && ProphylaxisFactor == 1)
        {
            ProphylaxisFactor = ProphylaxisRaise;
            alarms.Note(time, Text.F($"calcium infusion raised to {ProphylaxisRaise:0.#} times its rate (ionized calcium measured low)"));
        }
    }

    // The alarm of the last measured value stays active between measurements.
    private void Keep(double time, double measured, AlarmLog alarms)
    {
        if (Paused || measured >= EngineOptions.CalciumWarning)
        {
            return;
        }

        var (severity, response) = measured < EngineOptions.CalciumSafety ? (AlarmSeverity.Safety, AlarmResponse.SlowDown) : (AlarmSeverity.Warning, AlarmResponse.Warn);
        alarms.Raise(time, Codes.IonizedCalciumLow, severity, response, () => Text.F($"ionized calcium {measured:0.00} mmol/L (last measured)"));
    }

    // After an order acts, the next measurement comes sooner (when measurements are scheduled at all).
    private void Recheck(double time) => _nextMeasurement = Math.Min(_nextMeasurement, time + CalciumMonitoring.RecheckMinutes);
}
