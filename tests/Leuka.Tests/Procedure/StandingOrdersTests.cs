using Leuka.Quantities;

namespace Leuka.Tests.Procedure;

public sealed class StandingOrdersTests
{
    [Fact]
    public void Below_the_absolute_level_the_pumps_pause_a_bolus_is_given_and_the_run_resumes_above_the_resume_level()
    {
        var orders = new StandingOrders(CalciumMonitoring.Continuous, null);
        var log = new AlarmLog();
        log.BeginStep();
        orders.Check(30, 0.65, 0, log);
        Assert.True(orders.Paused);
        var alarm = Assert.Single(log.Alarms);
        Assert.Equal((Codes.IonizedCalciumLow.Name, AlarmSeverity.Absolute, AlarmResponse.Pause), (alarm.Code, alarm.Severity, alarm.Response));
        var (calcium, volume) = orders.TakeBoluses();
        Assert.Equal(EngineOptions.CalciumBolusMilliliters, volume);
        Assert.Equal(EngineOptions.CalciumBolusMilliliters * 0.23, calcium, 1e-12);
        Assert.Equal((0.0, 0.0), orders.TakeBoluses());

        orders.Check(31, 0.80, 0, log);
        Assert.True(orders.Paused, "still paused below the resume level");
        orders.Check(32, 0.86, 0, log);
        Assert.False(orders.Paused);
        Assert.Contains(log.Entries, e => e.What.Contains("resumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Below_the_safety_level_the_inlet_slows_20_percent_at_most_every_10_minutes_down_to_half_and_is_restored_above_the_warning_level()
    {
        var orders = new StandingOrders(CalciumMonitoring.Continuous, null);
        var log = new AlarmLog();
        orders.Check(0, 0.75, 0, log);
        Assert.Equal(0.8, orders.Slowdown, 12);
        orders.Check(5, 0.75, 0, log);
        Assert.Equal(0.8, orders.Slowdown, 12);
        foreach (var t in new[] { 10.0, 20, 30, 40, 50 })
        {
            orders.Check(t, 0.75, 0, log);
        }

        Assert.Equal(0.5, orders.Slowdown, 12);
        Assert.False(orders.Paused);
        orders.Check(60, 0.88, 0, log);
        Assert.Equal(0.5, orders.Slowdown, 12);
        orders.Check(61, 0.95, 0, log);
        Assert.Equal(1, orders.Slowdown, 12);
    }

    [Fact]
    public void An_alarm_is_raised_once_while_it_stays_active_and_again_after_it_cleared()
    {
        var log = new AlarmLog();
        void Step(double t, double ica)
        {
            log.BeginStep();
            new StandingOrders(CalciumMonitoring.Continuous, null).Check(t, ica, 0, log);
            log.EndStep();
        }

        Step(0, 0.85);
        Step(1, 0.85);
        Assert.Single(log.Alarms);
        Step(2, 1.1);
        Step(3, 0.85);
        Assert.Equal(2, log.Alarms.Count);
    }
}

public sealed class IntermittentCalciumCareTests
{
    [Fact]
    public void Measured_at_the_start_then_on_schedule_and_between_measurements_nothing_new_is_done()
    {
        var orders = new StandingOrders(new CalciumMonitoring(CalciumMonitoringMode.Intermittent, Duration.FromMinutes(30)), null);
        var log = new AlarmLog();
        orders.Check(0, 1.10, 0, log);
        Assert.Equal(1, orders.Measurements);

        // The true value falls below the safety level at 5 min: nobody knows until 30 min.
        foreach (var t in new[] { 5.0, 10, 20, 29 })
        {
            orders.Check(t, 0.78, 0, log);
        }

        Assert.Equal(1, orders.Measurements);
        Assert.Equal(1, orders.Slowdown, 12);
        Assert.Empty(log.Alarms);
        orders.Check(30, 0.78, 0, log);
        Assert.Equal(2, orders.Measurements);
        Assert.Equal(0.8, orders.Slowdown, 12);
        var alarm = Assert.Single(log.Alarms);
        Assert.Equal((AlarmSeverity.Safety, AlarmResponse.SlowDown), (alarm.Severity, alarm.Response));

        // After an order acts the re-check comes in 10 min, not 30.
        orders.Check(35, 0.79, 0, log);
        Assert.Equal(2, orders.Measurements);
        orders.Check(40, 0.92, 0, log);
        Assert.Equal(3, orders.Measurements);
        Assert.Equal(1, orders.Slowdown, 12);
        Assert.Contains(log.Entries, e => e.What.Contains("ionized calcium measured: 0.78", StringComparison.Ordinal));
    }

    [Fact]
    public void Severe_symptoms_bring_a_measurement_whatever_the_schedule()
    {
        var orders = new StandingOrders(CalciumMonitoring.OnSymptoms, null);
        var log = new AlarmLog();
        orders.Check(0, 1.1, 0, log);
        Assert.Equal(1, orders.Measurements);
        orders.Check(10, 0.80, 0, log);
        Assert.Equal(1, orders.Measurements);
        orders.Check(20, 0.69, 0, log);
        Assert.Equal(2, orders.Measurements);
        Assert.True(orders.Paused);
        Assert.Contains(log.Entries, e => e.What.Contains("severe citrate symptoms", StringComparison.Ordinal));

        // Paused: re-checked every 10 min until it is back above the resume level.
        orders.Check(25, 0.90, 0, log);
        Assert.True(orders.Paused);
        orders.Check(30, 0.90, 0, log);
        Assert.False(orders.Paused);
    }

    [Fact]
    public void A_patient_with_a_tolerance_has_symptoms_when_the_probability_reaches_it_and_the_inlet_slows_for_the_rest_of_the_run()
    {
        var orders = new StandingOrders(CalciumMonitoring.Default, 0.3);
        var log = new AlarmLog();
        orders.Check(0, 1.1, 0.01, log);
        orders.Check(10, 0.95, 0.29, log);
        Assert.Null(orders.SymptomsAt);
        orders.Check(12, 0.94, 0.31, log);
        Assert.Equal(12, orders.SymptomsAt);
        Assert.Equal(0.31, orders.ProbabilityAtSymptoms);
        Assert.Equal(CalciumMonitoring.SymptomSlowdown, orders.Slowdown, 12);
        Assert.Equal(2, orders.Measurements);
        var alarm = Assert.Single(log.Alarms);
        Assert.Equal((Codes.CitrateSymptoms.Name, AlarmSeverity.Safety), (alarm.Code, alarm.Severity));
        orders.Check(60, 1.05, 0.35, log);
        Assert.Equal(CalciumMonitoring.SymptomSlowdown, orders.Slowdown, 12);
    }

    [Fact]
    public void A_typical_patient_is_warned_once_when_symptoms_become_likely_and_nothing_slows()
    {
        var orders = new StandingOrders(CalciumMonitoring.Default, null);
        var log = new AlarmLog();
        orders.Check(0, 1.1, 0.2, log);
        orders.Check(40, 0.95, 0.55, log);
        orders.Check(50, 0.94, 0.60, log);
        var alarm = Assert.Single(log.Alarms);
        Assert.Equal((Codes.CitrateSymptoms.Name, AlarmSeverity.Warning, AlarmResponse.Warn), (alarm.Code, alarm.Severity, alarm.Response));
        Assert.Null(orders.SymptomsAt);
        Assert.Equal(1, orders.Slowdown, 12);
    }

    [Fact]
    public void On_symptoms_a_slowed_inlet_is_checked_until_it_is_restored_and_a_resumed_run_is_checked_soon()
    {
        var orders = new StandingOrders(CalciumMonitoring.OnSymptoms, null);
        var log = new AlarmLog();
        orders.Check(0, 1.1, 0, log);
        orders.Check(5, 0.74, 0, log);
        Assert.Equal(0.8, orders.Slowdown, 12);

        // 0.85 is only a warning, but the inlet is still slowed: checked again in 10 min.
        orders.Check(15, 0.85, 0, log);
        Assert.Equal(3, orders.Measurements);
        orders.Check(25, 0.92, 0, log);
        Assert.Equal(4, orders.Measurements);
        Assert.Equal(1, orders.Slowdown, 12);

        // A pause resumed at 0.86 is measured again 10 min later, not left to the schedule.
        var paused = new StandingOrders(CalciumMonitoring.Default, null);
        paused.Check(0, 0.65, 0, log);
        Assert.True(paused.Paused);
        paused.Check(10, 0.86, 0, log);
        Assert.False(paused.Paused);
        paused.Check(20, 0.86, 0, log);
        Assert.Equal(3, paused.Measurements);
    }
}
