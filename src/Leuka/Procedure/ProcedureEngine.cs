using System.Collections.Immutable;
using System.Globalization;
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
/// <see cref="AlarmRaised"/>. Model: docs/model/procedure.md.
/// </summary>
public sealed class ProcedureEngine
{
    private const int Pools = 6;
    private const int Red = (int)CellSpecies.RedCells;
    private const double Epsilon = 1e-9;

    private readonly Scenario _scenario;
    private readonly EngineOptions _options;
    private readonly SeparatorCache _cache;
    private readonly SeparatorProtocol _protocol;
    private readonly AccessModel _access;
    private readonly PatientPhysiologyParameters _parameters;
    private readonly PatientPhysiologyState _start;
    private readonly double _tbvMl;
    private readonly double _weightKg;
    private readonly double _cd3Share;
    private readonly double[] _cellVolumeFl;
    private readonly Random _random;
    private readonly List<ScenarioEvent> _pendingEvents;
    private readonly Compartment _drawSide = new(Pools);
    private readonly Compartment _returnSide = new(Pools);
    private readonly Compartment _bag = new(Pools);
    private readonly Compartment _discarded = new(Pools);
    private readonly Compartment _rinseback = new(Pools);
    private readonly List<Alarm> _alarms = [];
    private readonly List<RunWarning> _warnings = [];
    private readonly List<(ProcedurePhase Phase, double AtMinutes)> _phases = [];
    private readonly List<TimeSeriesRow> _rows = [];
    private readonly List<(double AtMinutes, string What)> _applied = [];
    private readonly HashSet<(string Code, AlarmSeverity Severity)> _activeAlarms = [];
    private readonly HashSet<(string Code, AlarmSeverity Severity)> _activeNow = [];
    private readonly double[] _netProduction = new double[Pools];
    private double _patientCitrateNet;
    private double _calciumNet;

    private PatientPhysiologyState _patient;
    private InterfaceControlState _control;
    private VolumeFlow _inletSetting;
    private double _ratio;
    private VolumeFlow _collectSetting;
    private RotationalSpeed _speed;
    private double _time;
    private ProcedurePhase _phase = ProcedurePhase.Prime;
    private bool _operatorPause;
    private bool _calciumPause;
    private double _pausedSince = double.NaN;
    private double? _occludedUntil;
    private bool _occluded;
    private double? _airUntil;
    private bool _air;
    private double _acDisconnectedSince = double.NaN;
    private double? _acDisconnectedUntil;
    private double _calciumSlowdown = 1;
    private double _manualTrim;
    private double _lastSlowdownAt = double.NegativeInfinity;
    private double _bolusCalciumMmol;
    private double _bolusVolumeMl;
    private double _redPrimedMl;
    private double _interfaceRedMl;
    private double _rinsebackMinutes;
    private double _rinsebackElapsed;
    private bool _skipRinseback;
    private string _stopReason = "";
    private double _nextReport;

    // Totals.
    private double _processedMl;
    private double _acMl;
    private double _acCitrateMmol;
    private double _primeInMl;
    private double _salineMl;
    private double _infusedMl;
    private double _drawnMl;
    private double _returnedMl;
    private double _citrateToPatientMmol;
    private double _calciumGivenMmol;
    private double _calciumRemovedMmol;
    private double _peakCitrateRate;
    private double _peakCitrate;
    private double _nadirCalcium;
    private double _nadirAt;
    private double _peakEcv;
    private double _runStart = double.NaN;
    private double _lastInlet;
    private double _lastAc;
    private double _lastCollect;
    private double _lastReturn;
    private double _lastCitrateRate;
    private double _lastAccessPressure;
    private double _lastReturnPressure;

    /// <summary>Sets up the procedure: the patient connected, the set primed, time zero.</summary>
    /// <param name="scenario">A valid scenario.</param>
    /// <param name="cache">Separator cache (share one across runs to reuse solves); null makes a new one with the default separator.</param>
    /// <param name="options">Engine options; null for the defaults.</param>
    /// <param name="inputWarnings">Warnings from loading the scenario, carried into the summary.</param>
    public ProcedureEngine(Scenario scenario, SeparatorCache? cache = null, EngineOptions? options = null, IEnumerable<ScenarioWarning>? inputWarnings = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        _scenario = scenario;
        _options = options ?? EngineOptions.Default;
        _cache = cache ?? new SeparatorCache(SeparatorModel.Default);
        _protocol = SeparatorProtocol.For(scenario.Procedure.Kind);
        _access = AccessModel.For(scenario.Procedure.Access);
        (_parameters, _patient) = PatientPhysiology.Initialize(scenario.Patient);
        _start = _patient;
        _tbvMl = _parameters.BaselineBloodVolume.Milliliters;
        _weightKg = scenario.Patient.Weight.Kilograms;
        _cellVolumeFl = [.. _cache.Separator.Properties.Select(p => p.VolumeFemtoliters)];
        _random = new Random(scenario.Seed);
        _pendingEvents = [.. scenario.Events.OrderBy(e => e.At.Minutes)];
        _inletSetting = scenario.Procedure.InletFlow;
        _ratio = scenario.Procedure.InletToAcRatio;
        _collectSetting = scenario.Procedure.CollectFlow;
        _speed = scenario.Procedure.CentrifugeSpeed ?? _protocol.Speed;
        _nadirCalcium = _patient.IonizedCalcium.MillimolesPerLiter;
        foreach (var w in inputWarnings ?? [])
        {
            _warnings.Add(new RunWarning(w.Code, $"{w.Path}: {w.Message}"));
        }

        _cd3Share = _parameters.Cd3ShareOfLymphocytes;
        if (_cd3Share <= 0)
        {
            _cd3Share = 0.70;
            if (scenario.Procedure.Stop is TargetCd3YieldStop || scenario.Procedure.Kind is ProcedureKind.MncCollection or ProcedureKind.LymphocyteCollection)
            {
                Warn("cd3-assumed", "no blood CD3 count was entered: CD3+ cells are taken as 70 % of lymphocytes (typical adult share); enter patient.labs.cd3 for a real prediction");
            }
        }

        Prime();
        Record();
    }

    /// <summary>Raised when an alarm starts (not again while it stays active).</summary>
    public event EventHandler<AlarmEventArgs>? AlarmRaised;

    /// <summary>True once the procedure has ended.</summary>
    public bool IsFinished => _phase == ProcedurePhase.Ended;

    /// <summary>The scenario being run.</summary>
    public Scenario Scenario => _scenario;

    /// <summary>Procedure time since connection.</summary>
    public Duration Time => Duration.FromMinutes(_time);

    /// <summary>A snapshot of the procedure now.</summary>
    public ProcedureSnapshot Current => new(
        Duration.FromMinutes(_time),
        _phase,
        Paused,
        _patient,
        VolumeFlow.FromMillilitersPerMinute(_lastInlet),
        VolumeFlow.FromMillilitersPerMinute(_lastAc),
        VolumeFlow.FromMillilitersPerMinute(_lastCollect),
        VolumeFlow.FromMillilitersPerMinute(_lastReturn),
        Volume.FromMilliliters(_processedMl),
        Volume.FromMilliliters(Extracorporeal),
        Volume.FromMilliliters(_bag.VolumeMl),
        [.. _bag.Cells.Select(CellCount.FromE9)],
        [.. _alarms],
        _control.OpenLoop);

