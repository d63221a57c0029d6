using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leuka.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Leuka.Web;

/// <summary>
/// The record store over HTTP: the operations of <c>leuka records</c> and <c>leuka db verify</c>
/// (docs/records.md). Writes name who makes them in the <c>Leuka-Actor</c> header; a bad record
/// file is a 400 problem keyed by the field, and changes nothing.
/// </summary>
internal static class RecordEndpoints
{
    /// <summary>The header that names who makes a change.</summary>
    public const string ActorHeader = "Leuka-Actor";

    private const string Json = "application/json";

    public static void Map(WebApplication app, StoreLocation? location)
    {
        var api = app.MapGroup("/api/records").WithTags("records");
        api.MapGet("/patients", () => Use(location, store => Results.Text(PatientList(store), Json, Encoding.UTF8)))
            .WithSummary("List current patients");
        api.MapGet("/patients/{patient}", (string patient) => Use(location, store => Results.Text(PatientRecords.Export(PatientRecords.Timeline(store, patient)), Json, Encoding.UTF8)))
            .WithSummary("A patient's current records, as a record file");
        api.MapPost("/", async (HttpRequest request) =>
        {
            var (text, problem) = await ApiEndpoints.ReadText(request, "the record file (docs/records.md)");
            return problem ?? Use(location, store =>
            {
                var added = store.Write(Actor(request), w => RecordDocument.Parse(text, w.Now).Apply(w));
                var body = new JsonObject
                {
                    ["patientId"] = added.PatientId.ToString(), ["identifier"] = added.Identifier, ["newPatient"] = added.NewPatient,
                    ["labs"] = added.Labs, ["procedures"] = new JsonArray([.. added.Procedures.Select(p => (JsonNode)p.ToString())]),
                    ["products"] = added.Products, ["adverseEvents"] = added.AdverseEvents,
                };
                return Results.Text(body.ToJsonString(), Json, Encoding.UTF8, StatusCodes.Status201Created);
            });
        })
            .WithSummary("Add the records in a record file (all or nothing)")
            .WithDescription($"Body: a record file (docs/records.md). Header {ActorHeader}: who makes the change (required).")
            .ProducesValidationProblem();
        api.MapPost("/patients/{patient}/calibrate", (HttpRequest request, string patient, int? draws, int? seed) => Use(location, store =>
        {
            if (draws is < 20 or > 5000)
            {
                throw new RecordInputException("draws", $"{draws} is out of range; give 20 to 5000");
            }

            var outcome = PatientRecords.Calibrate(store, patient, Actor(request), draws ?? 300, seed ?? 1);
            return Results.Text(outcome.Stored.Posterior, Json, Encoding.UTF8);
        }))
            .WithSummary("Calibrate the model to a patient and predict the next session")
            .WithDescription($"Query: draws (20–5000, default 300), seed (default 1). Header {ActorHeader} (required). Returns the stored posterior.")
            .RequireRateLimiting(LeukaServer.RunsPolicy);
        api.MapPost("/{kind}/{id}/void", (HttpRequest request, string kind, string id, string? reason) => Use(location, store =>
        {
            if (!Guid.TryParse(id, out var recordId))
            {
                throw new RecordInputException("id", $"\"{id}\" is not a record id (a GUID)");
            }

            var why = string.IsNullOrWhiteSpace(reason) ? throw new RecordInputException("reason", "required: why the record is removed") : reason;
            var who = Actor(request);
            var version = store.Write(who, w => w.Void(kind, recordId, why)).Version;
            return Results.Text(new JsonObject { ["id"] = recordId.ToString(), ["version"] = version, ["voided"] = true }.ToJsonString(), Json, Encoding.UTF8);
        }))
            .WithSummary("Remove a record: a new version marked void with its reason")
            .WithDescription($"Query: reason (required). Header {ActorHeader} (required). Every earlier version stays.");
        api.MapPost("/{kind}/{id}/correct", async (HttpRequest request, string kind, string id, string? reason) =>
        {
            var (text, problem) = await ApiEndpoints.ReadText(request, "the corrected entry (as in a record file)");
            return problem ?? Use(location, store =>
            {
                var recordId = Guid.TryParse(id, out var g) ? g : throw new RecordInputException("id", $"\"{id}\" is not a record id (a GUID)");
                var why = string.IsNullOrWhiteSpace(reason) ? throw new RecordInputException("reason", "required: why the record is corrected") : reason;
                var row = store.Write(Actor(request), w => RecordCorrection.Apply(w, kind, recordId, text, why));
                return Results.Text(new JsonObject { ["id"] = recordId.ToString(), ["version"] = row.Version }.ToJsonString(), Json, Encoding.UTF8);
            });
        })
            .WithSummary("Correct a record: its next version, checked as a record file is")
            .WithDescription($"Kinds: patient, course, lab, adverse-event. Body: the corrected entry as written in a record file. Query: reason (required). Header {ActorHeader} (required).")
            .ProducesValidationProblem();
        app.MapGet("/api/db/verify", () => Use(location, store =>
        {
            var r = store.Verify();
            var body = new JsonObject { ["ok"] = r.Ok, ["auditEntries"] = r.AuditEntries, ["rows"] = r.Rows, ["integrity"] = r.Integrity, ["head"] = r.Head, ["problems"] = new JsonArray([.. r.Problems.Select(p => (JsonNode)p)]) };
            return Results.Text(body.ToJsonString(), Json, Encoding.UTF8);
        })).WithTags("records").WithSummary("Verify the audit chain and every record");
    }

    /// <summary>Current patients as JSON.</summary>
    public static string PatientList(RecordStore store) => JsonSerializer.Serialize(store.Read(db => RecordWriter.Current(db.Patients).OrderBy(p => p.Identifier)
        .Select(p => new { identifier = p.Identifier, id = p.RecordId, sex = p.Sex, birthDate = p.BirthDate, diagnosis = p.Diagnosis }).ToList()));

    private static string Actor(HttpRequest request) =>
        request.Headers[ActorHeader].ToString() is { Length: > 0 } actor ? actor : throw new RecordInputException(ActorHeader, "header missing: every change names who made it (e.g. \"Leuka-Actor: RN A. Okafor\")");

    // A store that is missing or unreachable is 503 with what to do; bad input is 400 keyed by the field.
    internal static IResult Use(StoreLocation? location, Func<RecordStore, IResult> action)
    {
        if (location is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "no record store", detail: "start the server with --db (or LEUKA_DB) naming a store made with 'leuka db migrate'");
        }

        try
        {
            return action(RecordStore.Open(location));
        }
        catch (RecordInputException e)
        {
            return ApiEndpoints.Invalid(new() { [e.Field] = [e.Message[(e.Field.Length + 2)..]] });
        }
        catch (StoreException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "record store unavailable", detail: e.Message);
        }
    }

    /// <summary>Formats a number for the pages.</summary>
    public static string F(double v, string format = "0.#") => v.ToString(format, CultureInfo.InvariantCulture);
}

/// <summary>The record store the pages use (null when the server was started without one).</summary>
/// <param name="Location">Where the store is.</param>
public sealed record RecordsSite(StoreLocation? Location);
