using System.Globalization;
using System.Text.Json.Nodes;
using Leuka.Planning;

namespace Leuka.Web;

/// <summary>
/// The patient-and-goal form: each value with its unit as the user chose it. It becomes a scenario
/// file, read by the same reader as the CLI, so the messages (and their field paths) are the CLI's.
/// </summary>
public sealed class PlanForm
{
    public string Name { get; set; } = "Planned procedure";
    public string Sex { get; set; } = "female";
    public string? Age { get; set; }
    public string? Height { get; set; }
    public string HeightUnit { get; set; } = "cm";
    public string? Weight { get; set; }
    public string WeightUnit { get; set; } = "kg";
    public string Diagnosis { get; set; } = "none";
    public string? Wbc { get; set; }
    public string WbcUnit { get; set; } = "x10^9/L";
    public string? Hematocrit { get; set; }
    public string? Platelets { get; set; }
    public string PlateletsUnit { get; set; } = "x10^9/L";
    public string? Hemoglobin { get; set; }
    public string HemoglobinUnit { get; set; } = "g/dL";
    public string? Cd34 { get; set; }
    public string? Cd3 { get; set; }
    public string? IonizedCalcium { get; set; }
    public string IonizedCalciumUnit { get; set; } = "mmol/L";
    public string? Blasts { get; set; }
    public string? Neutrophils { get; set; }
    public string? Lymphocytes { get; set; }
    public string? Monocytes { get; set; }
    public string Access { get; set; } = "central-venous-catheter";
    public string Kind { get; set; } = "leukocyte-depletion";
    public string Goal { get; set; } = "targetPostWbc";
    public string? GoalValue { get; set; }
    public string GoalUnit { get; set; } = "x10^9/L";
    public string MaxDays { get; set; } = "4";

    /// <summary>Share of patients like this one who should reach the goal, in per cent (empty: plan for the typical patient).</summary>
    public string? Probability { get; set; }
    public string MaxHours { get; set; } = "5";
    public bool BleedingRisk { get; set; }

    /// <summary>Between the days: the share of malignant cells a drug given alongside removes a day, in per cent (empty: none).</summary>
    public string? DailyFall { get; set; }

    /// <summary>Between the days: the first day whose collection follows an evening dose of plerixafor (empty: none).</summary>
    public string? PlerixaforFromDay { get; set; }

    /// <summary>Between the days: the blood CD34+ count after a dose of plerixafor over the count before it.</summary>
    public string? PlerixaforFold { get; set; }

    /// <summary>Units offered for each goal (the first is the default).</summary>
    public static IReadOnlyDictionary<string, (string Label, string[] Units)> Goals { get; } = new Dictionary<string, (string, string[])>
    {
        ["targetPostWbc"] = ("white count after", ["x10^9/L", "/uL"]),
        ["targetCd34Dose"] = ("CD34+ dose", ["x10^6/kg"]),
        ["targetCd3Yield"] = ("CD3+ yield", ["x10^9"]),
        ["bloodVolumes"] = ("blood volumes processed", ["TBV"]),
        ["processedVolume"] = ("volume processed", ["L", "mL"]),
        ["duration"] = ("duration", ["min", "h"]),
    };

    /// <summary>The scenario file this form describes.</summary>
    public string ToScenarioJson()
    {
        var labs = new JsonObject();
        Add(labs, "wbc", Wbc, WbcUnit);
        Add(labs, "hematocrit", Hematocrit, "%");
        Add(labs, "platelets", Platelets, PlateletsUnit);
        Add(labs, "hemoglobin", Hemoglobin, HemoglobinUnit);
        Add(labs, "cd34", Cd34, "/uL");
        Add(labs, "cd3", Cd3, "/uL");
        Add(labs, "ionizedCalcium", IonizedCalcium, IonizedCalciumUnit);
        var differential = new JsonObject();
        Add(differential, "blasts", Blasts, "%");
        Add(differential, "neutrophils", Neutrophils, "%");
        Add(differential, "lymphocytes", Lymphocytes, "%");
        Add(differential, "monocytes", Monocytes, "%");
        if (differential.Count > 0)
        {
            labs["differential"] = differential;
        }

        var patient = new JsonObject { ["sex"] = Sex };
        if (!string.IsNullOrWhiteSpace(Age))
        {
            patient["ageYears"] = Number(Age);
        }

        Add(patient, "height", Height, HeightUnit);
        Add(patient, "weight", Weight, WeightUnit);
        if (Diagnosis != "none")
        {
            patient["diagnosis"] = Diagnosis;
        }

        patient["labs"] = labs;
        var stop = new JsonObject();
        if (!string.IsNullOrWhiteSpace(GoalValue))
        {
            stop[Goal] = Goal == "bloodVolumes" ? Number(GoalValue) : JsonValue.Create($"{GoalValue.Trim()} {GoalUnit}");
        }

        var root = new JsonObject
        {
            ["name"] = string.IsNullOrWhiteSpace(Name) ? "Planned procedure" : Name,
            ["patient"] = patient,
            ["procedure"] = new JsonObject { ["kind"] = Kind, ["access"] = Access, ["stop"] = stop },
        };

        // What happens between the days is the scenario's course; its days are the plan's most
        // days (the reader checks them: a plerixafor day past them is named).
        var course = new JsonObject();
        if (!string.IsNullOrWhiteSpace(DailyFall))
        {
            course["cytoreduction"] = new JsonObject { ["dailyFall"] = $"{DailyFall.Trim().TrimEnd('%').TrimEnd()} %" };
        }

        if (!string.IsNullOrWhiteSpace(PlerixaforFromDay) || !string.IsNullOrWhiteSpace(PlerixaforFold))
        {
            course["mobilization"] = new JsonObject { ["plerixafor"] = new JsonObject { ["fromDay"] = Number(PlerixaforFromDay), ["cd34Fold"] = Number(PlerixaforFold) } };
        }

        if (course.Count > 0)
        {
            course.Insert(0, "days", string.IsNullOrWhiteSpace(MaxDays) ? JsonValue.Create(new PlanOptions().MaxDays) : Number(MaxDays));
            root["course"] = course;
        }

        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Whether any "between the days" field is filled (the scenario then holds a course).</summary>
    public bool HasBetween => !string.IsNullOrWhiteSpace(DailyFall) || !string.IsNullOrWhiteSpace(PlerixaforFromDay) || !string.IsNullOrWhiteSpace(PlerixaforFold);

    // A number as the reader takes it; text that is not a finite number (NaN and Infinity parse
    // as doubles but cannot be written) goes through as text, so the reader names the field and
    // what it got; an empty field is null.
    private static JsonNode? Number(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) ? JsonValue.Create(x)
        : JsonValue.Create(value.Trim());

    private static void Add(JsonObject target, string field, string? value, string unit)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            target[field] = $"{value.Trim()} {unit}";
        }
    }
}
