using Leuka.Physiology;
using Leuka.Quantities;
using Leuka.Scenarios;
using Leuka.Separation;

namespace Leuka.Procedure;

/// <summary>
/// One step of the procedure, in the order it happens: the pumps within their limits, the set's
/// return and draw, the separator, the patient's exchange with the set, the phase, the standing
/// orders and the stop rules; rinseback shares the patient's exchange.
/// </summary>
internal sealed class RunStep(Scenario scenario, EngineOptions options, PatientPhysiologyParameters parameters, RunState run, InletLimiter limiter, InterfaceLoop interfaceLoop, StopRules stops, ChannelGeometry geometry)
{
    private readonly Scenario _scenario = scenario;
    private readonly EngineOptions _options = options;
    private readonly PatientPhysiologyParameters _parameters = parameters;
    private readonly RunState _run = run;
    private readonly InletLimiter _limiter = limiter;
    private readonly InterfaceLoop _interface = interfaceLoop;
    private readonly StopRules _stops = stops;
    private readonly double _weightKg = scenario.Patient.Weight.Kilograms;
    private readonly double _hematocritLimit = ClinicalThresholds.HematocritLimit(scenario.Patient.Labs.Hematocrit.Percent);

    // One step, in the order the procedure happens.
    public void StepOnce(double dt)
    {
        var run = _run;
        run.Log.BeginStep();
        if (run.Phases.Current == ProcedurePhase.Rinseback)
        {
            Rinse(dt);
        }
        else if (_scenario.Procedure.CitrateInfusion is { } infusion)
        {
            Infuse(infusion, dt);
        }
        else if (run.Faults.Check(run.Time, _options.AcDetectionMinutes, run.Log))
        {
            run.Log.Warn(Codes.SetDiscarded, Text.F($"the AC line was disconnected at {run.Faults.AcDisconnectedSince:0.#} min: blood drawn without anticoagulant may clot in the set, so it was not rinsed back ({run.Set.ExtracorporealMl:0} mL of blood lost with the set)"));
            Stop("AC line disconnected", returnSet: false);
        }
        else
        {
            Run(dt);
        }

        run.Log.EndStep();
    }

    private void Run(double dt)
    {
        var run = _run;
        var set = run.Set;

        // 1. The pumps: the inlet within its limits, the collect pump once the interface has formed.
        var viscosity = InletLimits.Viscosity(_run.Patient, _scenario.Patient.Diagnosis, _scenario.Patient.Varies.BlastVolume);
        var collecting = run.Phases.Current == ProcedurePhase.Run;
        double inlet = 0, collect = 0;
        if (run.Phases.Running && !run.Paused)
        {
            inlet = _limiter.Inlet(run.Time, run.InletSetting.MillilitersPerMinute, run.Ratio, run.CollectSetting, collecting, viscosity, run.Orders.Slowdown * run.Circulation.Slowdown, run.Log);
            collect = collecting ? Math.Min(run.CollectSetting.MillilitersPerMinute, 0.5 * inlet) : 0;
        }

        if (Stalled(inlet, viscosity))
        {
            return;
        }

        var ac = run.Faults.AcConnected ? inlet / run.Ratio : 0;
        var wholeBlood = inlet - ac;
        var pressures = _limiter.Pressures(run.Time, wholeBlood, inlet - collect, viscosity, run.Log);

        // 2. The return line gives back what it held; the draw side's blood passes the separator.
        var returned = set.Return(inlet - collect, dt);
        var leaving = set.Draw(inlet, dt);
        if (leaving.VolumeMl > 0 && collect > 0)
        {
            set.Bag.Add(_interface.Separate(run.Time, leaving, inlet, collect, run.Ratio, run.Speed, dt, run.Log, out _), 1);
        }

        set.ReturnSide.Add(leaving, 1);

        // 3. The patient: drawn (calcium leaves with the plasma), returned, given calcium.
        var infusing = run.Phases.Running && !run.Paused;
        var citrateRate = Exchange(returned, wholeBlood, ac, CalciumRate(infusing), dt, MagnesiumRate(infusing, ac));
        run.Ledger.ObserveCitrateRate(citrateRate);
        run.Pumps = new PumpReadings(Flow(inlet), Flow(ac), Flow(collect), Flow(inlet - collect), citrateRate, pressures.Access, pressures.Return);

        // 4. The phase, the patient's extremes, the standing orders and the stop rules.
        run.Phases.BloodPrimeStep(run.Time, dt, inlet, run.Ledger.ProcessedMl, set.Geometry.Volume.Milliliters, set.DrawSide, InterfaceRedMilliliters);
        FinishStep(dt);
        if (run.Phases.Running && (FluidLossLimitReached() || HematocritLimitReached()))
        {
            return;
        }

        if (run.Phases.Running)
        {
            run.Orders.Check(run.Time, _run.Patient.IonizedCalcium.MillimolesPerLiter, PatientPhysiology.CitrateReactionProbability(_run.Patient, _parameters, _weightKg, run.Ledger.CitrateToPatientMmol, run.Time), run.Log);
            var target = _scenario.Procedure.Stop is TargetPostWbcStop w ? w.Wbc.E9PerLiter : 0;
            var (reason, atTarget) = _stops.Check(run.Time, run.Phases.Current == ProcedurePhase.Run, run.Ledger.ProcessedMl, () => PostWbc(target), set.Bag, run.Log);
            if (reason is not null)
            {
                run.Phases.StoppedAtTarget = atTarget;
                Stop(reason, returnSet: true);
            }
        }
    }

