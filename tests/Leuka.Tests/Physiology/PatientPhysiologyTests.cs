using System.Collections.Immutable;
using CsCheck;
using Leuka.Patients;
using Leuka.Physiology;
using Leuka.Quantities;

namespace Leuka.Tests.Physiology;

public sealed class PatientPhysiologyTests
{
    private static readonly int Species = CellSpeciesGroups.Pools.Count;

    [Fact]
    public void Everything_drawn_is_returned_removed_or_held_in_the_circuit_and_the_whole_system_balances()
    {
        var gen = Gen.Select(Gen.Double[15, 120], Gen.Double[20, 50], Gen.Double[2, 600], Gen.Enum<Diagnosis>(), Gen.Double[20, 90], Gen.Double[0.1, 0.9], Gen.Double[100, 300]);
        gen.Sample((kg, hctPercent, wbc, diagnosis, drawMlPerMin, efficiency, ecvMl) =>
        {
            var patient = MakePatient(kg, hctPercent, wbc);
            var (parameters, state) = PatientPhysiology.Initialize(patient with { Diagnosis = diagnosis });
            var circuit = new MiniCircuit(Species, ecvMl, efficiency);
            var start = Totals(state, circuit);
            var drawn = new double[Species];
            var returned = new double[Species];
            var net = new double[Species];
            var water = 0.0;
            var red = 0.0;
            for (var minute = 0; minute < 240; minute++)
            {
                var inputs = circuit.Inputs(drawMlPerMin);
                state = PatientPhysiology.Step(state, parameters, inputs, Duration.FromMinutes(1), out var flux);
                circuit.Take(flux, inputs);
                for (var i = 0; i < Species; i++)
                {
                    var f = flux.Pools[i];
                    drawn[i] += f.Drawn.E9;
                    returned[i] += f.Returned.E9;
                    net[i] += f.Produced.E9 - f.Cleared.E9 + f.Grown.E9;
                }

                water += (flux.Fluid.Drawn - flux.Fluid.Returned).Milliliters;
                red += (flux.Fluid.DrawnRedCells - flux.Fluid.ReturnedRedCells).Milliliters;
            }

            var end = Totals(state, circuit);
            for (var i = 0; i < Species; i++)
            {
                var scale = start.Cells[i] + drawn[i] + 1e-300;
                // drawn − returned = removed + change in hold-up.
                Assert.Equal(drawn[i] - returned[i], circuit.Product[i] + circuit.Held[i], scale * 1e-9);
                // The patient, the circuit and the bag together change only by production, clearance and growth.
                Assert.Equal(start.Cells[i] + net[i], end.Cells[i], scale * 1e-9);
            }

            Assert.Equal(water, circuit.ProductWater + circuit.HeldWater - circuit.AcAdded, (start.Water + Math.Abs(water) + circuit.AcAdded) * 1e-9);
            Assert.Equal(red, circuit.ProductRed + circuit.HeldRed, start.Water * 1e-9);
        }, iter: 40);
    }

    [Fact]
    public void Follow_up_predicts_regrowth_in_leukaemia_and_recovery_in_healthy_donors()
    {
        var aml = MakePatient(70, 28, 250, blasts: 0.85);
        var (p, s) = PatientPhysiology.Initialize(aml with { Diagnosis = Diagnosis.Aml });
        var end = Deplete(s, p, efficiency: 0.5, minutes: 180);
        var follow = PatientPhysiology.FollowUp(end, p, [Duration.FromHours(6), Duration.FromHours(12), Duration.FromHours(24), Duration.FromHours(48)]);
        Assert.True(end.Wbc < s.Wbc * 0.7);
        // TL7: no prompt refill; with a 3-day doubling time blasts are back up within two days.
        Assert.True(follow[0].Blasts < s.Concentration(CellSpecies.Blasts), "not back within 6 h");
        Assert.True(follow[3].Blasts > follow[0].Blasts, "refill and regrowth by 48 h");

        var donor = MakePatient(75, 42, 6);
        var (dp, ds) = PatientPhysiology.Initialize(donor);
        var afterCollection = Deplete(ds, dp, efficiency: 0.5, minutes: 240);
        var next = PatientPhysiology.FollowUp(afterCollection, dp, [Duration.FromHours(24)]);
        var baseline = ds.Concentration(CellSpecies.Lymphocytes).E9PerLiter;
        Assert.True(afterCollection.Concentration(CellSpecies.Lymphocytes).E9PerLiter < 0.8 * baseline);
        Assert.InRange(next[0].Lymphocytes.E9PerLiter / baseline, 0.9, 1.05);
    }

