using System.Text.Json.Nodes;

namespace Leuka.Records.Tests;

/// <summary>Record files as a unit would write them.</summary>
public static class Documents
{
    public static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);

    public static string NewPatient(string identifier = "MRN-0042") => $$"""
        {
          "patient": { "identifier": "{{identifier}}", "sex": "female", "birthDate": "1972-03-14", "height": "165 cm", "weight": "70 kg", "diagnosis": "aml" },
          "course": { "indication": "AML with hyperleukocytosis", "goal": "WBC below 100 x10^9/L", "mobilisation": "hydroxyurea 50 mg/kg/day", "startDate": "2026-11-02" },
          "labs": [ { "takenAt": "2026-11-02T06:40:00Z", "wbc": "250 x10^9/L", "hematocrit": "28 %", "platelets": "60 x10^9/L", "ionizedCalcium": "1.20 mmol/L" } ]
        }
        """;

    /// <summary>A procedure for an existing patient, with its product, an adverse event and the next morning's count.</summary>
    public static string Procedure(string identifier = "MRN-0042", string startedAt = "2026-11-02T08:00:00Z", string wbcNextMorning = "170 x10^9/L")
    {
        var scenario = JsonNode.Parse(File.ReadAllText(RepositoryFiles.Example("adult-aml-hyperleukocytosis.json")))!.ToJsonString();
        return $$"""
            {
              "patientIdentifier": "{{identifier}}",
              "procedures": [ {
                "startedAt": "{{startedAt}}",
                "scenario": {{scenario}},
                "processedVolume": "9.6 L", "duration": "168 min", "acVolume": "820 mL", "calciumGiven": "5.4 mmol", "heparinGiven": "3000 IU", "interruptions": 1,
                "disposableLot": "DS-2231", "anticoagulantLot": "ACD-9932", "operator": "RN A. Okafor",
                "runLog": [ { "at": "60 min", "alarm": "access-pressure-low", "response": "inlet lowered to 45 mL/min" } ],
                "product": { "volume": "410 mL", "hematocrit": "3.1 %", "wbc": "640 x10^9", "platelets": "15 x10^9", "isbt128": "S1234" },
                "adverseEvents": [ { "occurredAt": "2026-11-02T09:30:00Z", "type": "citrate-reaction", "waaSeverity": 2, "ctcaeGrade": 1, "intervention": "calcium gluconate 10 mL", "outcome": "resolved", "interrupted": false } ]
              } ],
              "labs": [ { "takenAt": "2026-11-03T06:30:00Z", "wbc": "{{wbcNextMorning}}" } ]
            }
            """;
    }
}

/// <summary>A clock the tests set.</summary>
public sealed class FixedClock(DateTime utc) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => new(utc);
}