    // An absolute limit that acts, as a device's does: the volume the patient has lost for good
    // (drawn and not coming back: in the product, net of the AC, saline and calcium given; the
    // blood in the set returns at rinseback) may not pass its share of the blood volume.
    private bool FluidLossLimitReached()
    {
        var run = _run;
        var lostMl = -(run.Ledger.FluidBalanceMl + run.Set.ExtracorporealMl);
        var limitMl = ClinicalThresholds.FluidLossPercentOfTbv / 100 * run.TotalBloodVolumeMl;
        if (lostMl < limitMl)
        {
            return false;
        }

        run.Log.Raise(run.Time, Codes.FluidLossLimit, AlarmSeverity.Absolute, AlarmResponse.Stop, () => Text.F($"the patient has lost {lostMl:0} mL net ({100 * lostMl / run.TotalBloodVolumeMl:0.#} % of the blood volume; the limit is {ClinicalThresholds.FluidLossPercentOfTbv:0} %, {limitMl:0} mL): the run stops and the set is returned; check the collect flow"));
        Stop(Text.F($"net fluid loss reached {ClinicalThresholds.FluidLossPercentOfTbv:0} % of the blood volume ({lostMl:0} mL)"), returnSet: true);
        return true;
    }

    // The blood may not be concentrated into the range where its viscosity climbs steeply: the
    // run stops (and returns the set) when the haematocrit reaches the absolute limit.
    private bool HematocritLimitReached()
    {
        var run = _run;
        var hct = run.Patient.Hematocrit.Percent;
        if (hct < _hematocritLimit)
        {
            return false;
        }

        run.Log.Raise(run.Time, Codes.HematocritLimit, AlarmSeverity.Absolute, AlarmResponse.Stop, () => Text.F($"the haematocrit reached {hct:0.#} % (from {_scenario.Patient.Labs.Hematocrit.Percent:0.#} %; the limit is {_hematocritLimit:0.#} %): plasma is leaving faster than it is replaced; the run stops and the set is returned; lower the collect flow"));
        Stop(Text.F($"haematocrit reached the absolute limit ({_hematocritLimit:0.#} %)"), returnSet: true);
        return true;
    }

    // A run that cannot progress ends with the reason and the values that caused it: the limits
    // holding the inlet below its minimum (blood too viscous for the access), or a blood prime
    // that does not form an interface.
    private bool Stalled(double inlet, double viscosity)
    {
        var run = _run;
        var minimum = ScenarioLimits.InletFlow.HardMin.MillilitersPerMinute;
        if (!run.Phases.Running || run.Paused || inlet >= minimum)
        {
            run.StalledSince = double.NaN;
        }
        else if (double.IsNaN(run.StalledSince))
        {
            run.StalledSince = run.Time;
        }
        else if (run.Time - run.StalledSince >= EngineOptions.StallMinutes)
        {
            run.Log.Warn(Codes.RunStalled, Text.F($"for {EngineOptions.StallMinutes:0} min the access and AC limits held the inlet at {inlet:0.#} mL/min, below the {minimum:0} mL/min minimum (blood viscosity ×{viscosity:0.#}): the procedure was ended; lower the white count or the haematocrit first, or use a larger catheter"));
            Stop(Text.F($"stalled: inlet held at {inlet:0.#} mL/min (viscosity ×{viscosity:0.#})"), returnSet: true);
            return true;
        }

        if (run.Phases.Current == ProcedurePhase.BloodPrime && run.Time >= EngineOptions.BloodPrimeLimitMinutes)
        {
            run.Log.Warn(Codes.RunStalled, Text.F($"blood prime did not form an interface in {EngineOptions.BloodPrimeLimitMinutes:0} min (haematocrit {_run.Patient.Hematocrit.Percent:0.#} %, {run.Ledger.ProcessedMl:0} mL processed): the procedure was ended"));
            Stop(Text.F($"stalled: no interface after {EngineOptions.BloodPrimeLimitMinutes:0} min of blood prime"), returnSet: true);
            return true;
        }

        return false;
    }

