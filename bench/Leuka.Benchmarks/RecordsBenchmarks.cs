using BenchmarkDotNet.Attributes;
using Leuka.Patients;
using Leuka.Planning;
using Leuka.Quantities;
using Leuka.Records;
using Leuka.Separation;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>
/// The record store and calibration: one audited write (a lab panel of two results, SQLite with
/// WAL and a full sync per commit, on this machine's disk), verifying a store of 1,000 entries, and
/// calibrations (40 draws) of a collection patient and of a depletion patient (whose draws each
/// make their own blood: blastVolume) with the cache `leuka records calibrate` uses, warm.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class RecordsBenchmarks
{
    private RecordStore _store = null!;
    private RecordStore _verified = null!;
    private ObservedProcedure[] _observed = null!;
    private ObservedProcedure[] _depletion = null!;
    private SeparatorCache _cache = null!;
    private int _n;

    [GlobalSetup]
    public void Setup()
    {
        RecordStore Fresh()
        {
            var location = StoreLocation.Parse(Path.Combine(Path.GetTempPath(), "leuka-bench-" + Guid.NewGuid().ToString("N"), "leuka.db"));
            RecordStore.Migrate(location);
            var store = RecordStore.Open(location);
            store.Write("bench", w => RecordDocument.Parse("""{ "patient": { "identifier": "B-1", "sex": "male", "birthDate": "1980-01-01", "height": "180 cm", "weight": "80 kg" } }""", w.Now).Apply(w));
            return store;
        }

        _store = Fresh();
        _verified = Fresh();
        for (var i = 0; i < 500; i++)
        {
            _verified.Write("bench", w => RecordDocument.Parse(Panel(i), w.Now).Apply(w));
        }

        var s = ScenarioLoader.LoadFile(RepositoryFiles.Example("car-t-lymphocyte-collection.json")).Scenario!;
        s = s with { Procedure = s.Procedure with { Stop = new ProcessedVolumeStop(Volume.FromLiters(4)) }, Events = [] };
        _cache = new SeparatorCache(SeparatorModel.Default, 0.1, ResponseGrid.Default);
        var (wbc, product) = PatientCalibration.Simulate(s, new PatientVariation(1.5, 0.8, 1.2, 1), [Duration.Zero, Duration.FromHours(20)], _cache);
        _observed = [new ObservedProcedure(s, [new(Duration.Zero, CellConcentration.FromE9PerLiter(wbc[0])), new(Duration.FromHours(20), CellConcentration.FromE9PerLiter(wbc[1]))], new ProductCounts(product.WbcE9, product.Cd3E9, null))];
        PatientCalibration.Fit(_observed, 40, 1, _cache);

        var aml = ScenarioLoader.LoadFile(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json")).Scenario!;
        aml = aml with { Procedure = aml.Procedure with { Stop = new ProcessedVolumeStop(Volume.FromLiters(4)) }, Events = [] };
        var (amlWbc, amlProduct) = PatientCalibration.Simulate(aml, new PatientVariation(BlastVolume: 1.3), [Duration.Zero, Duration.FromHours(20)], _cache);
        _depletion = [new ObservedProcedure(aml, [new(Duration.Zero, CellConcentration.FromE9PerLiter(amlWbc[0])), new(Duration.FromHours(20), CellConcentration.FromE9PerLiter(amlWbc[1]))], new ProductCounts(amlProduct.WbcE9, null, null))];
        PatientCalibration.Fit(_depletion, 40, 1, _cache);
    }

    private static string Panel(int i) => $$"""{ "patientIdentifier": "B-1", "labs": [ { "takenAt": "2026-11-02T06:00:00Z", "wbc": "{{i}} /uL", "platelets": "{{i}} /uL" } ] }""";

    [Benchmark]
    public RecordsAdded WriteLabPanel() => _store.Write("bench", w => RecordDocument.Parse(Panel(_n++), w.Now).Apply(w));

    [Benchmark]
    public VerifyReport VerifyThousandEntries() => _verified.Verify();

    [Benchmark]
    public CalibrationResult CalibrateOneCollection40Draws() => PatientCalibration.Fit(_observed, 40, 1, _cache);

    [Benchmark]
    public CalibrationResult CalibrateOneDepletion40Draws() => PatientCalibration.Fit(_depletion, 40, 1, _cache);
}
