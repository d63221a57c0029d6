using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using Leuka.Fhir;
using Leuka.Records;
using Leuka.Testing;

namespace Leuka.Benchmarks;

/// <summary>
/// FHIR exchange on the recorded CD34+ collection (examples/fhir): building and writing the
/// procedure's bundle (39 resources), validating it with the validator warm (its first,
/// profile-compiling validation is in the setup and reported in docs/performance.md), and a
/// /fhir search for the patient's observations without HTTP.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class FhirBenchmarks
{
    private RecordStore _store = null!;
    private PatientTimeline _timeline = null!;
    private ProcedureRow _procedure = null!;
    private Bundle _bundle = null!;

    [GlobalSetup]
    public void Setup()
    {
        var location = StoreLocation.Parse(Path.Combine(Path.GetTempPath(), "leuka-bench-fhir-" + Guid.NewGuid().ToString("N"), "leuka.db"));
        RecordStore.Migrate(location);
        _store = RecordStore.Open(location);
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "fhir", "recorded-cd34-collection.json"));
        _store.Write("bench", w => RecordDocument.Parse(text, w.Now).Apply(w));
        _timeline = PatientRecords.Timeline(_store, "MRN-MM-0002");
        _procedure = _timeline.Procedures[0];
        _bundle = FhirExport.Bundle(_timeline, _procedure);
        var started = System.Diagnostics.Stopwatch.StartNew();
        FhirValidation.Validate(_bundle);
        Console.WriteLine($"// first validation (compiles the profiles): {started.Elapsed.TotalSeconds:0.0} s");
    }

    [Benchmark]
    public string ExportProcedureBundle() => FhirExport.Json(FhirExport.Bundle(_timeline, _procedure));

    [Benchmark]
    public int ValidateBundleWarm() => FhirValidation.Validate(_bundle).Count;

    [Benchmark]
    public Resource SearchObservations() => FhirServer.Search(_store, "Observation", [new("patient", "MRN-MM-0002")], "http://localhost/fhir").Resource;
}
