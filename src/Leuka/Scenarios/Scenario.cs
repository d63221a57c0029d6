using System.Globalization;
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
/// from one day to the next through the follow-up model, with concurrent cytoreduction or
/// continued mobilisation.
/// </summary>
/// <param name="Days">Procedures, one a day (1–14).</param>
/// <param name="CytoreductionDailyFall">Share of the malignant cells a drug given alongside (hydroxyurea, chemotherapy) removes per day, on top of the procedures; zero for none.</param>
/// <param name="Mobilization">How the mobilised CD34+ level moves from day to day; null: it stays at the first day's.</param>
public sealed record CourseSettings(int Days, Fraction CytoreductionDailyFall, Mobilization? Mobilization = null)
{
    /// <summary>Longest course a scenario may hold.</summary>
    public const int MaxDays = 14;

    /// <summary>The CD34+ level homeostasis aims at on <paramref name="day"/> + 1 over the one on <paramref name="day"/> (1 without mobilisation).</summary>
    public double Cd34LevelFactorAfter(int day) => Mobilization is { } m ? m.Level(day + 1) / m.Level(day) : 1;

    /// <summary>What happens between the days, in words ("nothing" for neither a drug nor mobilisation).</summary>
    public string Between()
    {
        var parts = new List<string>();
        if (CytoreductionDailyFall.Ratio > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"a drug alongside removes {CytoreductionDailyFall.Percent:0.#} % of the malignant cells a day"));
        }

        if (Mobilization is { } m && m.DailyCd34Factor != 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"the mobilised CD34+ level moves ×{m.DailyCd34Factor:0.###} a day"));
        }

        if (Mobilization is { PlerixaforFromDay: >= 2 } p)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"plerixafor the evening before day {p.PlerixaforFromDay} and each day after (blood CD34+ ×{p.PlerixaforCd34Fold:0.##})"));
        }

        return parts.Count == 0 ? "nothing" : string.Join("; ", parts);
    }
}

/// <summary>
/// The mobilised CD34+ level through a course (docs/model/courses.md, mobilisation): the level the
/// blood count returns to between procedures, relative to the first morning's count. The growth
/// factor's course (continued, or stopped) moves it by a factor a day; plerixafor given each
/// evening before a procedure multiplies that day's level by its fold (the doses do not compound:
/// each is assumed spent by the next evening's).
/// </summary>
/// <param name="DailyCd34Factor">The level the next day over this day's, plerixafor aside (1: steady).</param>
/// <param name="PlerixaforFromDay">First day whose procedure follows an evening dose of plerixafor (2 or later; 0: none, and the fold is not used).</param>
/// <param name="PlerixaforCd34Fold">The blood CD34+ count after a dose over the count before it.</param>
public sealed record Mobilization(double DailyCd34Factor, int PlerixaforFromDay, double PlerixaforCd34Fold)
{
    /// <summary>Smallest and largest daily factor a scenario may give.</summary>
    public const double MinDailyFactor = 0.1, MaxDailyFactor = 10;

    /// <summary>Smallest and largest plerixafor fold a scenario may give.</summary>
    public const double MinFold = 1, MaxFold = 20;

    /// <summary>The level on <paramref name="day"/> (1 for the first) over the first day's.</summary>
    public double Level(int day) =>
        Math.Pow(DailyCd34Factor, day - 1) * (PlerixaforFromDay >= 2 && day >= PlerixaforFromDay ? PlerixaforCd34Fold : 1);
}