    // Rinseback: saline pushes the set's blood back; the rest stays in the set and is discarded.
    private void Rinse(double dt)
    {
        var run = _run;
        var returned = run.Set.Rinse(run.Phases.RinsebackShare(dt, _options.Set.RinsebackShare));
        run.Ledger.Rinse(returned.VolumeMl);
        var citrateRate = Exchange(returned, 0, 0, 0, dt);
        run.Pumps = run.Pumps with { Inlet = Flow(returned.VolumeMl / dt), Ac = VolumeFlow.Zero, Collect = VolumeFlow.Zero, Return = Flow(returned.VolumeMl / dt), CitrateMgPerKgPerMin = citrateRate };
        FinishStep(dt);

        // The procedure ends when the step that finished rinseback ends.
        if (run.Phases.RinsebackDone)
        {
            End(skipped: false);
        }
    }

    // A citrate infusion without separation: the citrate and its solution go into a vein (until the
    // infusion's end or a pause), calcium and magnesium as prescribed; the standing orders and
    // the stop rules act as in any run.
    private void Infuse(CitrateInfusion infusion, double dt)
    {
        var run = _run;
        var infusing = !run.Paused && run.Time < infusion.For.Minutes - 1e-9;
        var citrateMmol = infusing ? infusion.MillimolesPerKgPerHour * _weightKg / 60 * dt : 0;
        var solutionMl = citrateMmol / CitrateInfusion.SolutionMmolPerL * 1000;
        var (calcium, magnesium, givenMl) = Given(CalciumRate(!run.Paused), MagnesiumRate(!run.Paused), dt);
        var infusedMl = solutionMl + givenMl;
        var citrate = new Compartment(DisposableSet.Pools) { CitrateMmol = citrateMmol };
        var inputs = Inputs(new Compartment(DisposableSet.Pools), 0, infusedMl, calcium, 0, dt, magnesium) with
        {
            CitrateReturned = SubstanceRate.FromMillimolesPerHour(citrateMmol / dt * 60),
        };
        _run.Patient = PatientPhysiology.Step(_run.Patient, _parameters, inputs, Duration.FromMinutes(dt), out var flux);
        run.Ledger.Exchange(0, citrateMmol, 0, flux, citrate, infusedMl, calcium, 0);
        var citrateRate = citrateMmol / dt * Substance.Citrate.MolarMassGramsPerMole / _weightKg;
        run.Ledger.ObserveCitrateRate(citrateRate);
        run.Pumps = PumpReadings.Stopped with { CitrateMgPerKgPerMin = citrateRate };
        FinishStep(dt);
        if (run.Phases.Running)
        {
            run.Orders.Check(run.Time, _run.Patient.IonizedCalcium.MillimolesPerLiter, PatientPhysiology.CitrateReactionProbability(_run.Patient, _parameters, _weightKg, run.Ledger.CitrateToPatientMmol, run.Time), run.Log);
            var (reason, _) = _stops.Check(run.Time, true, 0, () => 0, run.Set.Bag, run.Log);
            if (reason is not null)
            {
                Stop(reason, returnSet: false);
            }
        }
    }

    // Magnesium sulfate 10 % (heptahydrate, 246.5 g/mol): 0.406 mmol/mL, the volume a magnesium infusion adds.
    private const double MagnesiumSulfateMmolPerMl = 0.406;

    // The calcium infusion now, mmol/min: the scenario's, raised by the orders; nothing while stopped.
    private double CalciumRate(bool on) => on ? _scenario.Procedure.CalciumProphylaxis.Infusion.MillimolesPerHour / 60 * _run.Orders.ProphylaxisFactor : 0;

