using Leuka.Physiology;

namespace Leuka.Procedure;

/// <summary>
/// The patient's blood pressure and heart rate through the run, and the hypotension standing
/// orders as staff follow them: on the pressure as last <em>measured</em> (an automatic cuff every
/// 15 min, every 5 min while low, and at once on vasovagal symptoms). Below the patient's
/// hypotension threshold: stop the pumps, tilt the patient head down, give a saline bolus (250 mL
/// adults, 10 mL/kg children) and measure again; resume 10 mmHg above the threshold (or halfway to
/// the patient's own systolic if nearer) at 80 % of the inlet. Protocol and sources: docs/model/circulation.md.
/// </summary>
/// <param name="parameters">The patient's circulation at rest.</param>
/// <param name="weightKg">Body weight, for a child's bolus.</param>
/// <param name="child">Under 18 years.</param>
internal sealed class CirculationCare(CirculationParameters parameters, double weightKg, bool child)
{
    /// <summary>An automatic cuff measures this often, min (assumption: vital signs every 15–30 min, at its short end).</summary>
    public const double CuffMinutes = 15;

    /// <summary>While the pressure is low it is measured this often, min (assumption).</summary>
    public const double RecheckMinutes = 5;

    /// <summary>After a hypotensive episode the inlet runs at this share of its setting (assumption: "slow the procedure").</summary>
    public const double AfterSlowdown = 0.8;

    /// <summary>No second bolus within this time of the first, min (assumption).</summary>
    public const double BolusGapMinutes = 10;

    private readonly CirculationParameters _parameters = parameters;
    private readonly double _bolusMl = ClinicalThresholds.SalineBolusMl(child, weightKg);
    private double _nextMeasurement;
    private double _lastBolusAt = double.NegativeInfinity;
    private double _pendingBolusMl;

    /// <summary>Blood pressure and heart rate now (the true values).</summary>
    public Haemodynamics Now { get; private set; }

    /// <summary>Pumps stopped for hypotension.</summary>
    public bool Paused { get; private set; }

    /// <summary>The patient is tilted head down.</summary>
    public bool HeadDown { get; private set; }

    /// <summary>Factor on the inlet flow (1: not slowed).</summary>
    public double Slowdown { get; private set; } = 1;

    /// <summary>When a vasovagal reaction began; NaN: none.</summary>
    public double VasovagalSince { get; private set; } = double.NaN;

    /// <summary>The lowest mean pressure and when.</summary>
    public (double MeanMmHg, double AtMin) LowestMean { get; private set; } = (double.PositiveInfinity, 0);

    /// <summary>The lowest systolic pressure.</summary>
    public double LowestSystolic { get; private set; } = double.PositiveInfinity;

    /// <summary>The highest heart rate.</summary>
    public double HighestHeartRate { get; private set; }

    /// <summary>When hypotension was first measured (null: never).</summary>
    public double? HypotensionAt { get; private set; }

    /// <summary>Saline given as boluses for hypotension, mL.</summary>
    public double SalineGivenMl { get; private set; }

    /// <summary>Minutes the true systolic pressure was below the threshold.</summary>
    public double MinutesHypotensive { get; private set; }

    /// <summary>The last measured pressures (null: none yet).</summary>
    public Haemodynamics? Measured { get; private set; }

    /// <summary>The strength of a vasovagal reaction now.</summary>
    public double VasovagalStrength(double time) => double.IsNaN(VasovagalSince) ? 0 : Circulation.VasovagalStrength(time - VasovagalSince);

    /// <summary>The circulation after the patient's step: the true values and their extremes.</summary>
    public void Observe(double time, double dt, Haemodynamics now)
    {
        Now = now;
        if (now.MeanMmHg < LowestMean.MeanMmHg)
        {
            LowestMean = (now.MeanMmHg, time);
        }

        LowestSystolic = Math.Min(LowestSystolic, now.SystolicMmHg);
        HighestHeartRate = Math.Max(HighestHeartRate, now.HeartRatePerMin);
        if (now.SystolicMmHg < _parameters.HypotensionSystolicMmHg)
        {
            MinutesHypotensive += dt;
        }
    }

    /// <summary>A vasovagal reaction begins: symptoms bring a measurement and the patient is laid head down.</summary>
    public void Vasovagal(double time, AlarmLog log)
    {
        VasovagalSince = time;
        _nextMeasurement = time;
        log.Note(time, "vasovagal reaction (pallor, sweating, light-headedness)");
    }

    /// <summary>The operator changes the patient's position.</summary>
    public void Position(double time, bool headDown, AlarmLog log)
    {
        HeadDown = headDown;
        log.Note(time, headDown ? "patient tilted head down (Trendelenburg)" : "patient laid flat");
    }

    /// <summary>The bolus reaches the patient this step, mL (counted as given only now).</summary>
    public double TakeBolus()
    {
        var taken = _pendingBolusMl;
        _pendingBolusMl = 0;
        SalineGivenMl += taken;
        return taken;
    }

    public void Reset() => Paused = false;

    /// <summary>Measures when due and follows the orders on what was measured.</summary>
    public void Check(double time, AlarmLog alarms)
    {
        if (time < _nextMeasurement - 1e-9)
        {
            return;
        }

        var m = Now;
        Measured = m;
        var threshold = _parameters.HypotensionSystolicMmHg;
        var low = m.SystolicMmHg < threshold;
        _nextMeasurement = time + (low || Paused || VasovagalStrength(time) > 0.1 ? RecheckMinutes : CuffMinutes);
        if (Paused)
        {
            if (m.SystolicMmHg >= _parameters.ResumeSystolicMmHg)
            {
                Paused = false;
                Slowdown = AfterSlowdown;
                alarms.Note(time, Text.F($"blood pressure {m.SystolicMmHg:0}/{m.DiastolicMmHg:0} mmHg: resumed at {100 * AfterSlowdown:0} % of the inlet setting"));
                return;
            }

            if (low)
            {
                Bolus(time, alarms);
            }

            return;
        }

        if (!low)
        {
            if (VasovagalStrength(time) > 0.1 && !HeadDown)
            {
                Position(time, headDown: true, alarms);
            }

            return;
        }

        HypotensionAt ??= time;
        alarms.Raise(time, Codes.Hypotension, AlarmSeverity.Safety, AlarmResponse.Pause, () => Text.F($"blood pressure {m.SystolicMmHg:0}/{m.DiastolicMmHg:0} mmHg (mean {m.MeanMmHg:0}, heart rate {m.HeartRatePerMin:0}/min) is below the systolic threshold {threshold:0} mmHg: pumps stopped, patient tilted head down, saline given; measured again every {RecheckMinutes:0} min"));
        Paused = true;
        if (!HeadDown)
        {
            Position(time, headDown: true, alarms);
        }

        Bolus(time, alarms);
    }

    private void Bolus(double time, AlarmLog alarms)
    {
        if (time - _lastBolusAt < BolusGapMinutes - 1e-9)
        {
            return;
        }

        _lastBolusAt = time;
        _pendingBolusMl += _bolusMl;
        alarms.Note(time, Text.F($"saline bolus {_bolusMl:0} mL for hypotension"));
    }
}
