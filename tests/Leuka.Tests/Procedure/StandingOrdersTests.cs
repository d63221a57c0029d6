
namespace Leuka.Tests.Procedure;

public sealed class StandingOrdersTests
{
    [Fact]
    public void Below_the_absolute_level_the_pumps_pause_a_bolus_is_given_and_the_run_resumes_above_the_resume_level()
    {
        var orders = new StandingOrders();
        var log = new AlarmLog();
        log.BeginStep();
        orders.Check(30, 0.65, log);
        Assert.True(orders.Paused);
        var alarm = Assert.Single(log.Alarms);
        Assert.Equal((Codes.IonizedCalciumLow.Name, AlarmSeverity.Absolute, AlarmResponse.Pause), (alarm.Code, alarm.Severity, alarm.Response));
        var (calcium, volume) = orders.TakeBoluses();
        Assert.Equal(EngineOptions.CalciumBolusMilliliters, volume);
        Assert.Equal(EngineOptions.CalciumBolusMilliliters * 0.23, calcium, 1e-12);
        Assert.Equal((0.0, 0.0), orders.TakeBoluses());

        orders.Check(31, 0.80, log);
        Assert.True(orders.Paused, "still paused below the resume level");
        orders.Check(32, 0.86, log);
        Assert.False(orders.Paused);
        Assert.Contains(log.Entries, e => e.What.Contains("resumed", StringComparison.Ordinal));
    }

    [Fact]
    public void Below_the_safety_level_the_inlet_slows_20_percent_at_most_every_10_minutes_down_to_half_and_is_restored_above_the_warning_level()
    {
        var orders = new StandingOrders();
        var log = new AlarmLog();
        orders.Check(0, 0.75, log);
        Assert.Equal(0.8, orders.Slowdown, 12);
        orders.Check(5, 0.75, log);
        Assert.Equal(0.8, orders.Slowdown, 12);
        foreach (var t in new[] { 10.0, 20, 30, 40, 50 })
        {
            orders.Check(t, 0.75, log);
        }

        Assert.Equal(0.5, orders.Slowdown, 12);
        Assert.False(orders.Paused);
        orders.Check(60, 0.88, log);
        Assert.Equal(0.5, orders.Slowdown, 12);
        orders.Check(61, 0.95, log);
        Assert.Equal(1, orders.Slowdown, 12);
    }

    [Fact]
    public void An_alarm_is_raised_once_while_it_stays_active_and_again_after_it_cleared()
    {
        var log = new AlarmLog();
        void Step(double t, double ica)
        {
            log.BeginStep();
            new StandingOrders().Check(t, ica, log);
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