    // The magnesium infusion now, mmol/min: the continuous dose, plus the dose that follows the AC
    // pump (mL/min), as clinics that give it per mL of ACD-A do.
    private double MagnesiumRate(bool on, double acMlPerMin = 0) =>
        on ? ((_scenario.Procedure.MagnesiumInfusion?.MillimolesPerHour ?? 0) / 60) + ((_scenario.Procedure.MagnesiumPerAc?.MillimolesPerLiter ?? 0) * acMlPerMin / 1000) : 0;

    // What staff give in a step: the continuous calcium and magnesium with their volumes (calcium
    // gluconate 10 %, magnesium sulfate 10 %) and the boluses due (calcium, saline for hypotension).
    private (double CalciumMmol, double MagnesiumMmol, double VolumeMl) Given(double calciumMmolPerMin, double magnesiumMmolPerMin, double dt)
    {
        var (bolusCalcium, bolusVolume) = _run.Orders.TakeBoluses();
        bolusVolume += _run.Circulation.TakeBolus();
        var calciumVolume = calciumMmolPerMin / GiveAction.CalciumMillimolesPerMilliliter(BolusSolution.CalciumGluconate10Percent);
        var volume = ((calciumVolume + (magnesiumMmolPerMin / MagnesiumSulfateMmolPerMl)) * dt) + bolusVolume;
        return ((calciumMmolPerMin * dt) + bolusCalcium, magnesiumMmolPerMin * dt, volume);
    }

    // The patient's side of a step, the same in the run and in rinseback: whole blood drawn (with
    // AC added to it in the set), the set's blood returned, calcium and boluses given. The
    // patient's calcium travels with the plasma drawn and comes back with it, so blood held in the
    // set neither concentrates nor dilutes what stays. Returns the citrate reaching the patient,
    // mg/kg/min.
    private double Exchange(Compartment returned, double wholeBlood, double ac, double prophylaxisMmolPerMin, double dt, double magnesiumMmolPerMin = 0)
    {
        // Each ionized-calcium measurement draws a sample of the patient's blood, taken with this
        // step's draw and kept apart from the set (it is lost). A continuous sensor draws none.
        var sampleMl = PendingSampleMl(dt);
        var processed = wholeBlood;
        wholeBlood += sampleMl / dt;
        var fluid = _run.Patient.Fluid;
        var drawnPlasmaL = wholeBlood * dt / 1000 * (fluid.Plasma / fluid.Intravascular);
        var drawnCalcium = drawnPlasmaL * PatientPhysiology.TotalCalcium(_run.Patient, _parameters).MillimolesPerLiter;
        var drawnMagnesium = drawnPlasmaL * PatientPhysiology.TotalMagnesium(_run.Patient, _parameters).MillimolesPerLiter;
        var (calcium, magnesium, infusedMl) = Given(prophylaxisMmolPerMin, magnesiumMmolPerMin, dt);
        var drawnPotassium = drawnPlasmaL * _run.Patient.Potassium.MillimolesPerLiter;
        var inputs = Inputs(returned, wholeBlood, infusedMl, calcium, drawnCalcium, dt, magnesium, drawnMagnesium) with
        {
            Potassium = (drawnPotassium, returned.PotassiumMmol),
            CitricAcidReturned = SubstanceAmount.FromMillimoles(returned.CitrateMmol * _scenario.Procedure.AnticoagulantUsed.AcidShare),
            HeparinGiven = HeparinGiven(returned),
        };
        _run.Patient = PatientPhysiology.Step(_run.Patient, _parameters, inputs, Duration.FromMinutes(dt), out var flux);
        var acCitrate = ac * dt * _scenario.Procedure.AnticoagulantUsed.Citrate.MillimolesPerLiter / 1000;
        if (_scenario.Procedure.Heparin is { } heparin)
        {
            _run.Ledger.HeparinPumped(ac * dt * heparin.PerAc.InternationalUnitsPerMilliliter);
        }

        var drawnMl = flux.Fluid.Drawn.Milliliters;
        var sampled = sampleMl > 0 && drawnMl > 0 ? Math.Min(1, sampleMl / drawnMl) : 0;
        var kept = 1 - sampled;
        _run.Set.Enter(flux.Pools, flux.Fluid.DrawnRedCells.Milliliters * kept, (drawnMl * kept) + (ac * dt), acCitrate, drawnCalcium * kept, drawnMagnesium * kept, drawnPotassium * kept, kept);
        if (sampled > 0)
        {
            _run.Set.Sample(flux.Pools, sampled, flux.Fluid.DrawnRedCells.Milliliters * sampled, drawnMl * sampled, drawnCalcium * sampled, drawnMagnesium * sampled, drawnPotassium * sampled);
            _run.Ledger.Sampled(drawnMl * sampled);
        }

        var citrateRate = returned.CitrateMmol / dt * Substance.Citrate.MolarMassGramsPerMole / _weightKg;
        _run.Ledger.Exchange(ac * dt, acCitrate, processed * dt, flux, returned, infusedMl, calcium, drawnCalcium);
        return citrateRate;
    }

