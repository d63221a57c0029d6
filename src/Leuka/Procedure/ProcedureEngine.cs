using System.Collections.Immutable;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>
/// The procedure, minute by minute: pumps, set, separator and patient coupled, with phases,
/// alarms, events and stop conditions. A library API first: advance it in steps, read
/// <see cref="Current"/>, apply operator actions between steps and subscribe to
/// <see cref="AlarmRaised"/>. Each job has its own room (Engine/): the set, the ledger, the
/// phases, the stop rules, the inlet limits, the interface loop, the standing orders, the faults,
/// the alarm log, the recorder and the result builder. Model: docs/model/procedure.md.
/// </summary>
public sealed class ProcedureEngine
{
    private const double Epsilon = 1e-9;
    private readonly EngineOptions _options;
    private readonly SeparatorCache _cache;
    private readonly PatientPhysiologyParameters _parameters;
    private readonly PatientPhysiologyState _start;
    private readonly RunState _run;
    private readonly InterfaceLoop _interface;
    private readonly StopRules _stops;
    private readonly RunStep _step;

    /// <summary>Sets up the procedure: the patient connected, the set primed, time zero.</summary>
    /// <param name="scenario">A valid scenario.</param>
    /// <param name="cache">Separator cache (share one across runs to reuse solves); null makes a new one with the default separator.</param>
    /// <param name="options">Engine options; null for the defaults.</param>
    /// <param name="inputWarnings">Warnings from loading the scenario, carried into the summary.</param>
    /// <param name="carried">The patient's cells and fluid carried from the day before (<see cref="After"/>); null: at equilibrium with the labs.</param>
    public ProcedureEngine(Scenario scenario, SeparatorCache? cache = null, EngineOptions? options = null, IEnumerable<ScenarioWarning>? inputWarnings = null, CarriedPatient? carried = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Scenario = scenario;
        var p = scenario.Procedure;
        _options = options ?? EngineOptions.Default;
        // The scenario's own set (its label's volume), else the engine's.
        _options = _options with { Set = p.SetUsed(_options.Set) };
        if (ScenarioRefusals.For(scenario, _options.Set) is [var refusal, ..])
        {
            throw new ArgumentException($"{refusal.Path}: {refusal.Message}", nameof(scenario));
        }

        _cache = (cache ?? new SeparatorCache(SeparatorModel.Default)).For(scenario.Patient.Diagnosis, scenario.Patient.Labs.Differential);
        (_parameters, _start) = PatientPhysiology.Initialize(scenario.Patient);
        if (carried is not null)
        {
            // A course's next day: reservoirs still depleted, homeostasis aiming at the first day's baseline.
            if (carried.Pools.Length != _start.Pools.Length)
            {
                throw new ArgumentException($"{_start.Pools.Length} carried pools expected, {carried.Pools.Length} given.", nameof(carried));
            }

            _start = _start with { Pools = carried.Pools, Fluid = carried.Fluid };
        }

        var cd3Share = _parameters.Cd3ShareOfLymphocytes > 0 ? _parameters.Cd3ShareOfLymphocytes : 0.70;
        _run = new RunState(_options.Set, _start, scenario.Events, cd3Share, _cache.Separator.Geometry.Cells, p.CalciumMonitoringUsed, scenario.Patient.Varies.CitrateTolerance, new CirculationCare(_parameters.Circulation, scenario.Patient.Weight.Kilograms, scenario.Patient.IsChild), p.CalciumProphylaxis.Infusion.MillimolesPerHour > 0)
        {
            InletSetting = p.InletFlow,
            Ratio = p.InletToAcRatio,
            CollectSetting = p.CollectFlow,
            Speed = p.CentrifugeSpeed ?? ProtocolDefaults.Speed,
            Patient = _start,
            TotalBloodVolumeMl = _parameters.EstimatedBloodVolume.Milliliters,
        };
        _run.Circulation.Observe(0, 0, Circulation.Assess(_parameters.Circulation, _start.Fluid.Intravascular, new CirculationInputs(_start.IonizedCalcium.MillimolesPerLiter, false, 0)));
        _run.Log.Raised += a => AlarmRaised?.Invoke(this, new AlarmEventArgs(a));
        _interface = new InterfaceLoop(_cache, _options, p.CollectionMode, scenario.Patient.Labs.Hematocrit, scenario.Seed, scenario.Patient.Varies, p.CollectHematocritUsed);
        _stops = new StopRules(p.Stop, _options, _parameters.EstimatedBloodVolume.Milliliters, scenario.Patient.Weight.Kilograms, cd3Share);
        _step = new RunStep(scenario, _options, _parameters, _run, new InletLimiter(p.Access, p.AcInfusionRateLimit, _parameters.EstimatedBloodVolume), _interface, _stops, _cache.Separator.Geometry);
        _run.Log.Warnings.AddRange((inputWarnings ?? []).Select(w => new RunWarning(w.Code, $"{w.Path}: {w.Message}")));
        if (_parameters.Cd3ShareOfLymphocytes <= 0 && ProductFigures.Cd3Matters(p))
        {
            _run.Log.Warn(Codes.Cd3Assumed, "no blood CD3 count was entered: CD3+ cells are taken as 70 % of lymphocytes (typical adult share); enter patient.labs.cd3 for a real prediction");
        }

        if (p.Kind == ProcedureKind.CitrateInfusion)
        {
            // Nothing is connected to a separator: the infusion runs from the start.
            _run.Phases.Enter(ProcedurePhase.Run, 0);
        }
        else
        {
            _run.Phases.Enter(ProcedurePhase.Prime, 0);
            _run.Set.Prime(p.Prime == PrimeFluid.RedCells ? p.RedCellPrimeHematocrit(scenario.Patient.Labs.Hematocrit).Ratio : null);
            _run.Phases.Enter(ProcedurePhase.BloodPrime, 0);
        }

        Record();
    }

