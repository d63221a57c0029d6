using Leuka.Quantities;
using Leuka.Scenarios;

namespace Leuka.Procedure;

/// <summary>
/// The inlet pump's flow each step: the setting, lowered to the AC infusion-rate limit, to what the
/// access gives and to what the return line takes (<see cref="InletLimits"/>), each with its alarm,
/// then slowed by the calcium standing orders.
/// </summary>
internal sealed class InletLimiter(VascularAccess access, FlowPerBloodVolume acLimit, Volume totalBloodVolume)
{
    private const double Epsilon = 1e-9;
    private readonly AccessModel _access = AccessModel.For(access);

    public double Inlet(double time, double setting, double ratio, VolumeFlow collectSetting, bool collecting, double viscosity, double slowdown, AlarmLog alarms)
    {
        var inlet = setting;
        var ac = InletLimits.AcLimited(acLimit, totalBloodVolume, ratio);
        if (inlet > ac + Epsilon)
        {
            var asked = inlet;
            alarms.Raise(time, Codes.AcRateLimit, AlarmSeverity.Safety, AlarmResponse.SlowDown, () => Text.F($"inlet {asked:0.#} mL/min at inlet:AC {ratio:0.#} would infuse AC at {asked / ratio / totalBloodVolume.Liters:0.00} mL/min/L, over the {acLimit.MillilitersPerMinutePerLiter:0.0#} mL/min/L limit; inlet lowered to {ac:0.#} mL/min"));
            inlet = ac;
        }

        var capacity = InletLimits.Access(access, viscosity, ratio);
        if (inlet > capacity + Epsilon)
        {
            var asked = inlet;
            alarms.Raise(time, Codes.AccessPressureLow, AlarmSeverity.Safety, AlarmResponse.SlowDown, () => Text.F($"access pressure would pass {AccessModel.DrawSafetyLimitMmHg:0} mmHg at {asked * InletRatio.WholeBloodShare(ratio):0} mL/min whole blood ({ScenarioWords.Of(access)}, blood viscosity ×{viscosity:0.00}); inlet lowered to {capacity:0.#} mL/min"));
            inlet = capacity;
        }
        else if (inlet > AccessModel.WarningShare * capacity)
        {
            var asked = inlet;
            alarms.Raise(time, Codes.AccessPressureLow, AlarmSeverity.Warning, AlarmResponse.Warn, () => Text.F($"access pressure {_access.DrawPressure(asked * InletRatio.WholeBloodShare(ratio), viscosity):0} mmHg is near the {AccessModel.DrawSafetyLimitMmHg:0} mmHg limit"));
        }

        var returnLimit = InletLimits.Return(access, viscosity, collectSetting, collecting);
        if (inlet > returnLimit + Epsilon)
        {
            alarms.Raise(time, Codes.ReturnPressureHigh, AlarmSeverity.Safety, AlarmResponse.SlowDown, () => Text.F($"return pressure would pass {AccessModel.ReturnSafetyLimitMmHg:0} mmHg; inlet lowered to {returnLimit:0.#} mL/min"));
            inlet = returnLimit;
        }

        return inlet * slowdown;
    }

    /// <summary>Draw and return pressures (mmHg) at the flows run, with a warning when the return nears its limit.</summary>
    public (double Access, double Return) Pressures(double time, double wholeBlood, double returnFlow, double viscosity, AlarmLog alarms)
    {
        var returnPressure = _access.ReturnPressure(returnFlow, viscosity);
        if (returnPressure > AccessModel.ReturnSafetyLimitMmHg * AccessModel.WarningShare)
        {
            alarms.Raise(time, Codes.ReturnPressureHigh, AlarmSeverity.Warning, AlarmResponse.Warn, () => Text.F($"return pressure {returnPressure:0} mmHg is near the {AccessModel.ReturnSafetyLimitMmHg:0} mmHg limit at {returnFlow:0} mL/min return"));
        }

        return (_access.DrawPressure(wholeBlood, viscosity), returnPressure);
    }
}
