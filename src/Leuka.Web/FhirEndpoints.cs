using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Leuka.Fhir;
using Leuka.Records;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Leuka.Web;

/// <summary>
/// <c>/fhir</c>: the record store as a read-only FHIR R4 server (read, search, metadata), in
/// <c>application/fhir+json</c>; failures are OperationOutcomes (docs/fhir.md).
/// </summary>
internal static class FhirEndpoints
{
    private const string FhirJson = "application/fhir+json";
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static void Map(WebApplication app, StoreLocation? location)
    {
        var fhir = app.MapGroup("/fhir").WithTags("fhir");
        fhir.MapGet("/metadata", (HttpRequest request) => Answer(new FhirAnswer(200, FhirServer.Capabilities(BaseUrl(request)))))
            .WithSummary("The CapabilityStatement: what this FHIR server reads and searches");
        fhir.MapGet("/{type}", (HttpRequest request, string type) => Use(location, store =>
            FhirServer.Search(store, type, [.. request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))], BaseUrl(request))))
            .WithSummary("Search a resource type (a searchset Bundle)")
            .WithDescription("Parameters: _id, _count (1–1000, default 100), _offset, and per type patient, subject, identifier, code (see /fhir/metadata). An unknown parameter is a 400 OperationOutcome.");
        fhir.MapGet("/{type}/{id}", (string type, string id) => Use(location, store => FhirServer.Read(store, type, id)))
            .WithSummary("Read one resource");

        // The export as 'leuka fhir export' writes it, for the patient page's links (bad input is a 400 keyed by the field, as for the other record routes).
        app.MapGet("/api/records/patients/{patient}/fhir", (string patient, string? procedure, string? type) => RecordEndpoints.Use(location, store =>
        {
            var kind = type switch
            {
                null or "collection" => Bundle.BundleType.Collection,
                "transaction" => Bundle.BundleType.Transaction,
                _ => throw new RecordInputException("type", $"\"{type}\" is not a bundle type Leuka writes: collection or transaction"),
            };
            var timeline = PatientRecords.Timeline(store, patient);
            var bundle = FhirExport.Bundle(timeline, procedure is null ? null : FhirExport.FindProcedure(timeline, procedure, "procedure"), kind);
            return Results.Text(FhirExport.Json(bundle), FhirJson, Encoding.UTF8);
        }))
            .WithTags("records", "fhir")
            .WithSummary("A patient's record, or one procedure, as a FHIR R4 bundle")
            .WithDescription("Query: procedure (its number or record id; default the whole record), type (collection or transaction). As 'leuka fhir export' (docs/fhir.md).");
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/fhir";

    private static IResult Answer(FhirAnswer answer) =>
        Results.Text(JsonSerializer.Serialize(answer.Resource, Options), FhirJson, Encoding.UTF8, answer.Status);

    private static IResult Use(StoreLocation? location, Func<RecordStore, FhirAnswer> action)
    {
        if (location is null)
        {
            return Answer(FhirServer.Problem(503, "transient", "no record store: start the server with --db (or LEUKA_DB) naming a store made with 'leuka db migrate'"));
        }

        try
        {
            return Answer(action(RecordStore.Open(location)));
        }
        catch (StoreException e)
        {
            return Answer(FhirServer.Problem(503, "transient", e.Message));
        }
    }
}
