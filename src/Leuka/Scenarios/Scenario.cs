using Leuka.Patients;
using Leuka.Procedure;
using Leuka.Quantities;

namespace Leuka.Scenarios;

/// <summary>A validated scenario file (docs/reference/scenario.md §2): who the patient is, what the procedure does, what happens when.</summary>
/// <param name="Name">Who the patient is and what is done, in words.</param>
/// <param name="Patient">The patient.</param>
/// <param name="Procedure">The procedure settings, defaults filled in.</param>
/// <param name="Events">Timed actions, in time order (stable for equal times).</param>
/// <param name="Seed">Seed of every random draw.</param>
/// <param name="Course">Consecutive daily procedures, or null for one procedure.</param>
public sealed record Scenario(string Name, Patient Patient, ProcedureSettings Procedure, IReadOnlyList<ScenarioEvent> Events, int Seed, CourseSettings? Course = null)
{
    /// <summary>Procedures in the course (1 without one).</summary>
    public int Days => Course?.Days ?? 1;
}

/// <summary>
/// A course of procedures on consecutive days (docs/model/courses.md): the patient is carried
/// from one day to the next through the follow-up model, with concurrent cytoreduction.
/// </summary>
/// <param name="Days">Procedures, one a day (1–14).</param>
/// <param name="CytoreductionDailyFall">Share of the malignant cells a drug given alongside (hydroxyurea, chemotherapy) removes per day, on top of the procedures; zero for none.</param>
public sealed record CourseSettings(int Days, Fraction CytoreductionDailyFall)
{
    /// <summary>Longest course a scenario may hold.</summary>
    public const int MaxDays = 14;
}
