using System.Text.Json.Nodes;
using Leuka.Formats;
using Leuka.Procedure;

namespace Leuka.Records;

/// <summary>
/// "Record this run": a scenario simulated and kept as a procedure of origin <c>simulated</c>, with
/// its product and its alarms as the run log. Its predicted counts are not lab results and are not
/// stored as such; calibration uses only procedures as entered (what happened).
/// </summary>
public static class RecordedRun
{
    /// <summary>Simulates <paramref name="scenarioJson"/> and records it for <paramref name="patient"/>, started at <paramref name="startedAt"/> (UTC; now when null).</summary>
    public static (ProcedureRow Procedure, ProductRow Product, ProcedureResult Result) Record(RecordStore store, string patient, string scenarioJson, DateTime? startedAt, string actor)
    {
        ArgumentNullException.ThrowIfNull(store);
        var loaded = ScenarioLoader.Load(scenarioJson);
        if (!loaded.IsValid)
        {
            var first = loaded.Errors[0];
            throw new RecordInputException("scenario." + first.Path, first.Message);
        }

        if (loaded.Scenario!.Course is not null)
        {
            throw new RecordInputException("scenario.course", "a recorded run is one procedure; record each day of a course as its own run");
        }

        var timeline = PatientRecords.Timeline(store, patient);
        var result = new ProcedureEngine(loaded.Scenario, inputWarnings: loaded.Warnings).RunToEnd();
        var log = new JsonArray([.. result.Alarms.Select(a => (JsonNode)new JsonObject
        {
            ["at"] = a.AtMinutes.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " min", ["alarm"] = a.Code, ["severity"] = a.Severity.ToString().ToLowerInvariant(), ["message"] = a.Message, ["response"] = a.Response.ToString(),
        })]);
        return store.Write(actor, w =>
        {
            if (w.Find<PatientRow>(timeline.Patient.RecordId) is null)
            {
                throw new RecordInputException("--patient", $"\"{patient}\" was voided meanwhile");
            }

            var given = (startedAt ?? w.Now).ToUniversalTime();
            var at = new DateTime(given.Ticks - (given.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
            if (at > w.Now.AddMinutes(1))
            {
                throw new RecordInputException("--at", $"{at:yyyy-MM-ddTHH:mm}Z is in the future");
            }

            var procedure = w.Create(new ProcedureRow
            {
                PatientId = timeline.Patient.RecordId,
                CourseId = timeline.Courses.Count > 0 ? timeline.Courses[^1].RecordId : null,
                StartedAt = at,
                Origin = "simulated",
                Scenario = scenarioJson,
                ProcessedVolumeL = result.ProcessedVolumeL,
                DurationMin = result.DurationMin,
                AcVolumeMl = result.Citrate.AcVolumeMl,
                CalciumGivenMmol = result.IonizedCalcium.GivenMmol,
                HeparinGivenIu = result.Heparin?.ToPatientUnits,
                Interruptions = 0,
                RunLog = log.ToJsonString(),
            });
            var p = result.Product;
            var product = w.Create(new ProductRow
            {
                PatientId = timeline.Patient.RecordId,
                ProcedureId = procedure.RecordId,
                VolumeMl = p.VolumeMl,
                HematocritPercent = p.HematocritPercent,
                WbcE9 = p.WbcE9,
                Cd34E6 = p.Cd34E6,
                Cd3E9 = p.Cd3E9,
                PlateletsE9 = p.PlateletsE9,
            });
            return (procedure, product, result);
        });
    }
}
