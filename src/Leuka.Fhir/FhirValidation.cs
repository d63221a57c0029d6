using System.Text.Json;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Leuka.Fhir;

/// <summary>One finding of the validator.</summary>
/// <param name="Severity">fatal, error, warning or information.</param>
/// <param name="Where">The element (FHIRPath), e.g. <c>Bundle.entry[3].resource.value</c>.</param>
/// <param name="Message">What is wrong.</param>
public sealed record FhirIssue(string Severity, string Where, string Message)
{
    /// <summary>True for an error or worse.</summary>
    public bool IsError => Severity is "error" or "fatal";

    /// <inheritdoc />
    public override string ToString() => $"{Severity} at {Where}: {Message}";
}

/// <summary>
/// Validates resources against the FHIR R4 core profiles (structure, cardinality, invariants, the
/// value sets of required bindings) with Firely's validator, offline: the specification comes from
/// the Hl7.Fhir.Specification.Data.R4 package. The first validation compiles the profiles it needs
/// (seconds); the validator is kept for the process. Leuka's own extensions are checked against
/// their StructureDefinitions (<c>src/Leuka.Fhir/Definitions</c>).
/// </summary>
public static class FhirValidation
{
    /// <summary>The StructureDefinitions of Leuka's extensions (docs/fhir.md).</summary>
    public static IReadOnlyList<StructureDefinition> Definitions { get; } = LoadDefinitions();

    private static readonly Lazy<Validator> Shared = new(() =>
    {
        // The definitions are written as differentials: their snapshots are made once, from the specification.
        var specification = new CachedResolver(ZipSource.CreateValidationSource());
        var generator = new SnapshotGenerator(specification.AsAsync(), SnapshotGeneratorSettings.CreateDefault());
        var definitions = Definitions.Select(d => (StructureDefinition)d.DeepCopy()).ToList();
        foreach (var d in definitions)
        {
            generator.UpdateAsync(d).GetAwaiter().GetResult();
        }

        var resolver = new MultiResolver(new InMemoryResourceResolver(definitions), specification);
        return new Validator(resolver.AsAsync(), new LocalTerminologyService(resolver.AsAsync()));
    });

    private static readonly Lock Gate = new();

    private static List<StructureDefinition> LoadDefinitions()
    {
        var assembly = typeof(FhirValidation).Assembly;
        var options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
        return [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith("definitions/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).Select(n =>
        {
            using var stream = assembly.GetManifestResourceStream(n)!;
            return JsonSerializer.Deserialize<StructureDefinition>(stream, options)!;
        })];
    }

    /// <summary>Every finding for <paramref name="resource"/> (a Bundle validates its entries too).</summary>
    public static IReadOnlyList<FhirIssue> Validate(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        OperationOutcome outcome;
        lock (Gate)
        {
            outcome = Shared.Value.Validate(resource);
        }

        return [.. outcome.Issue.Select(i => new FhirIssue(
            i.Severity?.ToString().ToLowerInvariant() ?? "error",
            string.Join(", ", i.Expression.DefaultIfEmpty(string.Join(", ", i.Location)).Where(x => !string.IsNullOrEmpty(x)).DefaultIfEmpty("(resource)")),
            i.Details?.Text ?? i.Diagnostics ?? "no message"))];
    }
}