    /// <summary>Raised when an alarm starts (not again while it stays active).</summary>
    public event EventHandler<AlarmEventArgs>? AlarmRaised;

    /// <summary>True once the procedure has ended.</summary>
    public bool IsFinished => _run.Phases.Finished;

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario { get; }

    /// <summary>Procedure time since connection.</summary>
    public Duration Time => Duration.FromMinutes(_run.Time);

    /// <summary>A snapshot of the procedure now.</summary>
    public ProcedureSnapshot Current => new(
        Time, _run.Phases.Current, _run.Paused, _run.Patient, _run.Pumps.Inlet, _run.Pumps.Ac, _run.Pumps.Collect, _run.Pumps.Return,
        Volume.FromMilliliters(_run.Ledger.ProcessedMl), Volume.FromMilliliters(_run.Set.ExtracorporealMl), Volume.FromMilliliters(_run.Set.Bag.VolumeMl),
        [.. _run.Set.Bag.Cells.Select(CellCount.FromE9)], [.. _run.Log.Alarms], _interface.Control.OpenLoop);

    /// <summary>Alarms so far.</summary>
    public IReadOnlyList<Alarm> Alarms => _run.Log.Alarms;

    /// <summary>Internal steps taken so far (each one patient update).</summary>
    public int StepCount { get; private set; }

    /// <summary>Time-series rows so far.</summary>
    public IReadOnlyList<TimeSeriesRow> Rows => _run.Recorder.Rows;

    /// <summary>How far the run is toward its stop condition, 0–1 (for progress bars).</summary>
    public double Progress => IsFinished ? 1 : Math.Clamp(
        _run.Phases.Current == ProcedurePhase.Rinseback ? 0.98 : _stops.Share(_run.Time, _run.Ledger.ProcessedMl, _start.Wbc.E9PerLiter, _run.Patient.Wbc.E9PerLiter, _run.Set.Bag) * 0.97, 0, 0.99);

    /// <summary>Applies an operator action now (between steps), exactly as a scenario event would.</summary>
    public void Apply(EventAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsFinished)
        {
            throw new InvalidOperationException("the procedure has ended; no action can be applied");
        }

