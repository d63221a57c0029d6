using System.Globalization;
using Leuka.Records;

// args: STORE START — writes lab results numbered from START (each its own transaction, whose
// value encodes the number), and after each commit prints "ack N" and flushes.
var store = RecordStore.Open(StoreLocation.Parse(args[0]));
var n = int.Parse(args[1], CultureInfo.InvariantCulture);
var stdout = Console.Out;
while (true)
{
    var json = $$"""{ "patientIdentifier": "CRASH-1", "labs": [ { "takenAt": "2026-11-02T06:00:00Z", "wbc": "{{n}} /uL", "platelets": "{{n}} /uL" } ] }""";
    store.Write("crash-writer", w => RecordDocument.Parse(json, w.Now).Apply(w));
    stdout.WriteLine("ack " + n.ToString(CultureInfo.InvariantCulture));
    stdout.Flush();
    n++;
}
