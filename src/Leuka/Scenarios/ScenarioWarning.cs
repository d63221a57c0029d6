namespace Leuka.Scenarios;

/// <summary>Something accepted but outside the typical range, or assumed: worth a clinician's look.</summary>
/// <param name="Code">Stable machine-readable code, e.g. <c>hyperleukocytosis</c>.</param>
/// <param name="Path">JSON path it concerns (<c>$</c> for the whole file).</param>
/// <param name="Message">Plain-language explanation.</param>
public sealed record ScenarioWarning(string Code, string Path, string Message)
{
    /// <summary><c>&lt;path&gt;: &lt;message&gt;</c>.</summary>
    public override string ToString() => $"{Path}: {Message}";
}
