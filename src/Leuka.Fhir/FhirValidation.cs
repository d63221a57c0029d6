using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
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
/// (seconds); the validator is kept for the process.
/// </summary>
public static class FhirValidation
{
    private static readonly Lazy<Validator> Shared = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver.AsAsync(), new LocalTerminologyService(resolver.AsAsync()));
    });

    private static readonly Lock Gate = new();

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