    // Heparin reaching the patient in a step, IU: it was mixed into the AC, so it travels with the
    // AC's citrate and returns in the same share; the bolus goes in at connection.
    private double HeparinGiven(Compartment returned)
    {
        if (_scenario.Procedure.Heparin is not { } heparin)
        {
            return 0;
        }

        _run.Ledger.HeparinPerCitrateMmol = heparin.UnitsPerCitrateMmol(_scenario.Procedure.AnticoagulantUsed);
        var units = returned.CitrateMmol * _run.Ledger.HeparinPerCitrateMmol;
        if (!_run.HeparinBolusGiven)
        {
            _run.HeparinBolusGiven = true;
            var bolus = heparin.BolusFor(_scenario.Patient.Weight).InternationalUnits;
            _run.Ledger.HeparinBolus(bolus);
            units += bolus;
        }

        _run.Ledger.HeparinToPatient(units);
        return units;
    }

    // The blood of the measurements not yet sampled, mL (none for a continuous sensor). A step of
    // no length draws nothing: the sample waits for the next one.
    private double PendingSampleMl(double dt)
    {
        var run = _run;
        if (dt <= 1e-9)
        {
            return 0;
        }

        var pending = run.Orders.Measurements - run.SamplesDrawn;
        run.SamplesDrawn = run.Orders.Measurements;
        return pending > 0 && _scenario.Procedure.CalciumMonitoringUsed.Mode != CalciumMonitoringMode.Continuous
            ? pending * _scenario.Procedure.SampleVolumeUsed.Milliliters
            : 0;
    }

    private void FinishStep(double dt)
    {
        var run = _run;
        run.Time += dt;
        run.Ledger.Observe(run.Time, _run.Patient, run.Set.ExtracorporealMl);
        var care = run.Circulation;
        var inputs = new CirculationInputs(_run.Patient.IonizedCalcium.MillimolesPerLiter, care.HeadDown, care.VasovagalStrength(run.Time));
        care.Observe(run.Time, dt, Circulation.Assess(_parameters.Circulation, _run.Patient.Fluid.Intravascular, inputs));
        if (run.Phases.Running)
        {
            care.Check(run.Time, run.Log);
        }

        if (!run.Paused)
        {
            run.PausedSince = double.NaN;
        }
        else if (double.IsNaN(run.PausedSince))
        {
            run.PausedSince = run.Time - dt;
        }
        else if (run.Time - run.PausedSince >= _options.PauseTimeLimitMinutes && run.Phases.Current is not (ProcedurePhase.Ended or ProcedurePhase.Rinseback))
        {
            // Who stopped the pumps: the operator, a fault, or the calcium standing order.
            var who = run.Orders.Paused ? "the calcium standing order (ionized calcium did not recover)"
                : run.Circulation.Paused ? "the hypotension standing order (blood pressure did not recover)"
                : run.Faults.Occluded ? "an occluded access line"
                : run.Faults.Air ? "air in the return line"
                : "the operator";
            run.Log.Warn(Codes.PauseTimeout, Text.F($"the pumps were stopped by {who} for {_options.PauseTimeLimitMinutes:0} min without a resume: the procedure was ended"));
            Stop($"pumps stopped by {who} without a resume", returnSet: !run.Faults.Air);
        }

        if (run.Phases.Current is not (ProcedurePhase.Ended or ProcedurePhase.Rinseback))
        {
            var risk = PatientPhysiology.HypotensionRiskNow(_run.Patient, _parameters, Volume.FromMilliliters(run.Set.ExtracorporealMl));
            if (risk.Level == HypotensionRiskLevel.High)
            {
                run.Log.Raise(run.Time, Codes.HypotensionRisk, AlarmSeverity.Warning, AlarmResponse.Warn, () => Text.F($"{risk.VolumeOutsidePercentOfTbv:0.#} % of the blood volume is outside the body or lost (caution above {risk.CautionPercent:0} %): watch blood pressure; a red-cell prime lowers this"));
            }
        }
    }

    // The operator ends the run: the set's blood is returned (unless it must not be).
    public void EndByOperator() => Stop("ended by the operator", returnSet: !_run.Faults.Air && _run.Faults.AcConnected);