    [Fact]
    public void A_patient_left_alone_does_not_change()
    {
        var (p, s) = PatientPhysiology.Initialize(MakePatient(70, 40, 7));
        var later = PatientPhysiology.Step(s, p, PatientInputs.Disconnected, Duration.FromHours(6), out _);
        Assert.Equal(s.Wbc.E9PerLiter, later.Wbc.E9PerLiter, 1e-9);
        Assert.Equal(s.Hematocrit.Percent, later.Hematocrit.Percent, 1e-9);
        Assert.Equal(s.IonizedCalcium.MillimolesPerLiter, later.IonizedCalcium.MillimolesPerLiter, 1e-9);
        Assert.Equal(s.PlasmaCitrate.MillimolesPerLiter, later.PlasmaCitrate.MillimolesPerLiter, 1e-12);
    }

    [Fact]
    public void Platelets_fall_with_what_the_procedure_removes()
    {
        var (p, s) = PatientPhysiology.Initialize(MakePatient(70, 40, 7));
        var none = Deplete(s, p, efficiency: 0.0, minutes: 180, plateletEfficiency: 0);
        var some = Deplete(s, p, efficiency: 0.0, minutes: 180, plateletEfficiency: 0.15);
        Assert.True(some.Platelets < none.Platelets * 0.85);
    }

    [Fact]
    public void Plasma_that_leaves_for_good_takes_its_potassium_so_the_concentration_stays()
    {
        // Ten minutes of plasma drawn at 20 mL/min and nothing returned, no citrate: the
        // extracellular fluid shrinks, and with the potassium the plasma carried out the
        // concentration stays put. Without it (the model before), it rose as the volume shrank.
        var (p, start) = PatientPhysiology.Initialize(MakePatient(70, 40, 7));
        PatientPhysiologyState Run(bool carried)
        {
            var s = start;
            for (var i = 0; i < 10; i++)
            {
                var plasmaL = 0.020 * (s.Fluid.Plasma / s.Fluid.Intravascular);
                var inputs = new PatientInputs(
                    VolumeFlow.FromMillilitersPerMinute(20),
                    [.. Enumerable.Repeat(0.0, Species)],
                    [.. Enumerable.Repeat(CellCount.Zero, Species)],
                    new FluidExchange(VolumeFlow.FromMillilitersPerMinute(20), VolumeFlow.Zero, VolumeFlow.Zero, VolumeFlow.Zero),
                    SubstanceRate.Zero,
                    SubstanceRate.Zero,
                    SubstanceAmount.Zero) { Potassium = (carried ? plasmaL * s.Potassium.MillimolesPerLiter : 0, 0) };
                s = PatientPhysiology.Step(s, p, inputs, Duration.FromMinutes(1), out _);
            }

            return s;
        }

        var k0 = start.Potassium.MillimolesPerLiter;
        Assert.Equal(k0, Run(carried: true).Potassium.MillimolesPerLiter, 0.002 * k0);
        Assert.True(Run(carried: false).Potassium.MillimolesPerLiter > k0 * 1.005, $"{Run(carried: false).Potassium.MillimolesPerLiter} vs {k0}");
    }

    private static PatientPhysiologyState Deplete(PatientPhysiologyState s, PatientPhysiologyParameters p, double efficiency, int minutes, double plateletEfficiency = 0.1)
    {
        var fractions = Enumerable.Repeat(1 - efficiency, Species).ToImmutableArray().SetItem((int)CellSpecies.Platelets, 1 - plateletEfficiency);
        var inputs = new PatientInputs(
            VolumeFlow.FromMillilitersPerMinute(50),
            fractions,
            [.. Enumerable.Repeat(CellCount.Zero, Species)],
            new FluidExchange(VolumeFlow.FromMillilitersPerMinute(50), VolumeFlow.FromMillilitersPerMinute(53), VolumeFlow.FromMillilitersPerMinute(50 * s.Hematocrit.Ratio), VolumeFlow.Zero),
            Anticoagulant.AcdA.InfusionRate(VolumeFlow.FromMillilitersPerMinute(4), 0.95),
            SubstanceRate.Zero,
            SubstanceAmount.Zero);
        for (var i = 0; i < minutes; i++)
        {
            s = PatientPhysiology.Step(s, p, inputs, Duration.FromMinutes(1), out _);
        }

        return s;
    }