        var run = _run;
        switch (action)
        {
            case SetAction set:
                run.InletSetting = set.InletFlow ?? run.InletSetting;
                run.Ratio = set.InletToAcRatio ?? run.Ratio;
                run.CollectSetting = set.CollectFlow ?? run.CollectSetting;
                run.Speed = set.CentrifugeSpeed ?? run.Speed;
                _interface.CollectHematocrit = set.CollectHematocrit ?? _interface.CollectHematocrit;
                run.Log.Note(run.Time, Text.F($"set: inlet {run.InletSetting.MillilitersPerMinute:0.#} mL/min, inlet:AC {run.Ratio:0.#}, collect {run.CollectSetting.MillilitersPerMinute:0.##} mL/min, {run.Speed.RevolutionsPerMinute:0} rpm") + (_interface.CollectHematocrit is { } h ? Text.F($", collect line Hct {h.Percent:0.##} %") : ""));
                break;
            case GiveAction give:
                run.Orders.Give(give.Calcium.Millimoles, give.Volume.Milliliters);
                run.Log.Note(run.Time, Text.F($"give: {give.Volume.Milliliters:0.#} mL {ScenarioWords.Of(give.Solution)} ({give.Calcium.Millimoles:0.##} mmol calcium)"));
                break;
            case PauseAction pause:
                run.OperatorPause = true;
                run.Log.Note(run.Time, $"pause: {pause.Reason}");
                break;
            case ResumeAction:
                run.OperatorPause = false;
                run.Faults.Clear();
                run.Log.Note(run.Time, "resume");
                break;
            case FaultAction { Fault: FaultKind.VasovagalReaction }:
                run.Circulation.Vasovagal(run.Time, run.Log);
                break;
            case FaultAction fault:
                run.Faults.Inject(fault, run.Time, run.Log);
                break;
            case PositionAction position:
                run.Circulation.Position(run.Time, position.HeadDown, run.Log);
                break;
            case EndAction:
                run.Log.Note(run.Time, "end: the operator ended the procedure");
                _step.EndByOperator();
                break;
            default:
                throw new ArgumentException($"unknown action {action.GetType().Name}", nameof(action));
        }
    }

    /// <summary>Advances by one report interval (or less at the end), applying the events due.</summary>
    public void Step() => Advance(Duration.FromMinutes(_options.ReportIntervalMinutes));

    /// <summary>Advances by a duration (in internal steps), applying the events due; stops early at the end.</summary>
    public void Advance(Duration by)
    {
        var run = _run;
        var until = run.Time + by.Minutes;
        while (!IsFinished && run.Time < until - Epsilon)
        {
            while (run.Events.Count > 0 && run.Events.Peek().At.Minutes <= run.Time + Epsilon && !IsFinished)
            {
                Apply(run.Events.Dequeue().Action);
            }

            if (IsFinished)
            {
                break;
            }

            run.Faults.Expire(run.Time, run.Log);

            // A step ends at the next report, event, fault expiry or stop, whichever comes first.
            var dt = Math.Min(run.Set.MaxStep(run.InletSetting.MillilitersPerMinute, _options.StepMinutes), until - run.Time);
            dt = Math.Min(dt, run.NextReport - run.Time);
            if (run.Events.Count > 0)
            {
                dt = Math.Min(dt, Math.Max(Epsilon, run.Events.Peek().At.Minutes - run.Time));
            }

            if (Scenario.Procedure.CitrateInfusion is { } infusion && infusion.For.Minutes > run.Time + Epsilon)
            {
                // A step ends where the infusion stops.
                dt = Math.Min(dt, infusion.For.Minutes - run.Time);
            }

            foreach (var limit in run.Faults.Expiries)
            {
                if (limit is { } l && l > run.Time)
                {
                    dt = Math.Min(dt, l - run.Time);
                }
            }

            if (run.Phases.Running)
            {
                dt = Math.Min(dt, _stops.Until(run.Time, run.Ledger.ProcessedMl, run.Pumps.WholeBloodMlPerMin));
            }

            _step.StepOnce(Math.Max(dt, 1e-6));
            StepCount++;
            if (run.Time >= run.NextReport - Epsilon || IsFinished)
            {
                Record();
                run.NextReport = (Math.Floor((run.Time + Epsilon) / _options.ReportIntervalMinutes) + 1) * _options.ReportIntervalMinutes;
            }
        }
    }

    /// <summary>
    /// The patient some time after this procedure (a course's next morning): cells recover, refill
    /// and regrow by the follow-up model, and a drug given alongside removes a share of the
    /// malignant cells per day from blood and reservoir alike (first-order, which commutes with
    /// the malignant pools' linear kinetics). Returns the pools to carry and the counts.
    /// </summary>
    /// <param name="after">Time after the procedure's end.</param>
    /// <param name="cytoreductionDailyFall">Share of the malignant cells a drug alongside removes per day.</param>
    /// <param name="cd34LevelFactor">The mobilised CD34+ level the next morning over today's (a course's mobilisation; 1 for none).</param>
    public (CarriedPatient Patient, FollowUpPoint Counts) After(Duration after, Fraction cytoreductionDailyFall, double cd34LevelFactor = 1)
    {
        // Mobilisation moves the level CD34+ cells recover toward, not the cells already there.
        var state = PatientPhysiology.Advance(_run.Patient.WithBaselineScaled(CellSpecies.Cd34, cd34LevelFactor), _parameters, after);
        var kept = Math.Pow(1 - Math.Clamp(cytoreductionDailyFall.Ratio, 0, 1), after.Hours / 24);
        var pools = state.Pools.Select((p, i) => _parameters.Pools[i].DoublingTime is null ? p : p with { Circulating = p.Circulating * kept, Reservoir = p.Reservoir * kept }).ToImmutableArray();
        state = state with { Pools = pools };
        return (new CarriedPatient(pools, state.Fluid), FollowUpPoint.Of(after, state));
    }

    /// <summary>Runs to the end and returns the result.</summary>
    public ProcedureResult RunToEnd()
    {
        while (!IsFinished)
        {
            Step();
        }

        return Result();
    }

    /// <summary>The result so far (complete once <see cref="IsFinished"/>).</summary>
    public ProcedureResult Result() => ResultBuilder.Build(Scenario, _parameters, _start, _run.Patient, _run);

    /// <summary>Mass balances of everything the run moves, for checks: what entered = what left + what is held.</summary>
    public IReadOnlyList<Balance> Balances() => _run.Ledger.Balances(_run.Patient, _parameters, _run.Set);

    private void Record()
    {
        var run = _run;
        run.Recorder.Record(run.Time, run.Phases.Current, run.Paused, _run.Patient, run.Ledger, run.Pumps, _interface.Control, run.Set.ExtracorporealMl, run.Set.Bag, run.Circulation.Now);
        if (!IsFinished)
        {
            run.NextReport = run.Time + _options.ReportIntervalMinutes;
        }
    }

}

/// <summary>What a course carries from one day to the next: every cell pool (reservoirs included) and the fluid.</summary>
/// <param name="Pools">Cell pools, in species order.</param>
/// <param name="Fluid">Fluid compartments.</param>
public sealed record CarriedPatient(ImmutableArray<PoolState> Pools, FluidState Fluid);
