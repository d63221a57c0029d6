using Leuka.Scenarios;

namespace Leuka.Formats;

/// <summary>An input problem that makes a scenario invalid.</summary>
/// <param name="Path">JSON path of the offending value, e.g. <c>patient.labs.wbc</c> (<c>$</c> for the whole file).</param>
/// <param name="Message"><c>"&lt;what is wrong&gt;; &lt;what would be valid&gt;"</c>.</param>
public sealed record ScenarioError(string Path, string Message)
{
    /// <summary>The line printed on stderr: <c>&lt;path&gt;: &lt;message&gt;</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>The result of loading a scenario: either a scenario with warnings, or every error found.</summary>
/// <param name="Scenario">The scenario, when there were no errors.</param>
/// <param name="Errors">Every problem found, in file order.</param>
/// <param name="Warnings">Warnings (also given when there are errors, for what could be read).</param>
public sealed record ScenarioLoadResult(Scenario? Scenario, IReadOnlyList<ScenarioError> Errors, IReadOnlyList<ScenarioWarning> Warnings)
{
    /// <summary>Whether the scenario is valid.</summary>
    public bool IsValid => Scenario is not null && Errors.Count == 0;
}