    internal static Patient MakePatient(double kg, double hctPercent, double wbc, double blasts = 0)
    {
        var rest = 1 - blasts;
        var differential = new Differential(
            Fraction.FromRatio(0.6 * rest), Fraction.FromRatio(0.3 * rest), Fraction.FromRatio(0.1 * rest),
            Fraction.Zero, Fraction.Zero, Fraction.FromRatio(blasts), Fraction.Zero);
        var labs = new Labs(CellConcentration.FromE9PerLiter(wbc), Fraction.FromPercent(hctPercent), CellConcentration.FromE9PerLiter(200), differential, false, Cd34: CellConcentration.FromPerMicroliter(20));
        var height = Length.FromCentimeters(kg < 40 ? 120 : 172);
        return new Patient(Sex.Female, kg < 40 ? 8 : 45, height, Mass.FromKilograms(kg), BloodVolumeSpec.Default, labs);
    }

    private static (double[] Cells, double Water) Totals(PatientPhysiologyState s, MiniCircuit c) =>
        ([.. s.Pools.Select((p, i) => p.Total.E9 + c.Held[i] + c.Product[i])], s.Fluid.Intravascular.Milliliters + s.Fluid.Interstitial.Milliliters);

    /// <summary>
    /// A well-mixed hold-up of fixed volume: drawn blood and AC enter, a share of each species goes to
    /// the bag, the rest (and all red cells but those in a collect flow of 1 mL/min) returns.
    /// </summary>
    private sealed class MiniCircuit(int species, double ecvMl, double efficiency)
    {
        private const double AcFraction = 1.0 / 12;
        private const double CollectMlPerMin = 1;
        private readonly double _ecv = ecvMl;
        private double[] _outShare = new double[species];

        public double[] Held { get; } = new double[species];

        public double[] Product { get; } = new double[species];

        public double HeldWater { get; private set; } = ecvMl;

        public double HeldRed { get; private set; }

        public double ProductWater { get; private set; }

        public double ProductRed { get; private set; }

        public double AcAdded { get; private set; } = ecvMl; // the saline prime came from outside too

        public PatientInputs Inputs(double draw)
        {
            var share = Math.Min(1, draw / _ecv);
            _outShare = [.. Enumerable.Repeat(share, species)];
            var returned = Held.Select(h => CellCount.FromE9(h * share * (1 - efficiency))).ToImmutableArray();
            var ac = draw * AcFraction;
            var returnFlow = draw + ac - CollectMlPerMin;
            var returnRed = HeldRed * share * (returnFlow / (draw + ac));
            return new PatientInputs(
                VolumeFlow.FromMillilitersPerMinute(draw),
                [.. Enumerable.Repeat(0.0, species)],
                returned,
                new FluidExchange(VolumeFlow.FromMillilitersPerMinute(draw), VolumeFlow.FromMillilitersPerMinute(returnFlow), VolumeFlow.FromMillilitersPerMinute(returnRed), VolumeFlow.Zero),
                Anticoagulant.AcdA.InfusionRate(VolumeFlow.FromMillilitersPerMinute(ac), 0.95),
                SubstanceRate.Zero,
                SubstanceAmount.Zero);
        }

        public void Take(PatientFlux flux, PatientInputs inputs)
        {
            for (var i = 0; i < species; i++)
            {
                var leaving = Held[i] * _outShare[i];
                Product[i] += leaving * efficiency;
                Held[i] += flux.Pools[i].Drawn.E9 - leaving;
            }

            var ac = inputs.Fluid.DrawFlow.MillilitersPerMinute * AcFraction;
            AcAdded += ac;
            HeldWater += flux.Fluid.Drawn.Milliliters + ac - flux.Fluid.Returned.Milliliters - CollectMlPerMin;
            ProductWater += CollectMlPerMin;
            var redOut = inputs.Fluid.ReturnRedCellFlow.MillilitersPerMinute;
            var redToBag = HeldRed * Math.Min(1, inputs.Fluid.DrawFlow.MillilitersPerMinute / _ecv) - redOut;
            HeldRed += flux.Fluid.DrawnRedCells.Milliliters - redOut - redToBag;
            ProductRed += redToBag;
        }
    }
}
