using Leuka.Patients;
using Leuka.Procedure;

namespace Leuka.Scenarios;

/// <summary>A validated scenario file (docs/reference/scenario.md §2): who the patient is, what the procedure does, what happens when.</summary>
/// <param name="Name">Who the patient is and what is done, in words.</param>
/// <param name="Patient">The patient.</param>
/// <param name="Procedure">The procedure settings, defaults filled in.</param>
/// <param name="Events">Timed actions, in time order (stable for equal times).</param>
/// <param name="Seed">Seed of every random draw.</param>
public sealed record Scenario(string Name, Patient Patient, ProcedureSettings Procedure, IReadOnlyList<ScenarioEvent> Events, int Seed);