    // The run stops: rinseback returns the set's blood unless it must not be returned.
    private void Stop(string reason, bool returnSet)
    {
        var run = _run;
        if (run.Phases.Current is ProcedurePhase.Rinseback or ProcedurePhase.Ended)
        {
            return;
        }

        run.Phases.StopReason = reason;
        run.OperatorPause = false;
        run.Orders.Reset();
        run.Circulation.Reset();
        run.Faults.Clear();
        if (_scenario.Procedure.Kind == ProcedureKind.CitrateInfusion)
        {
            // Nothing to rinse back: the infusion simply ends.
            _run.Phases.Enter(ProcedurePhase.Ended, _run.Time);
            _run.Pumps = PumpReadings.Stopped;
            return;
        }

        var held = run.Set.HoldForRinseback();
        if (returnSet && held)
        {
            run.Phases.BeginRinseback(run.Time, _options.Set.Volume.Milliliters, run.InletSetting.MillilitersPerMinute);
        }
        else
        {
            End(skipped: true);
        }
    }

    private void End(bool skipped)
    {
        _run.Set.Discard();
        if (skipped)
        {
            _run.Log.Note(_run.Time, "set discarded without rinseback");
        }

        _run.Phases.Enter(ProcedurePhase.Ended, _run.Time);
        _run.Pumps = PumpReadings.Stopped with { AccessPressureMmHg = _run.Pumps.AccessPressureMmHg, ReturnPressureMmHg = _run.Pumps.ReturnPressureMmHg };
    }

    private static PatientInputs Inputs(Compartment returned, double wholeBlood, double infusedMl, double calciumMmol, double drawnCalciumMmol, double dt, double magnesiumMmol = 0, double drawnMagnesiumMmol = 0) => new(
        Flow(wholeBlood),
        [.. new double[DisposableSet.Pools]],
        [.. returned.Cells.Select(CellCount.FromE9)],
        new FluidExchange(Flow(wholeBlood), Flow(returned.VolumeMl / dt), Flow(returned.RedMl / dt), Flow(infusedMl / dt)),
        SubstanceRate.FromMillimolesPerHour(returned.CitrateMmol / dt * 60),
        SubstanceRate.FromMillimolesPerHour(calciumMmol / dt * 60),
        SubstanceAmount.FromMillimoles(drawnCalciumMmol))
    {
        CalciumReturned = SubstanceAmount.FromMillimoles(returned.CalciumMmol),
        Magnesium = new MagnesiumExchange(SubstanceAmount.FromMillimoles(magnesiumMmol), SubstanceAmount.FromMillimoles(drawnMagnesiumMmol), SubstanceAmount.FromMillimoles(returned.MagnesiumMmol)),
    };

    // The white count after rinseback, the count a WBC target is about. Far from the target the
    // set's content returned at once is close enough; near it, rinseback is run ahead on a copy
    // of the set and the patient, so the stop lands on the safe side of the target.
    private double PostWbc(double target)
    {
        var quick = StopRules.PostWbc(_run.Patient, _run.Set, _options.Set.RinsebackShare);
        if (quick > 1.1 * target)
        {
            return quick;
        }

        var set = _run.Set.Copy();
        if (!set.HoldForRinseback())
        {
            return _run.Patient.Wbc.E9PerLiter;
        }

        var minutes = PhaseMachine.RinsebackMinutes(_options.Set.Volume.Milliliters, _run.InletSetting.MillilitersPerMinute);
        var step = set.MaxStep(_run.InletSetting.MillilitersPerMinute, _options.StepMinutes);
        var patient = _run.Patient;
        for (var elapsed = 0.0; elapsed < minutes - 1e-9;)
        {
            var dt = Math.Min(step, minutes - elapsed);
            var returned = set.Rinse(Math.Min(1, dt / minutes) * _options.Set.RinsebackShare);
            patient = PatientPhysiology.Step(patient, _parameters, Inputs(returned, 0, 0, 0, 0, dt), Duration.FromMinutes(dt), out _);
            elapsed += dt;
        }

        return patient.Wbc.E9PerLiter;
    }

    // Red cells the channel must hold before the interface is seen: the packed outer 40 % of the channel.
    private double InterfaceRedMilliliters => geometry.VolumeMilliliters * 0.4 * 0.9;

    private static VolumeFlow Flow(double millilitersPerMinute) => VolumeFlow.FromMillilitersPerMinute(millilitersPerMinute);
}