    /// <summary>Alarms so far.</summary>
    public IReadOnlyList<Alarm> Alarms => _alarms;

    /// <summary>Internal steps taken so far (each one patient update).</summary>
    public int StepCount { get; private set; }

    /// <summary>Time-series rows so far.</summary>
    public IReadOnlyList<TimeSeriesRow> Rows => _rows;

    /// <summary>How far the run is toward its stop condition, 0–1 (for progress bars).</summary>
    public double Progress
    {
        get
        {
            if (IsFinished)
            {
                return 1;
            }

            var stop = _scenario.Procedure.Stop;
            var share = stop switch
            {
                ProcessedVolumeStop v => _processedMl / v.Volume.Milliliters,
                BloodVolumesStop b => _processedMl / (b.BloodVolumes * _tbvMl),
                DurationStop d => _time / d.Duration.Minutes,
                TargetPostWbcStop w => (_start.Wbc.E9PerLiter - _patient.Wbc.E9PerLiter) / Math.Max(Epsilon, _start.Wbc.E9PerLiter - w.Wbc.E9PerLiter),
                TargetCd34DoseStop c => _bag.Cells[(int)CellSpecies.Cd34] * 1000 / _weightKg / c.Dose.E6PerKilogram,
                TargetCd3YieldStop y => _bag.Cells[(int)CellSpecies.Lymphocytes] * _cd3Share / y.Cells.E9,
                _ => 0,
            };
            return Math.Clamp(_phase == ProcedurePhase.Rinseback ? 0.98 : share * 0.97, 0, 0.99);
        }
    }

    private bool Paused => _operatorPause || _calciumPause || _occluded || _air;

    private double Extracorporeal => Math.Max(0, _drawSide.VolumeMl + _returnSide.VolumeMl - _drawSide.PrimeMl - _returnSide.PrimeMl);

    /// <summary>Applies an operator action now (between steps), exactly as a scenario event would.</summary>
    public void Apply(EventAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (IsFinished)
        {
            throw new InvalidOperationException("the procedure has ended; no action can be applied");
        }

        switch (action)
        {
            case SetAction set:
                _inletSetting = set.InletFlow ?? _inletSetting;
                _ratio = set.InletToAcRatio ?? _ratio;
                _collectSetting = set.CollectFlow ?? _collectSetting;
                _speed = set.CentrifugeSpeed ?? _speed;
                Log(F($"set: inlet {_inletSetting.MillilitersPerMinute:0.#} mL/min, inlet:AC {_ratio:0.#}, collect {_collectSetting.MillilitersPerMinute:0.##} mL/min, {_speed.RevolutionsPerMinute:0} rpm"));
                break;
            case GiveAction give:
                _bolusCalciumMmol += give.Calcium.Millimoles;
                _bolusVolumeMl += give.Volume.Milliliters;
                Log(F($"give: {give.Volume.Milliliters:0.#} mL {ScenarioWords.Of(give.Solution)} ({give.Calcium.Millimoles:0.##} mmol calcium)"));
                break;
            case PauseAction pause:
                _operatorPause = true;
                Log($"pause: {pause.Reason}");
                break;
            case ResumeAction:
                _operatorPause = false;
                _occluded = false;
                _occludedUntil = null;
                _air = false;
                _airUntil = null;
                Log("resume");
                break;
            case FaultAction fault:
                Inject(fault);
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
        var until = _time + by.Minutes;
        while (!IsFinished && _time < until - Epsilon)
        {
            ApplyDueEvents();
            if (IsFinished)
            {
                break;
            }

            var dt = Math.Min(MaxStep(), until - _time);
            dt = Math.Min(dt, _nextReport - _time);
            if (_pendingEvents.Count > 0)
            {
                dt = Math.Min(dt, Math.Max(Epsilon, _pendingEvents[0].At.Minutes - _time));
            }

            foreach (var limit in new[] { _occludedUntil, _airUntil, _acDisconnectedUntil })
            {
                if (limit is { } l && l > _time)
                {
                    dt = Math.Min(dt, l - _time);
                }
            }

            dt = Math.Min(dt, UntilStop());
            StepOnce(Math.Max(dt, 1e-6));
            StepCount++;
            if (_time >= _nextReport - Epsilon || IsFinished)
            {
                Record();
                _nextReport = (Math.Floor((_time + Epsilon) / _options.ReportIntervalMinutes) + 1) * _options.ReportIntervalMinutes;
            }
        }
    }

    // Land a volume or duration stop on the step's end instead of overshooting by part of a step.
    private double UntilStop()
    {
        if (_phase is not (ProcedurePhase.Run or ProcedurePhase.BloodPrime))
        {
            return double.PositiveInfinity;
        }

        var wholeBlood = _lastInlet - _lastAc;
        return _scenario.Procedure.Stop switch
        {
            ProcessedVolumeStop v when wholeBlood > Epsilon => Math.Max(1e-3, (v.Volume.Milliliters - _processedMl) / wholeBlood),
            BloodVolumesStop b when wholeBlood > Epsilon => Math.Max(1e-3, ((b.BloodVolumes * _tbvMl) - _processedMl) / wholeBlood),
            DurationStop d => Math.Max(1e-3, d.Duration.Minutes - _time),
            _ => double.PositiveInfinity,
        };
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
    public ProcedureResult Result()
    {
        var end = _patient;
        var wholeBloodL = _processedMl / 1000;
        double Ce(double product, double pre, double post, bool mean) => pre <= 0 || wholeBloodL <= 0 ? 0 : 100 * product / ((mean ? (pre + post) / 2 : pre) * wholeBloodL);
        double Pre(CellSpecies s) => _start.Concentration(s).E9PerLiter;
        double Post(CellSpecies s) => end.Concentration(s).E9PerLiter;
        double Bag(CellSpecies s) => _bag.Cells[(int)s];

        var wbcPre = _start.Wbc.E9PerLiter;
        var wbcPost = end.Wbc.E9PerLiter;
        var wbcProduct = Bag(CellSpecies.Granulocytes) + Bag(CellSpecies.Lymphocytes) + Bag(CellSpecies.Monocytes) + Bag(CellSpecies.Blasts);
        var mncProduct = Bag(CellSpecies.Lymphocytes) + Bag(CellSpecies.Monocytes) + Bag(CellSpecies.Blasts);
        var mncPre = Pre(CellSpecies.Lymphocytes) + Pre(CellSpecies.Monocytes) + Pre(CellSpecies.Blasts);
        var mncPost = Post(CellSpecies.Lymphocytes) + Post(CellSpecies.Monocytes) + Post(CellSpecies.Blasts);
        var warnings = new List<RunWarning>(_warnings);
        if (_scenario.Patient.Labs.Cd34 is null)
        {
            warnings.Add(new RunWarning("cd34-not-measured", "no blood CD34+ count was entered: CD34+ collection efficiency reports 0 and the product's CD34+ content is not predicted"));
        }

        if (wholeBloodL <= 0)
        {
            warnings.Add(new RunWarning("nothing-processed", "no blood was processed: collection efficiencies report 0"));
        }

        if (IsFinished && _pendingEvents.Count > 0)
        {
            warnings.Add(new RunWarning("events-not-applied", F($"{_pendingEvents.Count} event(s) were timed after the procedure ended at {_time:0.#} min (the first at {_pendingEvents[0].At.Minutes:0.#} min) and were not applied")));
        }

        var postPlatelets = end.Platelets.E9PerLiter;
        if (postPlatelets < 50)
        {
            warnings.Add(new RunWarning("platelets-low", F($"platelets after the procedure {postPlatelets:0} ×10^9/L are below 50 ×10^9/L: check for bleeding risk before another procedure (below 20, consider transfusion)")));
        }

        var follow = PatientPhysiology.FollowUp(end, _parameters, [Duration.FromHours(6), Duration.FromHours(24)]);
        return new ProcedureResult(
            _scenario.Name,
            _scenario.Procedure.Kind,
            _tbvMl / 1000,
            _processedMl / 1000,
            _processedMl / _tbvMl,
            _time,
            _stopReason,
            new CountChange(wbcPre, wbcPost),
            new CountChange(_start.Platelets.E9PerLiter, postPlatelets),
            (_start.Hematocrit.Percent, end.Hematocrit.Percent),
            new ProductSummary(
                _bag.VolumeMl,
                _bag.VolumeMl > 0 ? 100 * _bag.RedMl / _bag.VolumeMl : 0,
                wbcProduct,
                Bag(CellSpecies.Platelets),
                wbcProduct > 0 ? 100 * Bag(CellSpecies.Granulocytes) / wbcProduct : 0,
                Bag(CellSpecies.Lymphocytes),
                Bag(CellSpecies.Monocytes),
                Bag(CellSpecies.Blasts),
                Bag(CellSpecies.Cd34) * 1000,
                Bag(CellSpecies.Lymphocytes) * _cd3Share,
                Bag(CellSpecies.Cd34) * 1000 / _weightKg),
            new Efficiencies(
                (Ce(wbcProduct, wbcPre, wbcPost, true), Ce(wbcProduct, wbcPre, wbcPost, false)),
                (Ce(mncProduct, mncPre, mncPost, true), Ce(mncProduct, mncPre, mncPost, false)),
                (Ce(Bag(CellSpecies.Cd34), Pre(CellSpecies.Cd34), Post(CellSpecies.Cd34), true), Ce(Bag(CellSpecies.Cd34), Pre(CellSpecies.Cd34), Post(CellSpecies.Cd34), false)),
                (Ce(Bag(CellSpecies.Lymphocytes), Pre(CellSpecies.Lymphocytes), Post(CellSpecies.Lymphocytes), true), Ce(Bag(CellSpecies.Lymphocytes), Pre(CellSpecies.Lymphocytes), Post(CellSpecies.Lymphocytes), false))),
            new CitrateSummary(_acMl, _peakCitrateRate, _peakCitrate, _citrateToPatientMmol),
            new CalciumSummary(
                _start.IonizedCalcium.MillimolesPerLiter,
                _nadirCalcium,
                _nadirAt,
                _calciumGivenMmol,
                PatientPhysiology.CitrateReactionProbability(end, _parameters),
                PatientPhysiology.TotalCalcium(_start, _parameters).MillimolesPerLiter,
                PatientPhysiology.TotalCalcium(end, _parameters).MillimolesPerLiter),
            (_peakEcv, 100 * _peakEcv / _tbvMl),
            _returnedMl + _infusedMl - _drawnMl,
            [.. _alarms],
            warnings,
            [.. _phases],
            [.. _applied],
            [.. follow],
            _cache.Separator.Geometry.Cells,
            new CountChange(Pre(CellSpecies.Lymphocytes), Post(CellSpecies.Lymphocytes)),
            (_start.Concentration(CellSpecies.Cd34).PerMicroliter, end.Concentration(CellSpecies.Cd34).PerMicroliter),
            _start.Pools[(int)CellSpecies.Cd34].Circulating.E6);
    }

    /// <summary>Mass balances of everything the run moves, for checks: what entered = what left + what is held.</summary>
    public IReadOnlyList<Balance> Balances()
    {
        var list = new List<Balance>();
        for (var i = 0; i < Pools; i++)
        {
            var start = _start.Pools[i].Total.E9;
            var now = _patient.Pools[i].Total.E9;
            list.Add(new Balance(
                ((CellSpecies)i).ToString(),
                start + _netProduction[i],
                now + _drawSide.Cells[i] + _returnSide.Cells[i] + _bag.Cells[i] + _discarded.Cells[i],
                start + Math.Abs(_netProduction[i]) + (_drawnMl * _start.Concentration((CellSpecies)i).E9PerLiter / 1000)));
        }

        var red0 = _start.Fluid.RedCells.Milliliters;
        list.Add(new Balance(
            "RedCells",
            red0 + _redPrimedMl,
            _patient.Fluid.RedCells.Milliliters + _drawSide.RedMl + _returnSide.RedMl + _bag.RedMl + _discarded.RedMl,
            red0 + _drawnMl));
        var water0 = _start.Fluid.Intravascular.Milliliters + _start.Fluid.Interstitial.Milliliters;
        list.Add(new Balance(
            "Water",
            water0 + _acMl + _primeInMl + _salineMl + _infusedMl,
            _patient.Fluid.Intravascular.Milliliters + _patient.Fluid.Interstitial.Milliliters + _drawSide.VolumeMl + _returnSide.VolumeMl + _bag.VolumeMl + _discarded.VolumeMl,
            water0 + _drawnMl + _acMl));
        list.Add(new Balance(
            "AcCitrate",
            _acCitrateMmol,
            _citrateToPatientMmol + _drawSide.CitrateMmol + _returnSide.CitrateMmol + _bag.CitrateMmol + _discarded.CitrateMmol,
            _acCitrateMmol + 1e-12));
        var citrateVolumeL = _parameters.Citrate.DistributionVolume.Liters;
        var citrate0 = _start.PlasmaCitrate.MillimolesPerLiter * citrateVolumeL;
        list.Add(new Balance(
            "PatientCitrate",
            citrate0 + _patientCitrateNet,
            _patient.PlasmaCitrate.MillimolesPerLiter * citrateVolumeL,
            citrate0 + _citrateToPatientMmol));
        var calcium0 = _start.Calcium.Total.Millimoles;
        list.Add(new Balance("Calcium", calcium0 + _calciumNet, _patient.Calcium.Total.Millimoles, calcium0 + _calciumGivenMmol + _calciumRemovedMmol));
        return list;
    }

    private void Account(PatientFlux flux)
    {
        _patientCitrateNet += flux.Citrate.Infused.Millimoles + flux.Citrate.Produced.Millimoles - flux.Citrate.Eliminated.Millimoles;
        _calciumNet += flux.Calcium.Infused.Millimoles + flux.Calcium.Mobilised.Millimoles - flux.Calcium.RenalLoss.Millimoles - flux.Calcium.Removed.Millimoles;
    }

    private void Prime()
    {
        var set = _options.Set;
        _phases.Add((ProcedurePhase.Prime, 0));
        var redPrime = _scenario.Procedure.Prime == PrimeFluid.RedCells;
        foreach (var (side, volume) in new[] { (_drawSide, set.DrawSideMilliliters), (_returnSide, set.ReturnSideMilliliters) })
        {
            side.VolumeMl = volume;
            side.PrimeMl = volume;
            if (redPrime)
            {
                side.RedMl = volume * set.RedCellPrimeHematocrit;
                _redPrimedMl += side.RedMl;
            }
        }

        _primeInMl = set.Volume.Milliliters;
        _phase = ProcedurePhase.BloodPrime;
        _phases.Add((ProcedurePhase.BloodPrime, 0));
        _control = new InterfaceControlState(0, VolumeFlow.Zero, 0, false);
    }

    private double MaxStep()
    {
        // No line exchanges more than 90 % of its volume in one step.
        var flow = Math.Max(_inletSetting.MillilitersPerMinute, 1);
        var set = _options.Set;
        return Math.Min(_options.StepMinutes, 0.9 * Math.Min(set.DrawSideMilliliters, set.ReturnSideMilliliters) / flow);
    }

    private void ApplyDueEvents()
    {
        while (_pendingEvents.Count > 0 && _pendingEvents[0].At.Minutes <= _time + Epsilon)
        {
            var e = _pendingEvents[0];
            _pendingEvents.RemoveAt(0);
            Apply(e.Action);
            if (IsFinished)
            {
                return;
            }
        }

        // Faults with a duration clear by themselves (the operator attends the alarm and resumes).
        if (_occludedUntil is { } o && _time >= o - Epsilon)
        {
            _occluded = false;
            _occludedUntil = null;
            Log("access occlusion cleared");
        }

        if (_airUntil is { } a && _time >= a - Epsilon)
        {
            _air = false;
            _airUntil = null;
            Log("air cleared from the return line");
        }

        if (_acDisconnectedUntil is { } c && _time >= c - Epsilon)
        {
            _acDisconnectedSince = double.NaN;
            _acDisconnectedUntil = null;
            Log("AC line reconnected");
        }
    }

    private void Inject(FaultAction fault)
    {
        double? until = fault.Duration is { } d ? _time + d.Minutes : null;
        switch (fault.Fault)
        {
            case FaultKind.AccessOccluded:
                _occluded = true;
                _occludedUntil = until;
                Log("fault: access line occluded");
                break;
            case FaultKind.AirInReturn:
                _air = true;
                _airUntil = until;
                Log("fault: air in the return line");
                break;
            case FaultKind.AcDisconnected:
                _acDisconnectedSince = _time;
                _acDisconnectedUntil = until;
                Log("fault: AC line disconnected");
                break;
        }
    }

    private void StepOnce(double dt)
    {
        _activeNow.Clear();
        var running = _phase is ProcedurePhase.BloodPrime or ProcedurePhase.Run;
        if (_phase == ProcedurePhase.Rinseback)
        {
            RinsebackStep(dt);
            FinishStep(dt);
            _activeAlarms.IntersectWith(_activeNow);
            return;
        }

        CheckFaults();
        if (IsFinished)
        {
            return;
        }

        var patientHct = _patient.Hematocrit.Ratio;
        var leukocrit = 0.0;
        for (var i = 0; i < Pools; i++)
        {
            leukocrit += _patient.Concentration((CellSpecies)i).E9PerLiter * _cellVolumeFl[i] * 1e-6;
        }

        var viscosity = AccessModel.RelativeViscosity(patientHct + leukocrit);
        double inlet = 0, collect = 0;
        if (running && !Paused)
        {
            inlet = InletFlow(viscosity);
            collect = _phase == ProcedurePhase.Run ? Math.Min(_collectSetting.MillilitersPerMinute, 0.5 * inlet) : 0;
        }

        var acConnected = double.IsNaN(_acDisconnectedSince);
        var ac = acConnected ? inlet / _ratio : 0;
        var wholeBlood = inlet - ac;
        var ret = inlet - collect;
        var returnPressure = _access.ReturnPressure(ret, viscosity);
        if (returnPressure > AccessModel.ReturnSafetyLimitMmHg * AccessModel.WarningShare)
        {
            Raise("return-pressure-high", AlarmSeverity.Warning, AlarmResponse.Warn, () => F($"return pressure {returnPressure:0} mmHg is near the {AccessModel.ReturnSafetyLimitMmHg:0} mmHg limit at {ret:0} mL/min return"));
        }

        // 1. The return line gives back what it held at the start of the step.
        var set = _options.Set;
        var returned = new Compartment(Pools);
        var shareReturned = Math.Min(1, ret * dt / set.ReturnSideMilliliters);
        returned.CopyFrom(_returnSide, shareReturned);
        _returnSide.Scale(1 - shareReturned);

        // 2. The draw side passes its blood through the separator.
        var leaving = new Compartment(Pools);
        var shareLeaving = Math.Min(1, inlet * dt / set.DrawSideMilliliters);
        var productPlasmaMl = 0.0;
        if (shareLeaving > 0)
        {
            leaving.CopyFrom(_drawSide, shareLeaving);
            _drawSide.Scale(1 - shareLeaving);
            if (collect > 0)
            {
                productPlasmaMl = Separate(leaving, inlet, collect, dt);
            }

            _returnSide.Add(leaving, 1);
        }

        // 3. The patient: drawn, returned, given.
        var prophylaxis = running && !Paused ? _scenario.Procedure.CalciumProphylaxis.Infusion.MillimolesPerHour / 60 : 0;
        var prophylaxisVolume = prophylaxis / GiveAction.CalciumMillimolesPerMilliliter(BolusSolution.CalciumGluconate10Percent);
        var bolusCalcium = _bolusCalciumMmol;
        var bolusVolume = _bolusVolumeMl;
        _bolusCalciumMmol = 0;
        _bolusVolumeMl = 0;
        var infusedMl = (prophylaxisVolume * dt) + bolusVolume;
        var totalCalcium = PatientPhysiology.TotalCalcium(_patient, _parameters).MillimolesPerLiter;
        var removedCalcium = productPlasmaMl / 1000 * totalCalcium;
        var inputs = new PatientInputs(
            VolumeFlow.FromMillilitersPerMinute(wholeBlood),
            [.. new double[Pools]],
            [.. returned.Cells.Select(CellCount.FromE9)],
            new FluidExchange(
                VolumeFlow.FromMillilitersPerMinute(wholeBlood),
                VolumeFlow.FromMillilitersPerMinute(returned.VolumeMl / dt),
                VolumeFlow.FromMillilitersPerMinute(returned.RedMl / dt),
                VolumeFlow.FromMillilitersPerMinute(infusedMl / dt)),
            SubstanceRate.FromMillimolesPerHour(returned.CitrateMmol / dt * 60),
            SubstanceRate.FromMillimolesPerHour(((prophylaxis * dt) + bolusCalcium) / dt * 60),
            SubstanceAmount.FromMillimoles(removedCalcium));
        _patient = PatientPhysiology.Step(_patient, _parameters, inputs, Duration.FromMinutes(dt), out var flux);
        for (var i = 0; i < Pools; i++)
        {
            var f = flux.Pools[i];
            _netProduction[i] += f.Produced.E9 - f.Cleared.E9 + f.Grown.E9;
            _drawSide.Cells[i] += f.Drawn.E9;
        }

        Account(flux);

        _drawSide.RedMl += flux.Fluid.DrawnRedCells.Milliliters;
        _drawSide.VolumeMl += flux.Fluid.Drawn.Milliliters + (ac * dt);
        var acCitrate = ac * dt * Anticoagulant.AcdA.Citrate.MillimolesPerLiter / 1000;
        _drawSide.CitrateMmol += acCitrate;

        _acMl += ac * dt;
        _acCitrateMmol += acCitrate;
        _drawnMl += flux.Fluid.Drawn.Milliliters;
        _returnedMl += returned.VolumeMl;
        _infusedMl += infusedMl;
        _processedMl += wholeBlood * dt;
        _citrateToPatientMmol += returned.CitrateMmol;
        _calciumGivenMmol += (prophylaxis * dt) + bolusCalcium;
        _calciumRemovedMmol += removedCalcium;
        var citrateRate = returned.CitrateMmol / dt * Substance.Citrate.MolarMassGramsPerMole / _weightKg;
        _peakCitrateRate = Math.Max(_peakCitrateRate, citrateRate);
        _lastInlet = inlet;
        _lastAc = ac;
        _lastCollect = collect;
        _lastReturn = ret;
        _lastCitrateRate = citrateRate;
        _lastAccessPressure = _access.DrawPressure(wholeBlood, viscosity);
        _lastReturnPressure = returnPressure;

        if (_phase == ProcedurePhase.BloodPrime && inlet > 0)
        {
            // The interface forms once the set holds blood and the channel has packed its red layer:
            // slower at a low Hct.
            if (_processedMl >= set.Volume.Milliliters)
            {
                _interfaceRedMl += inlet * dt * (_drawSide.RedMl / Math.Max(Epsilon, _drawSide.VolumeMl));
            }

            if (_interfaceRedMl >= InterfaceRedMilliliters)
            {
                _phase = ProcedurePhase.Run;
                _runStart = _time + dt;
                _phases.Add((ProcedurePhase.Run, _time + dt));
            }
        }

        FinishStep(dt);
        if (_phase is ProcedurePhase.Run or ProcedurePhase.BloodPrime)
        {
            CheckCalcium();
            CheckStop();
        }

        // Alarms no longer active can be raised again later.
        _activeAlarms.IntersectWith(_activeNow);
    }

    // Red cells the channel must hold before the interface is seen: the packed outer 40 % of the channel.
    private double InterfaceRedMilliliters => _cache.Separator.Geometry.VolumeMilliliters * 0.4 * 0.9;

    private double InletFlow(double viscosity)
    {
        var inlet = _inletSetting.MillilitersPerMinute;
        var acLimit = AccessModel.AcLimitedInlet(_scenario.Procedure.AcInfusionRateLimit, _tbvMl / 1000, _ratio);
        if (inlet > acLimit + Epsilon)
        {
            Raise("ac-rate-limit", AlarmSeverity.Safety, AlarmResponse.SlowDown, () => F($"inlet {inlet:0.#} mL/min at inlet:AC {_ratio:0.#} would infuse AC at {inlet / _ratio / (_tbvMl / 1000):0.00} mL/min/L, over the {_scenario.Procedure.AcInfusionRateLimit.MillilitersPerMinutePerLiter:0.0#} mL/min/L limit; inlet lowered to {acLimit:0.#} mL/min"));
            inlet = acLimit;
        }

        var wholeBloodShare = (_ratio - 1) / _ratio;
        var capacity = _access.InletCapacity(viscosity, _ratio);
        if (inlet > capacity + Epsilon)
        {
            Raise("access-pressure-low", AlarmSeverity.Safety, AlarmResponse.SlowDown, () => F($"access pressure would pass {AccessModel.DrawSafetyLimitMmHg:0} mmHg at {inlet * wholeBloodShare:0} mL/min whole blood ({ScenarioWords.Of(_scenario.Procedure.Access)}, blood viscosity ×{viscosity:0.00}); inlet lowered to {capacity:0.#} mL/min"));
            inlet = capacity;
        }
        else if (inlet > AccessModel.WarningShare * capacity)
        {
            Raise("access-pressure-low", AlarmSeverity.Warning, AlarmResponse.Warn, () => F($"access pressure {_access.DrawPressure(inlet * wholeBloodShare, viscosity):0} mmHg is near the {AccessModel.DrawSafetyLimitMmHg:0} mmHg limit"));
        }

        var retCapacity = _access.ReturnCapacityMlPerMin / viscosity;
        if (inlet - _collectSetting.MillilitersPerMinute > retCapacity + Epsilon)
        {
            var lowered = retCapacity + _collectSetting.MillilitersPerMinute;
            Raise("return-pressure-high", AlarmSeverity.Safety, AlarmResponse.SlowDown, () => F($"return pressure would pass {AccessModel.ReturnSafetyLimitMmHg:0} mmHg; inlet lowered to {lowered:0.#} mL/min"));
            inlet = lowered;
        }

        return inlet * _calciumSlowdown;
    }

    private double Separate(Compartment leaving, double inlet, double collect, double dt)
    {
        // The separator sees the draw side's blood as it is: AC-diluted, and prime-diluted early on.
        var volumeMl = Math.Max(Epsilon, leaving.VolumeMl);
        var fractions = new double[Pools + 1];
        for (var i = 0; i < Pools; i++)
        {
            fractions[i] = leaving.Cells[i] * _cellVolumeFl[i] * 1e-3 / volumeMl;
        }

        fractions[Red] = leaving.RedMl / volumeMl;
        var point = new OperatingPoint([.. fractions], _speed, VolumeFlow.FromMillilitersPerMinute(inlet), VolumeFlow.FromMillilitersPerMinute(collect), _protocol.InterfaceOffset, _scenario.Procedure.CollectionMode);
        var result = _cache.Solve(point);

        // The interface sensor and the PI loop on the plasma pump, every sample period.
        var sensor = _options.Sensor;
        var samples = Math.Max(1, (int)Math.Round(dt * 60 / sensor.SamplePeriod.Seconds));
        var sample = Duration.FromMinutes(dt / samples);
        var enteredInletHct = _scenario.Patient.Labs.Hematocrit * ((_ratio - 1) / _ratio);
        var openLoopFlow = _options.Controller.OpenLoopPlasmaFlow(enteredInletHct, point.InletFlow, point.CollectFlow);
        var geometry = _cache.Separator.Geometry;
        if (!sensor.IsValid(result))
        {
            // Open loop: the plasma pump is set from the entered Hct, and the operator trims it by
            // hand from the collect line's colour: lower when it runs red (product Hct over 8 %),
            // higher when it runs pale (under 1 %), 1 and 0.5 mL/min per minute.
            Raise("interface-lost", AlarmSeverity.Warning, AlarmResponse.OpenLoop, () => F($"the interface sensor cannot see the interface (width {result.InterfaceWidthMicrometers:0} µm, packed Hct {result.PackedHematocrit.Percent:0} %): the plasma pump is set from the entered Hct {_scenario.Patient.Labs.Hematocrit.Percent:0.#} % and trimmed by hand from the collect line's colour; efficiency falls"));
            if (!_control.OpenLoop)
            {
                _manualTrim = 0;
            }

            var plasma = VolumeFlow.Max(VolumeFlow.Zero, openLoopFlow + VolumeFlow.FromMillilitersPerMinute(_manualTrim));
            _control = _control with { PlasmaFlow = plasma, OpenLoop = true };
            result = _cache.Solve(point with { OpenLoopPlasmaFlow = plasma });
            if (result.ProductHematocrit.Percent > 8)
            {
                _manualTrim -= 1.0 * dt;
            }
            else if (result.ProductHematocrit.Percent < 1)
            {
                _manualTrim += 0.5 * dt;
            }
        }
        else
        {
            if (_control.OpenLoop || _control.PlasmaFlow == VolumeFlow.Zero)
            {
                _control = new InterfaceControlState(0, result.PlasmaFlow, 0, false);
            }

            for (var k = 0; k < samples; k++)
            {
                var reading = sensor.Read(result, _control.DisplacementMicrometers, _random);
                _control = _options.Controller.Step(_control, reading, result.PlasmaFlow, openLoopFlow, Volume.FromMilliliters(geometry.VolumeMilliliters), geometry.DepthMeters * 1e6, sample);
            }
        }

        var product = new Compartment(Pools);
        for (var i = 0; i < Pools; i++)
        {
            product.Cells[i] = leaving.Cells[i] * result.ToCollect[i];
        }

        // The bag gets the collect flow's volume (chamber mode: its flushes), with red cells at the product Hct.
        var productMl = Math.Min(result.ProductFlow.MillilitersPerMinute * dt, leaving.VolumeMl);
        product.RedMl = Math.Min(leaving.RedMl * result.ToCollect[Red], productMl);
        product.VolumeMl = productMl;
        var plasmaLeaving = Math.Max(Epsilon, leaving.VolumeMl - leaving.RedMl);
        var productPlasma = Math.Max(0, productMl - product.RedMl);
        var plasmaShare = Math.Min(1, productPlasma / plasmaLeaving);
        product.CitrateMmol = leaving.CitrateMmol * plasmaShare;
        product.PrimeMl = leaving.PrimeMl * plasmaShare;
        _bag.Add(product, 1);

        for (var i = 0; i < Pools; i++)
        {
            leaving.Cells[i] -= product.Cells[i];
        }

        leaving.RedMl -= product.RedMl;
        leaving.VolumeMl -= product.VolumeMl;
        leaving.CitrateMmol -= product.CitrateMmol;
        leaving.PrimeMl -= product.PrimeMl;
        return productPlasma;
    }

    private void RinsebackStep(double dt)
    {
        // Saline pushes the set's content back (plug flow): a steady share per minute over the
        // rinseback time; the rest stays in the set and is discarded.
        var share = Math.Min(1, dt / _rinsebackMinutes) * _options.Set.RinsebackShare;
        var returned = new Compartment(Pools);
        returned.CopyFrom(_rinseback, share);
        _rinsebackElapsed += dt;
        _drawSide.Add(returned, -1);
        var salineMl = returned.VolumeMl;
        _drawSide.VolumeMl += salineMl;
        _drawSide.PrimeMl += salineMl;
        _salineMl += salineMl;
        var inputs = new PatientInputs(
            VolumeFlow.Zero,
            [.. new double[Pools]],
            [.. returned.Cells.Select(CellCount.FromE9)],
            new FluidExchange(VolumeFlow.Zero, VolumeFlow.FromMillilitersPerMinute(returned.VolumeMl / dt), VolumeFlow.FromMillilitersPerMinute(returned.RedMl / dt), VolumeFlow.FromMillilitersPerMinute(_bolusVolumeMl / dt)),
            SubstanceRate.FromMillimolesPerHour(returned.CitrateMmol / dt * 60),
            SubstanceRate.FromMillimolesPerHour(_bolusCalciumMmol / dt * 60),
            SubstanceAmount.Zero);
        _infusedMl += _bolusVolumeMl;
        _calciumGivenMmol += _bolusCalciumMmol;
        _bolusCalciumMmol = 0;
        _bolusVolumeMl = 0;
        _patient = PatientPhysiology.Step(_patient, _parameters, inputs, Duration.FromMinutes(dt), out var flux);
        for (var i = 0; i < Pools; i++)
        {
            var f = flux.Pools[i];
            _netProduction[i] += f.Produced.E9 - f.Cleared.E9 + f.Grown.E9;
        }

        Account(flux);
        _returnedMl += returned.VolumeMl;
        _citrateToPatientMmol += returned.CitrateMmol;
        _lastInlet = _lastReturn = returned.VolumeMl / dt;
        _lastAc = 0;
        _lastCollect = 0;
        _lastCitrateRate = returned.CitrateMmol / dt * Substance.Citrate.MolarMassGramsPerMole / _weightKg;
        if (_rinsebackElapsed >= _rinsebackMinutes - Epsilon)
        {
            End();
        }
    }

    private void FinishStep(double dt)
    {
        _time += dt;
        _peakEcv = Math.Max(_peakEcv, Extracorporeal);
        _peakCitrate = Math.Max(_peakCitrate, _patient.PlasmaCitrate.MillimolesPerLiter);
        if (_patient.IonizedCalcium.MillimolesPerLiter < _nadirCalcium)
        {
            _nadirCalcium = _patient.IonizedCalcium.MillimolesPerLiter;
            _nadirAt = _time;
        }

        if (Paused)
        {
            if (double.IsNaN(_pausedSince))
            {
                _pausedSince = _time - dt;
            }
            else if (_time - _pausedSince >= _options.PauseTimeLimitMinutes && !IsFinished && _phase != ProcedurePhase.Rinseback)
            {
                Warn("pause-timeout", F($"the pumps were stopped for {_options.PauseTimeLimitMinutes:0} min without a resume: the procedure was ended"));
                _stopReason = "paused without a resume";
                BeginRinseback(!_air);
            }
        }
        else
        {
            _pausedSince = double.NaN;
        }

        if (_phase != ProcedurePhase.Ended && _phase != ProcedurePhase.Rinseback)
        {
            var risk = PatientPhysiology.HypotensionRiskNow(_patient, _parameters, Volume.FromMilliliters(Extracorporeal));
            if (risk.Level == HypotensionRiskLevel.High)
            {
                Raise("hypotension-risk", AlarmSeverity.Warning, AlarmResponse.Warn, () => F($"{risk.VolumeOutsidePercentOfTbv:0.#} % of the blood volume is outside the body or lost (caution above {risk.CautionPercent:0} %): watch blood pressure; a red-cell prime lowers this"));
            }
        }
    }

    private void CheckFaults()
    {
        if (_occluded)
        {
            Raise("access-occluded", AlarmSeverity.Absolute, AlarmResponse.Pause, () => "access line occluded: no inlet flow; the pumps stop until the line is cleared and the run resumed");
        }

        if (_air)
        {
            Raise("air-in-return", AlarmSeverity.Absolute, AlarmResponse.Pause, () => "air detected in the return line: all pumps stop and the return line is clamped until the air is cleared");
        }

        if (!double.IsNaN(_acDisconnectedSince))
        {
            var without = _time - _acDisconnectedSince;
            if (without >= _options.AcDetectionMinutes - Epsilon)
            {
                // Blood without anticoagulant is in the set and clots within minutes: the run stops
                // and the set is not returned (returning it could embolise clots).
                Raise("ac-disconnected", AlarmSeverity.Absolute, AlarmResponse.Stop, () => F($"no anticoagulant has reached the blood for {without:0.#} min (AC line disconnected): the procedure stops and the set's content is discarded, not returned"));
                Warn("set-discarded", F($"the AC line was disconnected at {_acDisconnectedSince:0.#} min: blood drawn without anticoagulant may clot in the set, so it was not rinsed back ({Extracorporeal:0} mL of blood lost with the set)"));
                _stopReason = "AC line disconnected";
                BeginRinseback(false);
            }
        }
    }

    private void CheckCalcium()
    {
        var ica = _patient.IonizedCalcium.MillimolesPerLiter;
        if (_calciumPause)
        {
            if (ica >= EngineOptions.CalciumResume)
            {
                _calciumPause = false;
                Log(F($"ionized calcium back to {ica:0.00} mmol/L: resumed"));
            }

            return;
        }

        if (ica < EngineOptions.CalciumAbsolute)
        {
            Raise("ionized-calcium-low", AlarmSeverity.Absolute, AlarmResponse.Pause, () => F($"ionized calcium {ica:0.00} mmol/L is below {EngineOptions.CalciumAbsolute:0.00}: pumps stopped and {EngineOptions.CalciumBolusMilliliters:0} mL of 10 % calcium gluconate given; the run resumes above {EngineOptions.CalciumResume:0.00}"));
            _calciumPause = true;
            _bolusCalciumMmol += EngineOptions.CalciumBolusMilliliters * GiveAction.CalciumMillimolesPerMilliliter(BolusSolution.CalciumGluconate10Percent);
            _bolusVolumeMl += EngineOptions.CalciumBolusMilliliters;
        }
        else if (ica < EngineOptions.CalciumSafety)
        {
            Raise("ionized-calcium-low", AlarmSeverity.Safety, AlarmResponse.SlowDown, () => F($"ionized calcium {ica:0.00} mmol/L is below {EngineOptions.CalciumSafety:0.00}: inlet flow lowered by 20 % to slow the citrate"));
            if (_time - _lastSlowdownAt >= 10)
            {
                _calciumSlowdown = Math.Max(0.5, _calciumSlowdown * 0.8);
                _lastSlowdownAt = _time;
            }
        }
        else if (ica < EngineOptions.CalciumWarning)
        {
            Raise("ionized-calcium-low", AlarmSeverity.Warning, AlarmResponse.Warn, () => F($"ionized calcium {ica:0.00} mmol/L is below {EngineOptions.CalciumWarning:0.00}: watch for paraesthesia; consider calcium"));
        }
        else if (_calciumSlowdown < 1 && ica > EngineOptions.CalciumWarning)
        {
            _calciumSlowdown = 1;
            Log(F($"ionized calcium {ica:0.00} mmol/L: inlet flow restored"));
        }
    }

    private void CheckStop()
    {
        var stop = _scenario.Procedure.Stop;
        var runMinutes = _time;
        string? reason = stop switch
        {
            ProcessedVolumeStop v when _processedMl >= v.Volume.Milliliters - Epsilon => F($"processed {v.Volume.Liters:0.##} L"),
            BloodVolumesStop b when _processedMl >= (b.BloodVolumes * _tbvMl) - Epsilon => F($"processed {b.BloodVolumes:0.##} blood volumes"),
            DurationStop d when runMinutes >= d.Duration.Minutes - Epsilon => F($"ran {d.Duration.Minutes:0} min"),
            TargetPostWbcStop w when _phase == ProcedurePhase.Run && PredictedPostWbc() <= w.Wbc.E9PerLiter => F($"white count reached {w.Wbc.E9PerLiter:0.#} ×10^9/L (after rinseback)"),
            TargetCd34DoseStop c when _bag.Cells[(int)CellSpecies.Cd34] * 1000 / _weightKg >= c.Dose.E6PerKilogram => F($"CD34+ dose reached {c.Dose.E6PerKilogram:0.##} ×10^6/kg"),
            TargetCd3YieldStop y when _bag.Cells[(int)CellSpecies.Lymphocytes] * _cd3Share >= y.Cells.E9 => F($"CD3+ yield reached {y.Cells.E9:0.##} ×10^9"),
            _ => null,
        };

        var isTarget = stop is TargetPostWbcStop or TargetCd34DoseStop or TargetCd3YieldStop;
        if (reason is null && isTarget && runMinutes >= _options.TargetTimeLimitMinutes - Epsilon)
        {
            reason = F($"target not reached within {_options.TargetTimeLimitMinutes / 60:0} h");
            Warn("target-not-reached", F($"the stop target ({ScenarioWords.Of(stop)}) was not reached within {_options.TargetTimeLimitMinutes / 60:0} h: {TargetShortfall(stop)}"));
        }
        else if (reason is null && runMinutes >= _options.RunTimeLimitMinutes - Epsilon)
        {
            reason = F($"run-time limit {_options.RunTimeLimitMinutes / 60:0} h");
            Warn("run-time-limit", F($"the run was ended at {_options.RunTimeLimitMinutes / 60:0} h before its stop condition ({ScenarioWords.Of(stop)}) was met"));
        }

        if (reason is not null)
        {
            _stopReason = reason;
            BeginRinseback(true);
        }
    }

    private string TargetShortfall(StopCondition stop) => stop switch
    {
        TargetPostWbcStop w => F($"the white count is {PredictedPostWbc():0.#} ×10^9/L against {w.Wbc.E9PerLiter:0.#}; a second procedure or a higher collect flow would be needed"),
        TargetCd34DoseStop c => F($"the product holds {_bag.Cells[(int)CellSpecies.Cd34] * 1000 / _weightKg:0.##} ×10^6 CD34+/kg against {c.Dose.E6PerKilogram:0.##}; another collection day would be needed"),
        TargetCd3YieldStop y => F($"the product holds {_bag.Cells[(int)CellSpecies.Lymphocytes] * _cd3Share:0.##} ×10^9 CD3+ cells against {y.Cells.E9:0.##}"),
        _ => "",
    };

    // The white count after rinseback returns the set's content (what the target is about).
    private double PredictedPostWbc()
    {
        var share = _options.Set.RinsebackShare;
        var cells = 0.0;
        for (var i = 0; i < Pools; i++)
        {
            if ((CellSpecies)i is CellSpecies.Cd34 or CellSpecies.Platelets)
            {
                continue;
            }

            cells += _patient.Pools[i].Circulating.E9 + (share * (_drawSide.Cells[i] + _returnSide.Cells[i]));
        }

        var volumeL = (_patient.Fluid.Intravascular.Milliliters + (share * (_drawSide.VolumeMl + _returnSide.VolumeMl))) / 1000;
        return cells / volumeL;
    }

    private void BeginRinseback(bool returnSet)
    {
        if (_phase is ProcedurePhase.Rinseback or ProcedurePhase.Ended)
        {
            return;
        }

        _operatorPause = _calciumPause = _occluded = _air = false;
        _occludedUntil = _airUntil = null;
        _drawSide.Add(_returnSide, 1);
        _returnSide.Clear();
        var blood = _drawSide.VolumeMl - _drawSide.PrimeMl;
        if (!returnSet || blood <= Epsilon)
        {
            _skipRinseback = true;
            End();
            return;
        }

        // Only the blood is rinsed back: the prime still in the set stays with it.
        _rinseback.CopyFrom(_drawSide, 1);
        _rinseback.VolumeMl = blood;
        _rinseback.PrimeMl = 0;
        _rinsebackMinutes = Math.Max(2, _options.Set.Volume.Milliliters / Math.Max(30, _inletSetting.MillilitersPerMinute));
        _rinsebackElapsed = 0;
        _phase = ProcedurePhase.Rinseback;
        _phases.Add((ProcedurePhase.Rinseback, _time));
    }

    private void End()
    {
        // What is left in the set goes with it.
        _discarded.Add(_drawSide, 1);
        _discarded.Add(_returnSide, 1);
        _drawSide.Clear();
        _returnSide.Clear();
        _rinseback.Clear();
        if (_skipRinseback)
        {
            Log("set discarded without rinseback");
        }

        _phase = ProcedurePhase.Ended;
        _phases.Add((ProcedurePhase.Ended, _time));
        _lastInlet = _lastAc = _lastCollect = _lastReturn = _lastCitrateRate = 0;
    }

    private void Record()
    {
        var p = _patient;
        _rows.Add(new TimeSeriesRow(
            _time,
            _phase,
            Paused,
            p.Wbc.E9PerLiter,
            p.Platelets.E9PerLiter,
            p.Hematocrit.Percent,
            p.Concentration(CellSpecies.Blasts).E9PerLiter,
            p.Concentration(CellSpecies.Lymphocytes).E9PerLiter,
            p.Concentration(CellSpecies.Cd34).PerMicroliter,
            _processedMl,
            _lastInlet,
            _lastAc,
            _lastCollect,
            _control.PlasmaFlow.MillilitersPerMinute,
            _lastReturn,
            p.PlasmaCitrate.MillimolesPerLiter,
            p.IonizedCalcium.MillimolesPerLiter,
            _lastCitrateRate,
            Extracorporeal,
            _bag.VolumeMl,
            _bag.Cells[0] + _bag.Cells[1] + _bag.Cells[2] + _bag.Cells[3],
            _bag.Cells[(int)CellSpecies.Cd34] * 1000,
            _bag.Cells[(int)CellSpecies.Platelets],
            _returnedMl + _infusedMl - _drawnMl,
            _lastAccessPressure,
            _lastReturnPressure,
            _control.OpenLoop));
        if (_phase != ProcedurePhase.Ended)
        {
            _nextReport = _time + _options.ReportIntervalMinutes;
        }
    }

    // The message is built only when the alarm starts: most steps just keep an alarm active.
    private void Raise(string code, AlarmSeverity severity, AlarmResponse response, Func<string> message)
    {
        var key = (code, severity);
        _activeNow.Add(key);
        if (_activeAlarms.Add(key))
        {
            var alarm = new Alarm(_time, code, severity, response, message());
            _alarms.Add(alarm);
            AlarmRaised?.Invoke(this, new AlarmEventArgs(alarm));
        }
    }

    private void Warn(string code, string message)
    {
        if (!_warnings.Any(w => w.Code == code))
        {
            _warnings.Add(new RunWarning(code, message));
        }
    }

    private void Log(string what) => _applied.Add((_time, what));

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>An alarm, for subscribers.</summary>
/// <param name="alarm">The alarm.</param>
public sealed class AlarmEventArgs(Alarm alarm) : EventArgs
{
    /// <summary>The alarm.</summary>
    public Alarm Alarm { get; } = alarm;
}

/// <summary>The procedure at one moment, for callers that drive the engine step by step.</summary>
/// <param name="Time">Procedure time.</param>
/// <param name="Phase">Phase.</param>
/// <param name="Paused">Pumps stopped (operator, fault or calcium).</param>
/// <param name="Patient">The patient's state.</param>
/// <param name="InletFlow">Inlet pump (last step).</param>
/// <param name="AcFlow">AC reaching the blood (last step).</param>
/// <param name="CollectFlow">Collect pump (last step).</param>
/// <param name="ReturnFlow">Return to the patient (last step).</param>
/// <param name="Processed">Whole blood processed.</param>
/// <param name="Extracorporeal">Patient blood in the set.</param>
/// <param name="ProductVolume">Product bag volume.</param>
/// <param name="ProductCells">Cells in the bag per pool species.</param>
/// <param name="Alarms">Alarms so far.</param>
/// <param name="OpenLoop">True while the interface is held open loop.</param>
public sealed record ProcedureSnapshot(
    Duration Time,
    ProcedurePhase Phase,
    bool Paused,
    PatientPhysiologyState Patient,
    VolumeFlow InletFlow,
    VolumeFlow AcFlow,
    VolumeFlow CollectFlow,
    VolumeFlow ReturnFlow,
    Volume Processed,
    Volume Extracorporeal,
    Volume ProductVolume,
    ImmutableArray<CellCount> ProductCells,
    ImmutableArray<Alarm> Alarms,
    bool OpenLoop);

/// <summary>One quantity's balance: what entered (start plus inputs) against where it is now.</summary>
/// <param name="Name">What is balanced.</param>
/// <param name="In">Start plus everything that entered.</param>
/// <param name="Accounted">Everywhere it is now: patient, set, bag, discarded.</param>
/// <param name="Scale">Magnitude for a relative tolerance.</param>
public sealed record Balance(string Name, double In, double Accounted, double Scale);
